package org.neurite.data.augment;

import org.neurite.tensor.Rng;

/**
 * Random crop with zero padding (as torchvision's {@code RandomCrop(size, padding)} with size = the image size): the
 * {@code H x W} image is padded with {@code padding} zeros on every side, and an {@code H x W} window is cut at a
 * uniformly random position {@code (top, left)} in {@code [0, 2 * padding]^2}. Keeps the shape {@code [C, H, W]};
 * values stay within the input's range and 0.
 */
public final class RandomCrop implements Transform {
    private final int padding;

    /** Zero padding of {@code padding} pixels on each side before cropping back to the input size. */
    public RandomCrop(int padding) {
        if (padding < 0) throw new IllegalArgumentException("RandomCrop: padding must be >= 0, got " + padding);
        this.padding = padding;
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        int top = rng.nextInt(2 * padding + 1);
        int left = rng.nextInt(2 * padding + 1);
        crop(x, offset, c, h, w, padding, top, left);
    }

    /**
     * The window at {@code (top, left)} of the zero-padded image, in place: {@code out[y][x] = padded[y + top][x + left]
     * = in[y + top - padding][x + left - padding]} (0 outside the input).
     */
    public static void crop(float[] x, int offset, int c, int h, int w, int padding, int top, int left) {
        if (top < 0 || left < 0 || top > 2 * padding || left > 2 * padding)
            throw new IllegalArgumentException("RandomCrop: window (" + top + ", " + left + ") outside [0, "
                    + 2 * padding + "] for padding " + padding);
        RandomTranslation.shift(x, offset, c, h, w, padding - left, padding - top);
    }
}
