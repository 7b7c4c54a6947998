package org.neurite.tensor;

import org.neurite.kernel.Elementwise;

/** Reductions over all or chosen dimensions: sum, mean, max, min, argmax, var, with keepDim. */
final class Reductions {
    private Reductions() {}

    /** Which dimensions a reduction removes; null or empty means all. */
    private static boolean[] reduced(String op, Tensor x, int[] dims) {
        boolean[] red = new boolean[x.dim()];
        if (dims == null || dims.length == 0) {
            java.util.Arrays.fill(red, true);
            return red;
        }
        for (int d : dims) {
            int k = Shape.dim(op, d, x.dim());
            if (red[k]) throw new IllegalArgumentException(op + ": dimension " + d + " given twice");
            red[k] = true;
        }
        return red;
    }

    private static int[] keepShape(Tensor x, boolean[] red) {
        int[] s = x.shape.clone();
        for (int i = 0; i < s.length; i++) if (red[i]) s[i] = 1;
        return s;
    }

    private static int[] dropShape(Tensor x, boolean[] red) {
        int n = 0;
        for (boolean r : red) if (!r) n++;
        int[] s = new int[n];
        for (int i = 0, k = 0; i < red.length; i++) if (!red[i]) s[k++] = x.shape[i];
        return s;
    }

    /** Sum; backward broadcasts the gradient back over the reduced dimensions. */
    static Tensor sum(Tensor x, int[] dims, boolean keepDim) {
        boolean[] red = reduced("sum", x, dims);
        int[] keep = keepShape(x, red);
        float[] v = x.data;
        int[] cur = x.shape.clone();
        if (allReduced(red)) {
            v = new float[]{sumAll(x.data)};
        } else {
            // Adjacent reduced dimensions are contiguous in memory: sum them as one (a conv bias gradient,
            // sum(0, 2, 3) of [n, c, h, w], sums rows of h*w, not h rows of w and then w sums of h).
            int[] shape = new int[cur.length];
            boolean[] merged = new boolean[cur.length];
            int rank = 0;
            for (int d = 0; d < cur.length; d++) {
                if (red[d] && rank > 0 && merged[rank - 1]) shape[rank - 1] *= cur[d];
                else {
                    shape[rank] = cur[d];
                    merged[rank++] = red[d];
                }
            }
            shape = java.util.Arrays.copyOf(shape, rank);
            for (int d = rank - 1; d >= 0; d--) {
                if (!merged[d] || shape[d] == 1) continue;
                v = sumDim(v, shape, d);
                shape[d] = 1;
            }
            if (v == x.data) v = v.clone();
        }
        Tensor out = new Tensor(v, keepDim ? keep : dropShape(x, red));
        if (!Autograd.recording(x)) return out;
        return out.record("sum", g -> new Tensor[]{g.reshape(keep).expand(x.shape)}, x);
    }

    /** The sum of all values: vector lanes per chunk, chunks in parallel above the threshold, added in order. */
    static float sumAll(float[] a) {
        int n = a.length;
        if (n < Broadcast.PARALLEL_THRESHOLD) return Elementwise.sum(a, 0, n);
        int chunks = org.neurite.kernel.Parallel.threads();
        double[] partial = new double[chunks];
        org.neurite.kernel.Parallel.forRange(chunks, 1, (from, to) -> {
            for (int c = from; c < to; c++) {
                int lo = (int) ((long) n * c / chunks), hi = (int) ((long) n * (c + 1) / chunks);
                partial[c] = Elementwise.sum(a, lo, hi - lo);
            }
        });
        double s = 0;
        for (double p : partial) s += p;
        return (float) s;
    }

    private static boolean allReduced(boolean[] red) {
        for (boolean r : red) if (!r) return false;
        return true;
    }

    /** Sums src (shape) over dimension d: [outer, n, inner] to [outer, inner]. */
    private static float[] sumDim(float[] src, int[] shape, int d) {
        int n = shape[d], inner = 1, outer = 1;
        for (int i = d + 1; i < shape.length; i++) inner *= shape[i];
        for (int i = 0; i < d; i++) outer *= shape[i];
        float[] o = new float[outer * inner];
        if (inner == 1) { // one sum per row; rows in parallel when there is enough work (each row's order is fixed)
            int grain = (long) outer * n < Broadcast.PARALLEL_THRESHOLD ? outer
                    : Math.max(1, Broadcast.PARALLEL_THRESHOLD / (2 * n));
            org.neurite.kernel.Parallel.forRange(outer, grain, (from, to) -> {
                for (int i = from; i < to; i++) o[i] = Elementwise.sum(src, i * n, n);
            });
        } else { // row by row into the output row: a plain loop (C2 vectorises it), the same sums as axpy with alpha 1
            // (axpy here, inlined with its vector and tail loops, trapped out of the compiled code on a profile-based
            // loop predicate at the start of W1's measured epochs, in every run: -Xlog:deoptimization)
            for (int i = 0; i < outer; i++) {
                int oo = i * inner;
                for (int k = 0; k < n; k++) {
                    int so = (i * n + k) * inner;
                    for (int j = 0; j < inner; j++) o[oo + j] += src[so + j];
                }
            }
        }
        return o;
    }

