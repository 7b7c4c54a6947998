package org.neurite.data.augment;

import org.neurite.tensor.Rng;

/**
 * Random rotation about the image centre by an angle uniform in {@code [-maxDegrees, maxDegrees]}, positive meaning
 * counter-clockwise as the image is displayed (row 0 at the top), with bilinear interpolation.
 *
 * <p>Each output pixel {@code (y, x)} samples the input at the point the inverse rotation takes it to: with
 * {@code u = x - cx}, {@code v = cy - y} and centre {@code (cx, cy) = ((W-1)/2, (H-1)/2)},
 * {@code u' = u cos t + v sin t}, {@code v' = -u sin t + v cos t}; points outside the input read as 0. Keeps the shape
 * {@code [C, H, W]}; each output is a convex combination of input values and 0, so [0, 1] data stays in [0, 1].
 */
public final class RandomRotation implements Transform {
    private final double maxDegrees;

    /** Rotations of up to {@code maxDegrees} either way. */
    public RandomRotation(double maxDegrees) {
        Images.checkNonNegative(maxDegrees, "maximum angle", "RandomRotation");
        this.maxDegrees = maxDegrees;
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        double degrees = (2 * rng.nextDouble() - 1) * maxDegrees;
        rotate(x, offset, c, h, w, degrees);
    }

    /** Rotates every channel plane of the example in place by {@code degrees} counter-clockwise (bilinear). */
    public static void rotate(float[] x, int offset, int c, int h, int w, double degrees) {
        Images.checkRange(x, offset, c, h, w, "RandomRotation");
        if (degrees == 0) return;
        double t = Math.toRadians(degrees);
        double cos = Math.cos(t), sin = Math.sin(t);
        double cx = (w - 1) / 2.0, cy = (h - 1) / 2.0;
        int plane = h * w;
        float[] src = Images.scratch(plane);
        for (int ch = 0; ch < c; ch++) {
            int base = offset + ch * plane;
            System.arraycopy(x, base, src, 0, plane);
            for (int y = 0; y < h; y++) {
                double v = cy - y;
                for (int xx = 0; xx < w; xx++) {
                    double u = xx - cx;
                    double sx = cx + (u * cos + v * sin);      // source column
                    double sy = cy - (-u * sin + v * cos);     // source row
                    x[base + y * w + xx] = bilinear(src, h, w, sy, sx);
                }
            }
        }
    }

    /** Bilinear sample of a row-major {@code h x w} plane at (row sy, column sx); 0 outside. */
    private static float bilinear(float[] p, int h, int w, double sy, double sx) {
        // Snap values within rounding error of a grid point, so a 90-degree turn moves pixels exactly.
        double ry = Math.rint(sy), rx = Math.rint(sx);
        if (Math.abs(sy - ry) < 1e-9) sy = ry;
        if (Math.abs(sx - rx) < 1e-9) sx = rx;
        int y0 = (int) Math.floor(sy), x0 = (int) Math.floor(sx);
        double fy = sy - y0, fx = sx - x0;
        return (float) ((1 - fy) * ((1 - fx) * at(p, h, w, y0, x0) + fx * at(p, h, w, y0, x0 + 1))
                + fy * ((1 - fx) * at(p, h, w, y0 + 1, x0) + fx * at(p, h, w, y0 + 1, x0 + 1)));
    }

    private static float at(float[] p, int h, int w, int y, int x) {
        return (y < 0 || y >= h || x < 0 || x >= w) ? 0f : p[y * w + x];
    }
}
