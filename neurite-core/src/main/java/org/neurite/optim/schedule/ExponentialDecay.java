package org.neurite.optim.schedule;

import org.neurite.optim.Optimizer;

/**
 * Exponential decay: eta_k = eta_0 gamma^k (PyTorch's ExponentialLR). eta_0 is the optimiser's learning rate when the
 * schedule is built.
 */
public final class ExponentialDecay extends LRScheduler {
    private final float eta0, gamma;

    public ExponentialDecay(Optimizer optimizer, float gamma) {
        super("ExponentialDecay", optimizer);
        this.eta0 = optimizer.learningRate();
        this.gamma = requireNonNegative("gamma", gamma);
        apply();
    }

    @Override
    public float valueAt(long k) {
        return (float) (eta0 * Math.pow(gamma, k));
    }
}
