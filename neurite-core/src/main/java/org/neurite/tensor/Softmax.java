package org.neurite.tensor;

/**
 * softmax and log-softmax along a dimension, computed stably: the maximum of each group is subtracted before
 * exponentiating, so large logits neither overflow nor lose the small ones.
 */
final class Softmax {
    private Softmax() {}

    /** Writes softmax (or log-softmax) of each group of x along d into o. */
    static void forward(float[] x, float[] o, int outer, int n, int inner, boolean log) {
        for (int a = 0; a < outer; a++) {
            for (int j = 0; j < inner; j++) {
                int base = a * n * inner + j;
                float m = Float.NEGATIVE_INFINITY;
                for (int k = 0; k < n; k++) m = Math.max(m, x[base + k * inner]);
                if (m == Float.NEGATIVE_INFINITY) m = 0; // all -inf: keep the result NaN-free where possible
                double s = 0;
                for (int k = 0; k < n; k++) {
                    float e = (float) Math.exp(x[base + k * inner] - m);
                    if (!log) o[base + k * inner] = e;
                    s += e;
                }
                if (log) {
                    // (x - m) is exact near the max; adding m back into the log first would round it away.
                    float logS = (float) Math.log(s);
                    for (int k = 0; k < n; k++) o[base + k * inner] = (x[base + k * inner] - m) - logS;
                } else {
                    float inv = (float) (1 / s);
                    for (int k = 0; k < n; k++) o[base + k * inner] *= inv;
                }
            }
        }
    }

    private static Tensor run(Tensor x, int dim, boolean log) {
        String op = log ? "logSoftmax" : "softmax";
        if (x.dim() == 0) throw new IllegalArgumentException(op + ": needs at least one dimension, got a scalar");
        int d = Shape.dim(op, dim, x.dim()), n = x.shape[d], inner = 1, outer = 1;
        for (int i = d + 1; i < x.dim(); i++) inner *= x.shape[i];
        for (int i = 0; i < d; i++) outer *= x.shape[i];
        float[] o = new float[x.numel()];
        forward(x.data, o, outer, n, inner, log);
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
