package org.neurite.optim;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * Gradient clipping, applied between backward() and step() (PyTorch's clip_grad_norm_ and clip_grad_value_).
 * Clipped gradients replace the old ones through setGrad; the old gradient arrays are never written, since a
 * gradient may share storage with another tensor. Parameters without a gradient are skipped.
 */
public final class GradClip {
    private GradClip() {}

    /**
     * Rescales all gradients together so that their global L2 norm (of all gradients as one vector) is at most
     * maxNorm: each g becomes g * maxNorm / (norm + 1e-6) when norm > maxNorm. Returns the norm before clipping.
     */
    public static float clipGradNorm(List<Tensor> params, float maxNorm) {
        return clipGradNorm(params, maxNorm, 2f);
    }

    /**
     * As {@link #clipGradNorm(List, float)} with the p-norm of the given type (p >= 1, or
     * {@code Float.POSITIVE_INFINITY} for the largest absolute value). Returns the norm before clipping.
     */
    public static float clipGradNorm(List<Tensor> params, float maxNorm, float normType) {
        if (!(maxNorm >= 0f))
            throw new IllegalArgumentException("clipGradNorm: maxNorm must be >= 0, got " + maxNorm);
        if (!(normType >= 1f))
            throw new IllegalArgumentException("clipGradNorm: normType must be >= 1 or infinity, got " + normType);
        double norm = gradNorm(params, normType);
        if (Double.isNaN(norm) || Double.isInfinite(norm))
            throw new IllegalStateException("clipGradNorm: the total gradient norm is " + norm
                    + "; the gradients are not finite");
        double coef = maxNorm / (norm + 1e-6);
        if (coef < 1.0) {
            float c = (float) coef;
            for (Tensor p : params) {
                Tensor g = p.grad();
                if (g == null) continue;
                float[] src = g.data(), out = new float[src.length];
                for (int j = 0; j < src.length; j++) out[j] = src[j] * c;
                p.setGrad(Tensor.wrap(out, p.shape()));
            }
        }
        return (float) norm;
    }

    /** Clamps every gradient element into [-clipValue, clipValue]. */
    public static void clipGradValue(List<Tensor> params, float clipValue) {
        if (!(clipValue >= 0f))
            throw new IllegalArgumentException("clipGradValue: clipValue must be >= 0, got " + clipValue);
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            float[] src = g.data(), out = new float[src.length];
            for (int j = 0; j < src.length; j++) out[j] = Math.min(Math.max(src[j], -clipValue), clipValue);
            p.setGrad(Tensor.wrap(out, p.shape()));
        }
    }

    /** The p-norm (p >= 1 or infinity) of all gradients taken as one vector, accumulated in double. */
    public static double gradNorm(List<Tensor> params, float normType) {
        boolean inf = Float.isInfinite(normType);
        double acc = 0;
        for (Tensor p : params) {
            Tensor g = p.grad();
            if (g == null) continue;
            for (float x : g.data()) {
                double a = Math.abs((double) x);
                if (inf) acc = Math.max(acc, a);
                else if (normType == 2f) acc += a * a;
                else if (normType == 1f) acc += a;
                else acc += Math.pow(a, normType);
            }
        }
        if (inf || normType == 1f) return acc;
        return normType == 2f ? Math.sqrt(acc) : Math.pow(acc, 1.0 / normType);
    }
}
