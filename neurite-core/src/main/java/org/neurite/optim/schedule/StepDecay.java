package org.neurite.optim.schedule;

import org.neurite.optim.Optimizer;

/**
 * Step decay: the rate is multiplied by gamma every stepSize steps, eta_k = eta_0 gamma^floor(k / stepSize)
 * (PyTorch's StepLR). eta_0 is the optimiser's learning rate when the schedule is built.
 */
public final class StepDecay extends LRScheduler {
    private final float eta0, gamma;
    private final int stepSize;

    public StepDecay(Optimizer optimizer, int stepSize, float gamma) {
        super("StepDecay", optimizer);
        this.eta0 = optimizer.learningRate();
        this.stepSize = requirePositive("stepSize", stepSize);
        this.gamma = requireNonNegative("gamma", gamma);
        apply();
    }

    @Override
    public float valueAt(long k) {
        return (float) (eta0 * Math.pow(gamma, k / stepSize));
    }
}
