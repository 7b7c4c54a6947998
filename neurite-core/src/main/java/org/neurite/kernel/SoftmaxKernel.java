package org.neurite.kernel;

/**
 * softmax and log-softmax of each group of values, computed stably: the maximum of each group is subtracted before
 * exponentiating, so large logits neither overflow nor lose the small ones. Used by {@code Tensor.softmax} and by
 * cross-entropy's backward, which must round its softmax exactly as the op does.
 */
public final class SoftmaxKernel {
    private SoftmaxKernel() {}

    /**
     * Writes softmax (or log-softmax) of each group of x into o: x is [outer, n, inner] and a group is the n values
     * x[a, 0..n, j].
     */
    public static void forward(float[] x, float[] o, int outer, int n, int inner, boolean log) {
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
}
