package org.neurite.data.augment;

import java.util.Arrays;
import org.neurite.tensor.Rng;

/**
 * Per-channel standardisation {@code x_c <- (x_c - mean_c) / std_c}. Deterministic: it is preprocessing, not
 * augmentation, so a loader applies it to training and evaluation data alike (after any augmentation). Keeps the
 * shape; maps [0, 1] to {@code [-mean_c / std_c, (1 - mean_c) / std_c]}. One mean and std may serve all channels.
 */
public final class Normalize implements Transform {
    private final float[] mean, std;

    /** Channel means and standard deviations (equal lengths; length 1 means the same for every channel). */
    public Normalize(float[] mean, float[] std) {
        if (mean.length == 0 || mean.length != std.length)
            throw new IllegalArgumentException("Normalize: need as many means as stds (at least one), got "
                    + Arrays.toString(mean) + " and " + Arrays.toString(std));
        for (float s : std)
            if (!(s > 0) || Float.isInfinite(s))
                throw new IllegalArgumentException("Normalize: std must be finite and > 0, got " + Arrays.toString(std));
        this.mean = mean.clone();
        this.std = std.clone();
    }

    @Override
    public void checkShape(int c, int h, int w) {
        if (mean.length != 1 && mean.length != c)
            throw new IllegalArgumentException("Normalize: " + mean.length + " channel means for examples [" + c + ", "
                    + h + ", " + w + "]");
    }

    /** Normalises the example in place (no randomness). */
    public void apply(float[] x, int offset, int c, int h, int w) {
        Images.checkRange(x, offset, c, h, w, "Normalize");
        checkShape(c, h, w);
        int plane = h * w;
        for (int ch = 0; ch < c; ch++) {
            int k = mean.length == 1 ? 0 : ch;
            float m = mean[k], inv = 1f / std[k];
            int base = offset + ch * plane;
            for (int i = base; i < base + plane; i++) x[i] = (x[i] - m) * inv;
        }
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        apply(x, offset, c, h, w);
    }
}
