package org.neurite.optim.schedule;

import org.neurite.optim.Optimizer;

/**
 * The course's linear annealing (Proposition 3.2, "simulated annealing" of the learning rate): from eta_0 down to
 * eta_tau over tau steps, then constant:
 * <pre>
 *   eta_k = (1 - k/tau) eta_0 + (k/tau) eta_tau    for k <= tau
 *   eta_k = eta_tau                                 for k > tau
 * </pre>
 * eta_0 is the optimiser's learning rate when the schedule is built. PyTorch's LinearLR is the same line written
 * with factors (start_factor = 1, end_factor = eta_tau / eta_0, total_iters = tau).
 */
public final class LinearAnnealing extends LRScheduler {
    private final float eta0, etaTau;
    private final int tau;

    /** Anneals from the optimiser's current rate eta_0 to etaTau over tau steps. */
    public LinearAnnealing(Optimizer optimizer, int tau, float etaTau) {
        super("LinearAnnealing", optimizer);
        this.eta0 = optimizer.learningRate();
        this.tau = requirePositive("tau", tau);
        this.etaTau = requireNonNegative("etaTau", etaTau);
        apply();
    }

    @Override
    public float valueAt(long k) {
        if (k >= tau) return etaTau;
        double r = (double) k / tau;
        return (float) ((1 - r) * eta0 + r * etaTau);
    }
}
