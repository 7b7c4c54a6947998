package org.neurite.tensor;

import java.util.Arrays;

/** index-select and gather, each with its adjoint (index-add and scatter-add) as its backward. */
final class Indexing {
    private Indexing() {}

    /** x's entries at the given indices along dim. Backward: add the gradient back at those indices. */
    static Tensor indexSelect(Tensor x, int dim, int[] idx) {
        int d = Shape.dim("indexSelect", dim, x.dim()), n = x.shape[d];
        for (int i : idx)
            if (i < 0 || i >= n)
                throw new IllegalArgumentException("indexSelect: index " + i + " out of range for dimension " + dim
                        + " of size " + n + " (shape " + Shape.str(x.shape) + ")");
        int inner = 1, outer = 1;
        for (int i = d + 1; i < x.dim(); i++) inner *= x.shape[i];
        for (int i = 0; i < d; i++) outer *= x.shape[i];
        int[] shape = x.shape.clone();
        shape[d] = idx.length;
        float[] o = new float[Shape.numel(shape)];
        for (int a = 0; a < outer; a++)
            for (int k = 0; k < idx.length; k++)
                System.arraycopy(x.data, (a * n + idx[k]) * inner, o, (a * idx.length + k) * inner, inner);
        Tensor out = new Tensor(o, shape);
        int[] saved = idx.clone();
        return Autograd.recording(x) ? out.record("indexSelect", g -> new Tensor[]{indexAdd(g, d, saved, n)}, x) : out;
    }

    /** Zeros of size n along d, with g's slices added at idx; the adjoint of indexSelect. */
    static Tensor indexAdd(Tensor g, int d, int[] idx, int n) {
        int inner = 1, outer = 1;
        for (int i = d + 1; i < g.dim(); i++) inner *= g.shape[i];
        for (int i = 0; i < d; i++) outer *= g.shape[i];
        int[] shape = g.shape.clone();
        shape[d] = n;
        float[] o = new float[Shape.numel(shape)];
        for (int a = 0; a < outer; a++)
            for (int k = 0; k < idx.length; k++) {
                int src = (a * idx.length + k) * inner, dst = (a * n + idx[k]) * inner;
                for (int j = 0; j < inner; j++) o[dst + j] += g.data[src + j];
            }
        Tensor out = new Tensor(o, shape);
        return Autograd.recording(g) ? out.record("indexAdd", gg -> new Tensor[]{gg.indexSelect(d, idx)}, g) : out;
    }

    /**
     * out[..., j, ...] = x[..., index[..., j, ...], ...] along dim: out has index's shape, and index must not exceed
     * x in the other dimensions (as torch.gather). Cross-entropy picks each row's target logit this way.
     */
    static Tensor gather(Tensor x, int dim, Tensor index) {
        int r = x.dim(), d = Shape.dim("gather", dim, r);
        if (index.dim() != r)
            throw new IllegalArgumentException("gather: index of shape " + Shape.str(index.shape)
                    + " must have the same rank as the input " + Shape.str(x.shape));
        for (int i = 0; i < r; i++)
            if (i != d && index.shape[i] > x.shape[i])
                throw new IllegalArgumentException("gather: index shape " + Shape.str(index.shape)
                        + " exceeds input shape " + Shape.str(x.shape) + " in dimension " + i);
        int[] src = sourceOffsets("gather", x.shape, d, index);
        float[] o = new float[src.length];
        for (int i = 0; i < o.length; i++) o[i] = x.data[src[i]];
        Tensor out = new Tensor(o, index.shape.clone());
        return Autograd.recording(x) ? out.record("gather", g -> new Tensor[]{scatterAdd(g, src, x.shape, d, index)}, x) : out;
    }

    /** The adjoint of gather: zeros of the input's shape with g added at the gathered positions. */
    static Tensor scatterAdd(Tensor g, int[] src, int[] shape, int d, Tensor index) {
        float[] o = new float[Shape.numel(shape)];
        for (int i = 0; i < src.length; i++) o[src[i]] += g.data[i];
        Tensor out = new Tensor(o, shape);
        return Autograd.recording(g) ? out.record("scatterAdd", gg -> new Tensor[]{gg.gather(d, index)}, g) : out;
    }

    /** For each element of index (row-major), the flat offset it reads in a tensor of the given shape. */
    private static int[] sourceOffsets(String op, int[] shape, int d, Tensor index) {
        int r = shape.length;
        int[] strides = Shape.strides(shape), idx = new int[r];
        int[] src = new int[index.numel()];
        for (int i = 0; i < src.length; i++) {
            float v = index.data[i];
            int k = (int) v;
            if (k != v || k < 0 || k >= shape[d])
                throw new IllegalArgumentException(op + ": index value " + v + " at " + Arrays.toString(idx)
                        + " out of range for dimension " + d + " of size " + shape[d]);
            int off = 0;
            for (int j = 0; j < r; j++) off += (j == d ? k : idx[j]) * strides[j];
            src[i] = off;
            for (int j = r - 1; j >= 0; j--) {
                if (++idx[j] < index.shape[j]) break;
                idx[j] = 0;
            }
        }
        return src;
    }
}
