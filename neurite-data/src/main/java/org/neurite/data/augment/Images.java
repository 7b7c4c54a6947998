package org.neurite.data.augment;

/** Helpers shared by the transforms: argument checks and a per-thread scratch plane. */
final class Images {
    private Images() {}

    private static final ThreadLocal<float[][]> SCRATCH = ThreadLocal.withInitial(() -> new float[1][0]);

    /** A per-thread scratch array of at least {@code n} floats (contents undefined). */
    static float[] scratch(int n) {
        float[][] holder = SCRATCH.get();
        if (holder[0].length < n) holder[0] = new float[n];
        return holder[0];
    }

    static void checkRange(float[] x, int offset, int c, int h, int w, String who) {
        if (c <= 0 || h <= 0 || w <= 0)
            throw new IllegalArgumentException(who + ": shape must be positive, got [" + c + ", " + h + ", " + w + "]");
        if (offset < 0 || (long) offset + (long) c * h * w > x.length)
            throw new IllegalArgumentException(who + ": example [" + c + ", " + h + ", " + w + "] at offset " + offset
                    + " does not fit in an array of " + x.length);
    }

    static void checkProbability(double p, String who) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException(who + ": probability must be in [0, 1], got " + p);
    }

    static void checkNonNegative(double v, String what, String who) {
        if (!(v >= 0) || Double.isInfinite(v))
            throw new IllegalArgumentException(who + ": " + what + " must be finite and >= 0, got " + v);
    }

    static float clamp01(float v) {
        return v < 0 ? 0 : (v > 1 ? 1 : v);
    }

    /** A factor uniform in [max(0, 1 - d), 1 + d]. */
    static float factor(double d, org.neurite.tensor.Rng rng) {
        double lo = Math.max(0, 1 - d), hi = 1 + d;
        return (float) (lo + (hi - lo) * rng.nextDouble());
    }
}
