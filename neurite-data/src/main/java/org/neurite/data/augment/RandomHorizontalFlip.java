package org.neurite.data.augment;

import org.neurite.tensor.Rng;

/**
 * Mirrors the image left to right with probability {@code p}: {@code out[c][y][x] = in[c][y][W - 1 - x]}.
 * Keeps the shape {@code [C, H, W]} and the values exactly.
 */
public final class RandomHorizontalFlip implements Transform {
    private final double p;

    /** Flips each example with probability 0.5. */
    public RandomHorizontalFlip() {
        this(0.5);
    }

    /** Flips each example with probability {@code p}. */
    public RandomHorizontalFlip(double p) {
        Images.checkProbability(p, "RandomHorizontalFlip");
        this.p = p;
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        if (rng.bernoulli(p)) flip(x, offset, c, h, w);
    }

    /** Mirrors every row of every channel in place. */
    public static void flip(float[] x, int offset, int c, int h, int w) {
        Images.checkRange(x, offset, c, h, w, "RandomHorizontalFlip");
        for (int row = 0; row < c * h; row++) {
            int a = offset + row * w, b = a + w - 1;
            while (a < b) {
                float t = x[a];
                x[a++] = x[b];
                x[b--] = t;
            }
        }
    }
}
