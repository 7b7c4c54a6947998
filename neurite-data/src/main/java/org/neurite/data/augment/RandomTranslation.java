package org.neurite.data.augment;

import org.neurite.tensor.Rng;

/**
 * Random translation by whole pixels: each example moves by {@code dx} uniform in {@code [-maxDx, maxDx]} columns and
 * {@code dy} uniform in {@code [-maxDy, maxDy]} rows (positive = right and down); pixels shifted in are 0, pixels shifted
 * out are lost. Keeps the shape {@code [C, H, W]}; values stay within the input's range and 0.
 */
public final class RandomTranslation implements Transform {
    private final int maxDx, maxDy;

    /** Shifts of up to {@code maxDx} columns and {@code maxDy} rows either way. */
    public RandomTranslation(int maxDx, int maxDy) {
        if (maxDx < 0 || maxDy < 0)
            throw new IllegalArgumentException("RandomTranslation: maximum shifts must be >= 0, got " + maxDx + ", " + maxDy);
        this.maxDx = maxDx;
        this.maxDy = maxDy;
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        int dx = rng.nextInt(2 * maxDx + 1) - maxDx;
        int dy = rng.nextInt(2 * maxDy + 1) - maxDy;
        shift(x, offset, c, h, w, dx, dy);
    }

    /**
     * Moves every channel plane of the example by {@code dx} columns and {@code dy} rows in place:
     * {@code out[c][y][x] = in[c][y - dy][x - dx]}, or 0 where that falls outside the image.
     */
    public static void shift(float[] x, int offset, int c, int h, int w, int dx, int dy) {
        Images.checkRange(x, offset, c, h, w, "RandomTranslation");
        if (dx == 0 && dy == 0) return;
        int plane = h * w;
        float[] tmp = Images.scratch(plane);
        // Columns of the output that receive a source pixel: [x0, x1).
        int x0 = Math.max(0, dx), x1 = Math.min(w, w + dx);
        for (int ch = 0; ch < c; ch++) {
            int base = offset + ch * plane;
            System.arraycopy(x, base, tmp, 0, plane);
            java.util.Arrays.fill(x, base, base + plane, 0f);
            if (x1 <= x0) continue;
            for (int y = Math.max(0, dy); y < Math.min(h, h + dy); y++) {
                System.arraycopy(tmp, (y - dy) * w + (x0 - dx), x, base + y * w + x0, x1 - x0);
            }
        }
    }
}
