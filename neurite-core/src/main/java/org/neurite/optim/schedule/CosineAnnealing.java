package org.neurite.optim.schedule;

import org.neurite.optim.Optimizer;

/**
 * Cosine annealing (Loshchilov and Hutter's SGDR without restarts):
 * eta_k = eta_min + (eta_0 - eta_min) (1 + cos(pi k / T)) / 2 for k <= T, and eta_min after T.
 * PyTorch's CosineAnnealingLR has the same closed form up to T (its recursive form keeps oscillating beyond T; here
 * the rate stays at eta_min). eta_0 is the optimiser's learning rate when the schedule is built.
 */
public final class CosineAnnealing extends LRScheduler {
    private final float eta0, etaMin;
    private final int tMax;

    /** Cosine from eta_0 to 0 over tMax steps. */
    public CosineAnnealing(Optimizer optimizer, int tMax) {
        this(optimizer, tMax, 0f);
    }

    public CosineAnnealing(Optimizer optimizer, int tMax, float etaMin) {
        super("CosineAnnealing", optimizer);
        this.eta0 = optimizer.learningRate();
        this.tMax = requirePositive("tMax", tMax);
        this.etaMin = requireNonNegative("etaMin", etaMin);
        apply();
    }

    @Override
    public float valueAt(long k) {
        if (k >= tMax) return etaMin;
        return (float) (etaMin + (eta0 - etaMin) * (1 + Math.cos(Math.PI * k / tMax)) / 2);
    }
}
