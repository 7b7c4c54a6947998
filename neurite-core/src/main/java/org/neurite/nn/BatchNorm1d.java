package org.neurite.nn;

/**
 * Batch normalisation over [N, C] (per feature) or [N, C, L] (per channel, over N and L); output of the same shape.
 * See {@link BatchNorm} for the formula, modes and defaults.
 */
public class BatchNorm1d extends BatchNorm {
    public BatchNorm1d(int features) {
        this(features, 1e-5, 0.1);
    }

    public BatchNorm1d(int features, double eps, double momentum) {
        super(features, eps, momentum);
    }

    @Override
    protected boolean acceptsRank(int rank) {
        return rank == 2 || rank == 3;
    }

    @Override
    protected String expectedShape() {
        return "[N, C] or [N, C, L]";
    }
}
