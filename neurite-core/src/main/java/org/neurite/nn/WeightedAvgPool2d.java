package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * Weighted-average pooling (the course's Definition 2.7): y = sum over window positions (i, j) of w[i][j] times the
 * input at that position, with one kernel x kernel weight per window position shared by all channels.
 * Input [N, C, H, W], output [N, C, OH, OW] (stride defaults to the kernel size).
 *
 * <p>{@link #fixed} normalises the given weights to sum to 1 and does not train them (a buffer named
 * {@code weight}); {@link #learned} starts from the plain average 1/k^2 and trains the weights (a parameter named
 * {@code weight}), without constraining their sum.
 */
public class WeightedAvgPool2d extends Module {
    private final int kernel, stride;
    private final Tensor weight;
    private final boolean learned;

    private WeightedAvgPool2d(int kernel, int stride, Tensor weight, boolean learned) {
        this.kernel = kernel;
        this.stride = stride;
        this.learned = learned;
        this.weight = learned ? registerParameter("weight", weight) : registerBuffer("weight", weight);
    }

    /** Fixed weights [kernel, kernel] (row-major in weights), normalised to sum to 1. */
    public static WeightedAvgPool2d fixed(int kernel, int stride, float[] weights) {
        check(kernel, stride);
        if (weights.length != kernel * kernel)
            throw new IllegalArgumentException("WeightedAvgPool2d: " + weights.length + " weights for a " + kernel + "x"
                    + kernel + " window");
        double sum = 0;
        for (float v : weights) sum += v;
        if (!(Math.abs(sum) > 1e-12))
            throw new IllegalArgumentException("WeightedAvgPool2d: weights sum to " + sum + ", cannot normalise");
        float[] w = new float[weights.length];
        for (int i = 0; i < w.length; i++) w[i] = (float) (weights[i] / sum);
        return new WeightedAvgPool2d(kernel, stride, Tensor.wrap(w, kernel, kernel), false);
    }

    /** Learned weights, starting as average pooling (every weight 1/kernel^2). */
    public static WeightedAvgPool2d learned(int kernel, int stride) {
        check(kernel, stride);
        return new WeightedAvgPool2d(kernel, stride, Tensor.full(1f / (kernel * kernel), kernel, kernel), true);
    }

    private static void check(int kernel, int stride) {
        if (kernel < 1 || stride < 1)
            throw new IllegalArgumentException("WeightedAvgPool2d: need kernel >= 1 and stride >= 1, got " + kernel
                    + ", " + stride);
    }

    @Override
    public Tensor forward(Tensor x) {
        Checks.image(this, x);
        return Functional.weightedAvgPool2d(x, weight, stride, 0);
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public String toString() {
        return "WeightedAvgPool2d(kernel " + kernel + ", stride " + stride + (learned ? ", learned" : ", fixed") + ")";
    }
}
