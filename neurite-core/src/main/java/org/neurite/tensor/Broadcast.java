package org.neurite.tensor;

import org.neurite.kernel.Elementwise;
import org.neurite.kernel.Parallel;

/**
 * Runs a binary kernel over two broadcast operands. Dimensions are first coalesced (adjacent dimensions that are
 * laid out alike in both operands merge into one), so [N, C] + [C] runs as N rows of C, and same-shape operands
 * as one flat row; then the innermost rows go to the vector kernel.
 */
final class Broadcast {
    static final int PARALLEL_THRESHOLD = 1 << 16;

    private Broadcast() {}

    static float[] binary(Elementwise.Binary op, Tensor a, Tensor b, int[] outShape) {
        int n = Shape.numel(outShape);
        float[] out = new float[n];
        if (n == 0) return out;
        if (a.data.length == n && b.data.length == n) { // same shape
            flat(op, a.data, 1, b.data, 1, out, n);
            return out;
        }
        if (b.data.length == 1 && a.data.length == n) {
            flat(op, a.data, 1, b.data, 0, out, n);
            return out;
        }
        if (a.data.length == 1 && b.data.length == n) {
            flat(op, a.data, 0, b.data, 1, out, n);
            return out;
        }
        int rank = outShape.length;
        int[] as = alignedStrides(a.shape, outShape), bs = alignedStrides(b.shape, outShape);
        // Coalesce dimensions from the inside out.
        int[] dims = new int[rank], sa = new int[rank], sb = new int[rank];
        int m = 0;
        for (int d = rank - 1; d >= 0; d--) {
            if (outShape[d] == 1) continue;
            if (m > 0 && as[d] == sa[m - 1] * dims[m - 1] && bs[d] == sb[m - 1] * dims[m - 1]) {
                dims[m - 1] *= outShape[d];
            } else {
                dims[m] = outShape[d];
                sa[m] = as[d];
                sb[m] = bs[d];
                m++;
            }
        }
        // dims[0] is now innermost; its strides are 0 or 1 because the operands are contiguous.
        final int inner = dims[0], rows = n / inner, mm = m;
        final int ai = sa[0], bi = sb[0];
        Parallel.RangeBody body = (from, to) -> {
            int[] idx = new int[mm];
            int ao = 0, bo = 0, r = from;
            for (int d = 1; d < mm; d++) { // position of row 'from'
                idx[d] = r % dims[d];
                r /= dims[d];
                ao += idx[d] * sa[d];
                bo += idx[d] * sb[d];
            }
            for (int row = from; row < to; row++) {
                Elementwise.binary(op, a.data, ao, ai, b.data, bo, bi, out, row * inner, inner);
                for (int d = 1; d < mm; d++) {
                    idx[d]++;
                    ao += sa[d];
                    bo += sb[d];
                    if (idx[d] < dims[d]) break;
                    ao -= sa[d] * dims[d];
                    bo -= sb[d] * dims[d];
                    idx[d] = 0;
                }
            }
        };
        if (n >= PARALLEL_THRESHOLD) Parallel.forRange(rows, Math.max(1, PARALLEL_THRESHOLD / 2 / inner), body);
        else body.run(0, rows);
        return out;
    }

    private static void flat(Elementwise.Binary op, float[] a, int ai, float[] b, int bi, float[] out, int n) {
        if (n < PARALLEL_THRESHOLD) {
            Elementwise.binary(op, a, 0, ai, b, 0, bi, out, 0, n);
        } else {
            Parallel.forRange(n, PARALLEL_THRESHOLD / 2, (from, to) ->
                    Elementwise.binary(op, a, from * ai, ai, b, from * bi, bi, out, from, to - from));
        }
    }

    /** Strides of shape seen as outShape: 0 along broadcast (missing or size-1) dimensions. */
    static int[] alignedStrides(int[] shape, int[] outShape) {
        int rank = outShape.length, off = rank - shape.length;
        int[] own = Shape.strides(shape), s = new int[rank];
        for (int d = off; d < rank; d++) s[d] = shape[d - off] == 1 ? 0 : own[d - off];
        return s;
    }

    static float[] unary(Elementwise.Unary op, float[] a) {
        int n = a.length;
        float[] out = new float[n];
        if (n < PARALLEL_THRESHOLD) Elementwise.unary(op, a, 0, out, 0, n);
        else Parallel.forRange(n, PARALLEL_THRESHOLD / 2, (from, to) -> Elementwise.unary(op, a, from, out, from, to - from));
        return out;
    }
}
