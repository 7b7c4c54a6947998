package org.neurite.data.augment;

import org.neurite.tensor.Rng;

/**
 * Additive Gaussian noise: {@code x <- x + std * z} with {@code z ~ N(0, 1)} drawn independently per value. With
 * {@code clipToUnit} the result is clamped to [0, 1] (keeping the range of pixel data); otherwise the range grows
 * by a few {@code std}. Keeps the shape.
 */
public final class GaussianNoise implements Transform {
    private final double std;
    private final boolean clipToUnit;

    /** Noise of standard deviation {@code std}, clamped to [0, 1]. */
    public GaussianNoise(double std) {
        this(std, true);
    }

    /** Noise of standard deviation {@code std}, clamped to [0, 1] if {@code clipToUnit}. */
    public GaussianNoise(double std, boolean clipToUnit) {
        Images.checkNonNegative(std, "std", "GaussianNoise");
        this.std = std;
        this.clipToUnit = clipToUnit;
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        Images.checkRange(x, offset, c, h, w, "GaussianNoise");
        int end = offset + c * h * w;
        for (int i = offset; i < end; i++) {
            float v = (float) (x[i] + std * rng.nextGaussian());
            x[i] = clipToUnit ? Images.clamp01(v) : v;
        }
    }
}
