package org.neurite.tensor;

import org.neurite.kernel.SoftmaxKernel;

/** softmax and log-softmax along a dimension ({@link SoftmaxKernel} computes them), with their gradients. */
final class Softmax {
    private Softmax() {}

    private static Tensor run(Tensor x, int dim, boolean log) {
        String op = log ? "logSoftmax" : "softmax";
        if (x.dim() == 0) throw new IllegalArgumentException(op + ": needs at least one dimension, got a scalar");
        int d = Shape.dim(op, dim, x.dim()), n = x.shape[d], inner = 1, outer = 1;
        for (int i = d + 1; i < x.dim(); i++) inner *= x.shape[i];
        for (int i = 0; i < d; i++) outer *= x.shape[i];
        float[] o = new float[x.numel()];
        SoftmaxKernel.forward(x.data, o, outer, n, inner, log);
        return new Tensor(o, x.shape);
    }

    /** y = softmax(x).  dJ/dx = y * (g - sum(g * y)) along dim. */
    static Tensor softmax(Tensor x, int dim) {
        Tensor y = run(x, dim, false);
        if (!Autograd.recording(x)) return y;
        return y.record("softmax", g -> new Tensor[]{y.mul(g.sub(g.mul(y).sum(dim, true)))}, x);
    }

    /** y = log softmax(x).  dJ/dx = g - softmax(x) * sum(g) along dim. */
    static Tensor logSoftmax(Tensor x, int dim) {
        Tensor y = run(x, dim, true);
        if (!Autograd.recording(x)) return y;
        return y.record("logSoftmax", g -> new Tensor[]{g.sub(y.exp().mul(g.sum(dim, true)))}, x);
    }
}
