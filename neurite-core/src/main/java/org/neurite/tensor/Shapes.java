package org.neurite.tensor;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurite.kernel.Elementwise;

/** Ops that move values without arithmetic: reshape, permute, slice, concat, broadcast. Each backward moves them back. */
final class Shapes {
    private Shapes() {}

    /** Same storage, new shape; one dimension may be -1. Backward reshapes the gradient back. */
    static Tensor reshape(Tensor x, int[] newShape) {
        int[] shape = newShape.clone();
        int infer = -1, known = 1;
        for (int i = 0; i < shape.length; i++) {
            if (shape[i] == -1) {
                if (infer >= 0) throw new IllegalArgumentException("reshape: " + Shape.str(x.shape) + " to "
                        + Arrays.toString(newShape) + ": only one dimension can be -1");
                infer = i;
            } else if (shape[i] < 0) {
                throw new IllegalArgumentException("reshape: " + Shape.str(x.shape) + " to " + Arrays.toString(newShape)
                        + ": negative dimension");
            } else known *= shape[i];
        }
        if (infer >= 0) {
            if (known == 0 || x.numel() % known != 0)
                throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(x.shape) + " (" + x.numel()
                        + " elements) to " + Arrays.toString(newShape));
            shape[infer] = x.numel() / known;
        }
        if (Shape.numel(shape) != x.numel())
            throw new IllegalArgumentException("reshape: cannot reshape " + Shape.str(x.shape) + " (" + x.numel()
                    + " elements) to " + Arrays.toString(newShape) + " (" + Shape.numel(shape) + " elements)");
        Tensor out = new Tensor(x.data, shape);
        return Autograd.recording(x) ? out.record("reshape", g -> new Tensor[]{g.reshape(x.shape)}, x) : out;
    }

    static Tensor flatten(Tensor x, int startDim, int endDim) {
        int r = x.dim();
        if (r == 0) return x.reshape(1);
        int s = Shape.dim("flatten", startDim, r), e = Shape.dim("flatten", endDim, r);
        if (s > e) throw new IllegalArgumentException("flatten: start dimension " + startDim + " is after end " + endDim);
        int[] shape = new int[r - (e - s)];
        int k = 0, merged = 1;
        for (int i = 0; i < r; i++) {
            if (i < s || i > e) shape[k++] = x.shape[i];
            else {
                merged *= x.shape[i];
                if (i == e) shape[k++] = merged;
            }
        }
        return x.reshape(shape);
    }

    static Tensor squeeze(Tensor x, Integer dim) {
        List<Integer> keep = new ArrayList<>();
        int d = dim == null ? -1 : Shape.dim("squeeze", dim, x.dim());
        for (int i = 0; i < x.dim(); i++) if (!(x.shape[i] == 1 && (dim == null || i == d))) keep.add(x.shape[i]);
        return x.reshape(keep.stream().mapToInt(Integer::intValue).toArray());
    }

    static Tensor unsqueeze(Tensor x, int dim) {
        int r = x.dim();
        int d = dim < 0 ? dim + r + 1 : dim;
        if (d < 0 || d > r)
            throw new IllegalArgumentException("unsqueeze: dimension " + dim + " out of range for shape " + Shape.str(x.shape));
        int[] shape = new int[r + 1];
        for (int i = 0, k = 0; i <= r; i++) shape[i] = i == d ? 1 : x.shape[k++];
        return x.reshape(shape);
    }

    static Tensor transpose(Tensor x, int dim0, int dim1) {
        int r = x.dim();
        int a = Shape.dim("transpose", dim0, r), b = Shape.dim("transpose", dim1, r);
        int[] order = new int[r];
        for (int i = 0; i < r; i++) order[i] = i;
        order[a] = b;
        order[b] = a;
        return permute(x, order);
    }

    /** out.shape[i] = x.shape[order[i]]. Backward applies the inverse permutation. */
    static Tensor permute(Tensor x, int[] order) {
        int r = x.dim();
        if (order.length != r)
            throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " has " + order.length
                    + " entries for a tensor of shape " + Shape.str(x.shape));
        int[] inverse = new int[r];
        boolean[] used = new boolean[r];
        boolean identity = true;
        for (int i = 0; i < r; i++) {
            int d = order[i] < 0 ? order[i] + r : order[i];
            if (d < 0 || d >= r || used[d])
                throw new IllegalArgumentException("permute: order " + Arrays.toString(order) + " is not a permutation of "
                        + r + " dimensions");
            used[d] = true;
            inverse[d] = i;
            identity &= d == i;
        }
        if (identity) return x;
        int[] shape = new int[r], inStrides = Shape.strides(x.shape), stride = new int[r];
        for (int i = 0; i < r; i++) {
            int d = order[i] < 0 ? order[i] + r : order[i];
            shape[i] = x.shape[d];
            stride[i] = inStrides[d];
        }
        float[] o = new float[x.numel()];
        if (o.length > 0) copyStrided(x.data, shape, stride, o);
        Tensor out = new Tensor(o, shape);
        return Autograd.recording(x) ? out.record("permute", g -> new Tensor[]{g.permute(inverse)}, x) : out;
    }

    /** o (row-major over shape) = src read with the given strides. The last dimension is the innermost loop. */
    private static void copyStrided(float[] src, int[] shape, int[] stride, float[] o) {
        int r = shape.length, inner = shape[r - 1], is = stride[r - 1];
        int[] idx = new int[r];
        int off = 0;
        for (int k = 0; k < o.length; k += inner) {
            for (int j = 0, p = off; j < inner; j++, p += is) o[k + j] = src[p];
            for (int d = r - 2; d >= 0; d--) {
                idx[d]++;
                off += stride[d];
                if (idx[d] < shape[d]) break;
                off -= stride[d] * shape[d];
                idx[d] = 0;
            }
        }
    }

    /** Elements [start, end) along dim. Backward pads the gradient with zeros back to the input's shape. */
    static Tensor slice(Tensor x, int dim, int start, int end) {
        int d = Shape.dim("slice", dim, x.dim()), n = x.shape[d];
        if (start < 0 || end > n || start > end)
            throw new IllegalArgumentException("slice: range [" + start + ", " + end + ") out of bounds for dimension "
                    + dim + " of size " + n + " (shape " + Shape.str(x.shape) + ")");
        int[] shape = x.shape.clone();
        shape[d] = end - start;
        int inner = 1, outer = 1;
        for (int i = d + 1; i < x.dim(); i++) inner *= x.shape[i];
        for (int i = 0; i < d; i++) outer *= x.shape[i];
        float[] o = new float[Shape.numel(shape)];
        int len = (end - start) * inner;
        for (int i = 0; i < outer; i++) System.arraycopy(x.data, (i * n + start) * inner, o, i * len, len);
        Tensor out = new Tensor(o, shape);
        return Autograd.recording(x) ? out.record("slice", g -> new Tensor[]{unslice(g, d, start, n)}, x) : out;
    }

    /** The adjoint of slice: g placed at [start, start + len) along dim of a zero tensor of size n there. */
    static Tensor unslice(Tensor g, int d, int start, int n) {
        int[] shape = g.shape.clone();
        int len = shape[d];
        shape[d] = n;
        int inner = 1, outer = 1;
        for (int i = d + 1; i < g.dim(); i++) inner *= g.shape[i];
        for (int i = 0; i < d; i++) outer *= g.shape[i];
        float[] o = new float[Shape.numel(shape)];
        for (int i = 0; i < outer; i++) System.arraycopy(g.data, i * len * inner, o, (i * n + start) * inner, len * inner);
        Tensor out = new Tensor(o, shape);
        return Autograd.recording(g) ? out.record("unslice", gg -> new Tensor[]{gg.slice(d, start, start + len)}, g) : out;
    }

    /** Joins along dim; backward slices the gradient back into the pieces. */
    static Tensor concat(List<Tensor> ts, int dim) {
        if (ts.isEmpty()) throw new IllegalArgumentException("concat: no tensors given");
        Tensor first = ts.get(0);
        int r = first.dim(), d = Shape.dim("concat", dim, r);
        int total = 0;
        for (int k = 0; k < ts.size(); k++) {
            Tensor t = ts.get(k);
            boolean ok = t.dim() == r;
            for (int i = 0; ok && i < r; i++) ok = i == d || t.shape[i] == first.shape[i];
            if (!ok)
                throw new IllegalArgumentException("concat: tensor " + k + " has shape " + Shape.str(t.shape)
                        + ", which does not match " + Shape.str(first.shape) + " outside dimension " + dim);
            total += t.shape[d];
        }
        int[] shape = first.shape.clone();
        shape[d] = total;
        int inner = 1, outer = 1;
        for (int i = d + 1; i < r; i++) inner *= shape[i];
        for (int i = 0; i < d; i++) outer *= shape[i];
        float[] o = new float[Shape.numel(shape)];
        int at = 0;
        int[] starts = new int[ts.size()];
        for (int k = 0; k < ts.size(); k++) {
            Tensor t = ts.get(k);
            int len = t.shape[d] * inner;
            starts[k] = at;
            for (int i = 0; i < outer; i++) System.arraycopy(t.data, i * len, o, i * total * inner + at * inner, len);
            at += t.shape[d];
        }
        Tensor out = new Tensor(o, shape);
        Tensor[] inputs = ts.toArray(new Tensor[0]);
        if (!Autograd.recording(inputs)) return out;
        return out.record("concat", g -> {
            Tensor[] gs = new Tensor[inputs.length];
            for (int k = 0; k < inputs.length; k++)
                if (inputs[k].requiresGrad()) gs[k] = g.slice(d, starts[k], starts[k] + inputs[k].shape[d]);
            return gs;
        }, inputs);
    }

    static Tensor stack(List<Tensor> ts, int dim) {
        if (ts.isEmpty()) throw new IllegalArgumentException("stack: no tensors given");
        int r = ts.get(0).dim();
        int d = dim < 0 ? dim + r + 1 : dim;
        List<Tensor> parts = new ArrayList<>(ts.size());
        for (int k = 0; k < ts.size(); k++) {
            if (!Arrays.equals(ts.get(k).shape, ts.get(0).shape))
                throw new IllegalArgumentException("stack: tensor " + k + " has shape " + Shape.str(ts.get(k).shape)
                        + " but tensor 0 has " + Shape.str(ts.get(0).shape));
            parts.add(ts.get(k).unsqueeze(d));
        }
        return concat(parts, d);
    }

    /** x repeated along broadcast dimensions to reach shape. Backward sums back (sumTo). */
    static Tensor broadcastTo(Tensor x, int[] shape) {
        if (Arrays.equals(x.shape, shape)) return x;
        int[] b = Shape.broadcast("expand", x.shape, shape);
        if (!Arrays.equals(b, shape))
            throw new IllegalArgumentException("expand: shape " + Shape.str(x.shape) + " cannot be expanded to "
                    + Shape.str(shape));
        Tensor out = new Tensor(Broadcast.binary(Elementwise.Binary.MUL, x, Tensor.scalar(1f), shape.clone()), shape.clone());
        return Autograd.recording(x) ? out.record("expand", g -> new Tensor[]{g.sumTo(x.shape)}, x) : out;
    }

    /** Sums x over the dimensions that were broadcast from target; the adjoint of broadcastTo. */
    static Tensor sumTo(Tensor x, int[] target) {
        if (Arrays.equals(x.shape, target)) return x;
        int[] b = Shape.broadcast("sumTo", target, x.shape);
        if (!Arrays.equals(b, x.shape))
            throw new IllegalArgumentException("sumTo: shape " + Shape.str(x.shape) + " cannot be summed to "
                    + Shape.str(target));
        int lead = x.dim() - target.length;
        List<Integer> dims = new ArrayList<>();
        for (int i = 0; i < x.dim(); i++) if (i < lead || target[i - lead] == 1 && x.shape[i] != 1) dims.add(i);
        Tensor s = dims.isEmpty() ? x : x.sum(dims.stream().mapToInt(Integer::intValue).toArray(), true);
        return s.reshape(target);
    }
}
