package org.neurite.tensor;

import org.neurite.kernel.Gemm;

/**
 * Matrix products on the GEMM kernel. The internal op {@code mm(a, transA, b, transB)} multiplies without
 * materialising transposes, and its backward is again four mm calls, so Linear layers and backward passes never
 * copy a weight matrix to transpose it.
 */
final class MatMul {
    private MatMul() {}

    static Tensor matmul(Tensor a, Tensor b) {
        int ra = a.dim(), rb = b.dim();
        if (ra == 2 && rb == 2) {
            check(a, b, a.shape[1], b.shape[0]);
            return mm(a, false, b, false);
        }
        if (ra == 3 && rb == 2) { // [B, m, k] x [k, n]: one big GEMM over B*m rows
            check(a, b, a.shape[2], b.shape[0]);
            return mm(a.reshape(a.shape[0] * a.shape[1], a.shape[2]), false, b, false)
                    .reshape(a.shape[0], a.shape[1], b.shape[1]);
        }
        if (ra == 3 && rb == 3) {
            check(a, b, a.shape[2], b.shape[1]);
            if (a.shape[0] != b.shape[0])
                throw new IllegalArgumentException("matmul: " + Shape.str(a.shape) + " x " + Shape.str(b.shape)
                        + ": batch sizes differ (" + a.shape[0] + " vs " + b.shape[0] + ")");
            return bmm(a, b);
        }
        if (ra == 2 && rb == 3) {
            check(a, b, a.shape[1], b.shape[1]);
            return bmm(a.unsqueeze(0).expand(b.shape[0], a.shape[0], a.shape[1]), b);
        }
        throw new IllegalArgumentException("matmul: " + Shape.str(a.shape) + " x " + Shape.str(b.shape)
                + ": expects 2-D or 3-D (batched) tensors");
    }

    private static void check(Tensor a, Tensor b, int ka, int kb) {
        if (ka != kb)
            throw new IllegalArgumentException("matmul: " + Shape.str(a.shape) + " x " + Shape.str(b.shape)
                    + ": inner dimensions differ (" + ka + " vs " + kb + ")");
    }

