package org.neurite.nn.loss;

import org.neurite.tensor.Tensor;

/**
 * How a loss turns per-example (or per-element) losses L_i into its result: MEAN is the course's empirical risk
 * J = (1/|X|) sum_i L_i (Definition 3.1), SUM is sum_i L_i, NONE returns the L_i themselves.
 */
public enum Reduction {
    MEAN, SUM, NONE;

    /** Applies this reduction to per-element losses. */
    public Tensor apply(Tensor losses) {
        return switch (this) {
            case MEAN -> losses.mean();
            case SUM -> losses.sum();
            case NONE -> losses;
        };
    }
}
