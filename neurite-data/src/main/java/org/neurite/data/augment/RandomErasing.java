package org.neurite.data.augment;

import org.neurite.tensor.Rng;

/**
 * Random erasing (Zhong et al., 2017; torchvision's {@code RandomErasing}): with probability {@code p}, a rectangle of
 * random area and aspect ratio is filled with a constant in every channel. The network must then classify from the
 * parts of the object it can still see, a regulariser much like dropout on the input's regions.
 *
 * <p>The rectangle is drawn as torchvision draws it: area = {@code H W u}, u uniform in [scaleMin, scaleMax]; aspect
 * ratio r = exp(v), v uniform in [ln ratioMin, ln ratioMax]; height round(sqrt(area r)), width round(sqrt(area / r));
 * up to 10 tries for a rectangle strictly smaller than the image, placed uniformly; no erasing if none fits. Keeps the
 * shape; values are the input's or the fill value.
 */
public final class RandomErasing implements Transform {
    private static final int TRIES = 10;
    private final double p, scaleMin, scaleMax, logRatioMin, logRatioMax;
    private final float value;

    /** torchvision's defaults: p = 0.5, scale [0.02, 0.33], ratio [0.3, 3.3], fill 0. */
    public RandomErasing() {
        this(0.5);
    }

    /** Erases with probability {@code p}, with the default scale, ratio and fill. */
    public RandomErasing(double p) {
        this(p, 0.02, 0.33, 0.3, 3.3, 0f);
    }

    /** Erases with probability {@code p} a fraction in [scaleMin, scaleMax] of the image, aspect in [ratioMin, ratioMax]. */
    public RandomErasing(double p, double scaleMin, double scaleMax, double ratioMin, double ratioMax, float value) {
        Images.checkProbability(p, "RandomErasing");
        if (!(scaleMin > 0 && scaleMin <= scaleMax && scaleMax <= 1))
            throw new IllegalArgumentException("RandomErasing: scale must satisfy 0 < min <= max <= 1, got ["
                    + scaleMin + ", " + scaleMax + "]");
        if (!(ratioMin > 0 && ratioMin <= ratioMax && Double.isFinite(ratioMax)))
            throw new IllegalArgumentException("RandomErasing: ratio must satisfy 0 < min <= max, got ["
                    + ratioMin + ", " + ratioMax + "]");
        if (!Float.isFinite(value)) throw new IllegalArgumentException("RandomErasing: fill value must be finite, got " + value);
        this.p = p;
        this.scaleMin = scaleMin;
        this.scaleMax = scaleMax;
        this.logRatioMin = Math.log(ratioMin);
        this.logRatioMax = Math.log(ratioMax);
        this.value = value;
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        if (!rng.bernoulli(p)) return;
        for (int t = 0; t < TRIES; t++) {
            double area = (double) h * w * (scaleMin + (scaleMax - scaleMin) * rng.nextDouble());
            double ratio = Math.exp(logRatioMin + (logRatioMax - logRatioMin) * rng.nextDouble());
            int eh = (int) Math.round(Math.sqrt(area * ratio)), ew = (int) Math.round(Math.sqrt(area / ratio));
            if (eh < 1 || ew < 1 || eh >= h || ew >= w) continue;
            int top = rng.nextInt(h - eh + 1), left = rng.nextInt(w - ew + 1);
            erase(x, offset, c, h, w, top, left, eh, ew, value);
            return;
        }
    }

    /** Sets rows [top, top + eh) x columns [left, left + ew) of every channel to {@code value}, in place. */
    public static void erase(float[] x, int offset, int c, int h, int w, int top, int left, int eh, int ew, float value) {
        Images.checkRange(x, offset, c, h, w, "RandomErasing");
        if (top < 0 || left < 0 || eh < 0 || ew < 0 || top + eh > h || left + ew > w)
            throw new IllegalArgumentException("RandomErasing: rectangle at (" + top + ", " + left + ") of " + eh + "x" + ew
                    + " outside the " + h + "x" + w + " image");
        for (int ch = 0; ch < c; ch++)
            for (int y = top; y < top + eh; y++) {
                int row = offset + (ch * h + y) * w;
                java.util.Arrays.fill(x, row + left, row + left + ew, value);
            }
    }
}
