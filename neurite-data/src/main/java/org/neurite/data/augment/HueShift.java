package org.neurite.data.augment;

import org.neurite.tensor.Rng;

/**
 * Random hue shift of an RGB image through HSV: each pixel's (R, G, B) in [0, 1] is converted to (H, S, V), the hue
 * is rotated by an angle uniform in {@code [-maxDegrees, maxDegrees]} (the same for the whole image), and the pixel is
 * converted back. Saturation and value are unchanged, so pure red (1, 0, 0) shifted by 120 degrees is pure green.
 * Takes only {@code [3, H, W]} examples; keeps the shape, and [0, 1] data stays in [0, 1].
 */
public final class HueShift implements Transform {
    private final double maxDegrees;

    /** Hue rotations of up to {@code maxDegrees} either way (180 covers the whole colour wheel). */
    public HueShift(double maxDegrees) {
        Images.checkNonNegative(maxDegrees, "maximum angle", "HueShift");
        this.maxDegrees = maxDegrees;
    }

    @Override
    public void checkShape(int c, int h, int w) {
        if (c != 3) throw new IllegalArgumentException("HueShift: needs RGB examples [3, H, W], got [" + c + ", " + h
                + ", " + w + "]");
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        shift(x, offset, c, h, w, (2 * rng.nextDouble() - 1) * maxDegrees);
    }

    /** Rotates the hue of every pixel of the RGB example in place by {@code degrees}. */
    public static void shift(float[] x, int offset, int c, int h, int w, double degrees) {
        Images.checkRange(x, offset, c, h, w, "HueShift");
        if (c != 3) throw new IllegalArgumentException("HueShift: needs RGB examples [3, H, W], got [" + c + ", " + h
                + ", " + w + "]");
        int plane = h * w;
        double dh = degrees / 60.0; // hue measured in sixths of the wheel
        for (int i = 0; i < plane; i++) {
            int ir = offset + i, ig = ir + plane, ib = ig + plane;
            float r = x[ir], g = x[ig], b = x[ib];
            float max = Math.max(r, Math.max(g, b)), min = Math.min(r, Math.min(g, b));
            float delta = max - min;
            if (delta <= 0) continue; // grey: no hue to rotate
            double hue;
            if (max == r) hue = (g - b) / delta;
            else if (max == g) hue = 2 + (b - r) / delta;
            else hue = 4 + (r - g) / delta;
            hue = (hue + dh) % 6;
            if (hue < 0) hue += 6;
            // Back to RGB with V = max and S * V = delta (so min = V - delta).
            int sector = (int) hue;
            double f = hue - sector;
            float up = (float) (min + delta * f), down = (float) (max - delta * f);
            switch (sector) {
                case 0 -> set(x, ir, ig, ib, max, up, min);
                case 1 -> set(x, ir, ig, ib, down, max, min);
                case 2 -> set(x, ir, ig, ib, min, max, up);
                case 3 -> set(x, ir, ig, ib, min, down, max);
                case 4 -> set(x, ir, ig, ib, up, min, max);
                default -> set(x, ir, ig, ib, max, min, down);
            }
        }
    }

    private static void set(float[] x, int ir, int ig, int ib, float r, float g, float b) {
        x[ir] = r;
        x[ig] = g;
        x[ib] = b;
    }
}