    static Tensor mean(Tensor x, int[] dims, boolean keepDim) {
        boolean[] red = reduced("mean", x, dims);
        long count = 1;
        for (int i = 0; i < red.length; i++) if (red[i]) count *= x.shape[i];
        if (count == 0) throw new IllegalArgumentException("mean: reducing over zero elements (shape " + Shape.str(x.shape) + ")");
        return sum(x, dims, keepDim).div((float) count);
    }

    /** Variance: mean of squared deviations, divided by n - 1 when unbiased (Bessel's correction), as torch.var. */
    static Tensor var(Tensor x, int[] dims, boolean unbiased, boolean keepDim) {
        boolean[] red = reduced("var", x, dims);
        long count = 1;
        for (int i = 0; i < red.length; i++) if (red[i]) count *= x.shape[i];
        if (count - (unbiased ? 1 : 0) <= 0)
            throw new IllegalArgumentException("var: " + count + " element(s) per group is too few (shape "
                    + Shape.str(x.shape) + ", unbiased=" + unbiased + ")");
        Tensor diff = x.sub(x.mean(dims, true));
        return diff.mul(diff).sum(dims, keepDim).div((float) (count - (unbiased ? 1 : 0)));
    }

    /** Index (within the reduced group) of the first max or min of each group along dim; groups are [outer, n, inner]. */
    private static int[] argGroups(Tensor x, int d, boolean max) {
        int n = x.shape[d], inner = 1, outer = 1;
        for (int i = d + 1; i < x.dim(); i++) inner *= x.shape[i];
        for (int i = 0; i < d; i++) outer *= x.shape[i];
        if (n == 0) throw new IllegalArgumentException((max ? "max" : "min") + ": dimension " + d + " of shape "
                + Shape.str(x.shape) + " is empty");
        int[] arg = new int[outer * inner];
        for (int o = 0; o < outer; o++)
            for (int j = 0; j < inner; j++) arg[o * inner + j] = firstExtreme(x.data, o * n * inner + j, n, inner, max);
        return arg;
    }

    /**
     * Index k < n of the first max (or min) of v[base + k * stride]; a NaN counts as the extreme, as in PyTorch. Its
     * own small method, called once per group: it is compiled after a few hundred groups and quickly, where the loop
     * nest around it compiled late and slowly, so the first inference passes (argmax of [1000, 10] logits) ran beside
     * a compiler thread taking one of the two cores.
     */
    private static int firstExtreme(float[] v, int base, int n, int stride, boolean max) {
        int best = 0;
        float bv = v[base];
        for (int k = 1; k < n && !Float.isNaN(bv); k++) {
            float c = v[base + k * stride];
            if (max ? c > bv || Float.isNaN(c) : c < bv || Float.isNaN(c)) {
                bv = c;
                best = k;
            }
        }
        return best;
    }

    /** max or min over one dimension (or all, when dim is null); gradient to the first extreme element. */
    static Tensor extreme(Tensor x, Integer dim, boolean keepDim, boolean max) {
        String op = max ? "max" : "min";
        Tensor src = dim == null ? x.reshape(x.numel()) : x;
        int d = dim == null ? 0 : Shape.dim(op, dim, x.dim());
        if (src.dim() == 0) src = x.reshape(1);
        int[] arg = argGroups(src, d, max);
        int n = src.shape[d], inner = 1;
        for (int i = d + 1; i < src.dim(); i++) inner *= src.shape[i];
        float[] o = new float[arg.length];
        float[] mask = new float[src.numel()];
        for (int g = 0; g < arg.length; g++) {
            int at = (g / inner) * n * inner + g % inner + arg[g] * inner;
            o[g] = src.data[at];
            mask[at] = 1f;
        }
        int[] keep, shape;
        if (dim == null) {
            keep = new int[x.dim()];
            java.util.Arrays.fill(keep, 1);
            shape = keepDim ? keep : new int[0];
        } else {
            keep = x.shape.clone();
            keep[d] = 1;
            boolean[] red = new boolean[x.dim()];
            red[d] = true;
            shape = keepDim ? keep : dropShape(x, red);
        }
        Tensor out = new Tensor(o, shape);
        if (!Autograd.recording(x)) return out;
        Tensor m = new Tensor(mask, x.shape);
        return out.record(op, g -> new Tensor[]{g.reshape(keep).expand(x.shape).mul(m)}, x);
    }

    static Tensor argExtreme(Tensor x, int dim, boolean keepDim, boolean max) {
        int d = Shape.dim(max ? "argmax" : "argmin", dim, x.dim());
        if (x.dim() == 0) return Tensor.scalar(0);
        int[] arg = argGroups(x, d, max);
        float[] o = new float[arg.length];
        for (int i = 0; i < arg.length; i++) o[i] = arg[i];
        int[] keep = x.shape.clone();
        keep[d] = 1;
        boolean[] red = new boolean[x.dim()];
        red[d] = true;
        return new Tensor(o, keepDim ? keep : dropShape(x, red));
    }

    static int argmaxAll(Tensor x) {
        if (x.numel() == 0) throw new IllegalArgumentException("argmax: empty tensor");
        return argGroups(x.reshape(x.numel()), 0, true)[0];
    }
}
