package org.neurite.data.augment;

import org.neurite.tensor.Rng;

/**
 * Random brightness: every value is multiplied by one factor uniform in {@code [max(0, 1 - maxDelta), 1 + maxDelta]}
 * (per example), then clamped to [0, 1], as torchvision's {@code ColorJitter(brightness)}. Keeps the shape and the
 * [0, 1] range.
 */
public final class Brightness implements Transform {
    private final double maxDelta;

    /** Factors in {@code [1 - maxDelta, 1 + maxDelta]} (cut at 0). */
    public Brightness(double maxDelta) {
        Images.checkNonNegative(maxDelta, "maximum change", "Brightness");
        this.maxDelta = maxDelta;
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        adjust(x, offset, c, h, w, Images.factor(maxDelta, rng));
    }

    /** Multiplies the example by {@code factor} and clamps to [0, 1], in place. */
    public static void adjust(float[] x, int offset, int c, int h, int w, float factor) {
        Images.checkRange(x, offset, c, h, w, "Brightness");
        int end = offset + c * h * w;
        for (int i = offset; i < end; i++) x[i] = Images.clamp01(x[i] * factor);
    }
}
