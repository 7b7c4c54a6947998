package org.neurite.data.augment;

import org.neurite.tensor.Rng;

/**
 * Random contrast: {@code x <- m + k (x - m)}, clamped to [0, 1], with one factor {@code k} uniform in
 * {@code [max(0, 1 - maxDelta), 1 + maxDelta]} per example and {@code m} the example's mean grey level (for RGB the
 * mean of {@code 0.299 R + 0.587 G + 0.114 B}; otherwise the mean of all values), as torchvision's
 * {@code ColorJitter(contrast)}. Keeps the shape and the [0, 1] range.
 */
public final class Contrast implements Transform {
    private final double maxDelta;

    /** Factors in {@code [1 - maxDelta, 1 + maxDelta]} (cut at 0). */
    public Contrast(double maxDelta) {
        Images.checkNonNegative(maxDelta, "maximum change", "Contrast");
        this.maxDelta = maxDelta;
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        adjust(x, offset, c, h, w, Images.factor(maxDelta, rng));
    }

    /** Scales the example's deviations from its mean grey level by {@code factor}, clamped to [0, 1], in place. */
    public static void adjust(float[] x, int offset, int c, int h, int w, float factor) {
        Images.checkRange(x, offset, c, h, w, "Contrast");
        int plane = h * w, end = offset + c * plane;
        double sum = 0;
        if (c == 3) {
            for (int i = offset; i < offset + plane; i++)
                sum += 0.299 * x[i] + 0.587 * x[i + plane] + 0.114 * x[i + 2 * plane];
            sum /= plane;
        } else {
            for (int i = offset; i < end; i++) sum += x[i];
            sum /= (double) c * plane;
        }
        float m = (float) sum;
        for (int i = offset; i < end; i++) x[i] = Images.clamp01(m + factor * (x[i] - m));
    }
}