    /** op(a) x op(b) for 2-D a and b, where op transposes when asked. */
    static Tensor mm(Tensor a, boolean ta, Tensor b, boolean tb) {
        if (a.dim() != 2 || b.dim() != 2)
            throw new IllegalArgumentException("matmul: " + Shape.str(a.shape) + " x " + Shape.str(b.shape)
                    + ": expects 2-D tensors");
        int m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1];
        int kb = tb ? b.shape[1] : b.shape[0], n = tb ? b.shape[0] : b.shape[1];
        if (k != kb)
            throw new IllegalArgumentException("matmul: " + Shape.str(a.shape) + (ta ? "^T" : "") + " x "
                    + Shape.str(b.shape) + (tb ? "^T" : "") + ": inner dimensions differ (" + k + " vs " + kb + ")");
        float[] c = new float[m * n];
        Gemm.sgemm(ta, tb, m, n, k, 1f, a.data, 0, a.shape[1], b.data, 0, b.shape[1], 0f, c, 0, n);
        Tensor out = new Tensor(c, new int[]{m, n});
        if (!Autograd.recording(a, b)) return out;
        return out.record("matmul", g -> new Tensor[]{gradA(a, ta, b, tb, g), gradB(a, ta, b, tb, g)}, a, b);
    }

    /**
     * bias + op(a) x op(b) for 2-D a, b and a bias of shape [n] (PyTorch's addmm with a row bias). The GEMM adds the
     * bias to each register tile ({@link Gemm#sgemmBias}), so the output is written once. Linear layers use it with
     * b = the weight [out, in], transposed.
     */
    static Tensor addmm(Tensor bias, Tensor a, boolean ta, Tensor b, boolean tb) {
        return addmm(bias, a, ta, b, tb, false);
    }

    /**
     * relu(bias + op(a) x op(b)), the ReLU applied to each tile of the product while it is in cache (a linear layer
     * followed by a ReLU); bias may be null. Values are bit-identical to addmm then relu. Backward: the output's
     * gradient where the output is positive (relu(z) > 0 exactly where z > 0), then addmm's backward.
     */
    static Tensor addmmRelu(Tensor bias, Tensor a, boolean ta, Tensor b, boolean tb) {
        return addmm(bias, a, ta, b, tb, true);
    }

    private static Tensor addmm(Tensor bias, Tensor a, boolean ta, Tensor b, boolean tb, boolean relu) {
        String op = relu ? "addmmRelu" : "addmm";
        if (a.dim() != 2 || b.dim() != 2)
            throw new IllegalArgumentException(op + ": " + Shape.str(a.shape) + " x " + Shape.str(b.shape)
                    + ": expects 2-D tensors");
        int m = ta ? a.shape[1] : a.shape[0], k = ta ? a.shape[0] : a.shape[1];
        int kb = tb ? b.shape[1] : b.shape[0], n = tb ? b.shape[0] : b.shape[1];
        if (k != kb)
            throw new IllegalArgumentException(op + ": " + Shape.str(a.shape) + (ta ? "^T" : "") + " x "
                    + Shape.str(b.shape) + (tb ? "^T" : "") + ": inner dimensions differ (" + k + " vs " + kb + ")");
        if (bias == null && !relu)
            throw new IllegalArgumentException("addmm: the bias is null (matmul multiplies without one)");
        if (bias != null && (bias.dim() != 1 || bias.shape[0] != n))
            throw new IllegalArgumentException(op + ": bias " + Shape.str(bias.shape) + " does not match the " + n
                    + " output columns");
        float[] c = new float[m * n];
        Gemm.sgemmBias(ta, tb, m, n, k, a.data, 0, a.shape[1], b.data, 0, b.shape[1],
                bias == null ? null : bias.data, 0, relu, c, 0, n);
        Tensor out = new Tensor(c, new int[]{m, n});
        // Through Autograd.record, whose record-or-not branch is profiled by every op that uses it: training alone
        // records every addmm, and a branch never seen is compiled as a trap that the first inference would hit.
        if (bias == null) return Autograd.record(op, out, g -> {
            Tensor gz = Functions.reluBackward(g, out);
            return new Tensor[]{gradA(a, ta, b, tb, gz), gradB(a, ta, b, tb, gz)};
        }, a, b);
        return Autograd.record(op, out, g -> {
            Tensor gz = relu ? Functions.reluBackward(g, out) : g;
            // The choice is made here, not in biasGradInto: only a fresh model's first step takes gz.sum(0), and in
            // the compiled loop method a branch never seen before it was compiled is a trap (a recompile per model).
            Tensor gb = !bias.requiresGrad() ? null : bias.addsGradInPlace() ? biasGradInto(bias, gz) : gz.sum(0);
            return new Tensor[]{gb, gradA(a, ta, b, tb, gz), gradB(a, ta, b, tb, gz)};
        }, bias, a, b);
    }

    /**
     * The bias's gradient, the column sums of the output's gradient g [m, n], added into the gradient storage the
     * bias keeps (as {@link #mmInto} does for the weights); returns null. The same sums, in the same order, as
     * g.sum(0).
     */
    private static Tensor biasGradInto(Tensor bias, Tensor g) {
        int m = g.shape[0], n = g.shape[1];
        float[] s = new float[n], gd = g.data;
        for (int i = 0; i < m; i++)
            for (int j = 0; j < n; j++) s[j] += gd[i * n + j];
        float beta = bias.beginGradAdd();
        float[] dst = bias.grad().data;
        if (beta == 0f) System.arraycopy(s, 0, dst, 0, n);
        else for (int j = 0; j < n; j++) dst[j] += s[j];
        return null;
    }

    /**
     * The gradient of op(a) x op(b) with respect to a, given the product's gradient g: null when a needs none, or
     * when it was added straight into a's own gradient storage (see {@link Tensor#zeroGrad(boolean)}).
     */
    private static Tensor gradA(Tensor a, boolean ta, Tensor b, boolean tb, Tensor g) {
        if (!a.requiresGrad()) return null;
        return ta ? mmInto(a, b, tb, g, true) : mmInto(a, g, false, b, !tb);
    }

    /** The gradient of op(a) x op(b) with respect to b, as {@link #gradA}. */
    private static Tensor gradB(Tensor a, boolean ta, Tensor b, boolean tb, Tensor g) {
        if (!b.requiresGrad()) return null;
        return tb ? mmInto(b, g, true, a, ta) : mmInto(b, a, !ta, g, false);
    }

    /**
     * leaf's gradient op(x) x op(y): added by the GEMM into the leaf's own gradient storage when it keeps one (no
     * new array, and no separate pass to add it), in which case null is returned; otherwise the new product.
     */
    private static Tensor mmInto(Tensor leaf, Tensor x, boolean tx, Tensor y, boolean ty) {
        if (!leaf.addsGradInPlace()) return mm(x, tx, y, ty);
        int m = tx ? x.shape[1] : x.shape[0], k = tx ? x.shape[0] : x.shape[1], n = ty ? y.shape[0] : y.shape[1];
        float beta = leaf.beginGradAdd();
        Gemm.sgemm(tx, ty, m, n, k, 1f, x.data, 0, x.shape[1], y.data, 0, y.shape[1], beta, leaf.grad().data, 0, n);
        return null;
    }

    /** [B, m, k] x [B, k, n] (with optional transposes of the last two dimensions). */
    static Tensor bmm(Tensor a, Tensor b) {
        return bmm(a, false, b, false);
    }

    static Tensor bmm(Tensor a, boolean ta, Tensor b, boolean tb) {
        int batch = a.shape[0];
        int m = ta ? a.shape[2] : a.shape[1], k = ta ? a.shape[1] : a.shape[2];
        int n = tb ? b.shape[1] : b.shape[2];
        int sa = a.shape[1] * a.shape[2], sb = b.shape[1] * b.shape[2];
        float[] c = new float[batch * m * n];
        for (int i = 0; i < batch; i++)
            Gemm.sgemm(ta, tb, m, n, k, 1f, a.data, i * sa, a.shape[2], b.data, i * sb, b.shape[2], 0f, c, i * m * n, n);
        Tensor out = new Tensor(c, new int[]{batch, m, n});
        if (!Autograd.recording(a, b)) return out;
        return out.record("bmm", g -> new Tensor[]{
                a.requiresGrad() ? (ta ? bmm(b, tb, g, true) : bmm(g, false, b, !tb)) : null,
                b.requiresGrad() ? (tb ? bmm(g, true, a, ta) : bmm(a, !ta, g, false)) : null}, a, b);
    }
}
