package org.neurite.nn;

import org.neurite.tensor.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Batch normalisation (the course's Definition 4.1), the common part of {@link BatchNorm1d} and {@link BatchNorm2d}:
 * y = gamma_c (x - mu_c) / sqrt(sigma_c^2 + eps) + beta_c for each channel c (dimension 1).
 *
 * <p>Training mode normalises with the batch's mean and (biased) variance and updates the running statistics,
 * running = (1 - momentum) running + momentum batch, the variance in its unbiased form; eval mode normalises with
 * the running statistics. Defaults momentum 0.1 and eps 1e-5, gamma = 1, beta = 0, running mean 0, running
 * variance 1 (all as PyTorch). State dict: weight (gamma), bias (beta), running_mean, running_var,
 * num_batches_tracked.
 */
public abstract class BatchNorm extends Module {
    protected final int features;
    private final double eps, momentum;
    private final Tensor weight, bias, runningMean, runningVar, batchesTracked;

    protected BatchNorm(int features, double eps, double momentum) {
        if (features < 1 || !(eps > 0) || !(momentum >= 0 && momentum <= 1))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need features >= 1, eps > 0 and "
                    + "momentum in [0, 1]; got " + features + ", " + eps + ", " + momentum);
        this.features = features;
        this.eps = eps;
        this.momentum = momentum;
        weight = registerParameter("weight", Tensor.ones(features));
        bias = registerParameter("bias", Tensor.zeros(features));
        runningMean = registerBuffer("running_mean", Tensor.zeros(features));
        runningVar = registerBuffer("running_var", Tensor.ones(features));
        batchesTracked = registerBuffer("num_batches_tracked", Tensor.zeros());
    }

    /** Whether inputs of this rank are accepted. */
    protected abstract boolean acceptsRank(int rank);

    /** The accepted shapes, as text for errors ("[N, C] or [N, C, L]"). */
    protected abstract String expectedShape();

    @Override
    public Tensor forward(Tensor x) {
        if (!acceptsRank(x.dim()) || x.size(1) != features)
            throw new IllegalArgumentException(this + ": expected input " + expectedShape() + " with C = " + features
                    + ", got " + Shape.str(x.shape()));
        if (isTraining()) Autograd.noGrad(() -> batchesTracked.data()[0] += 1);
        return Functional.batchNorm(x, runningMean, runningVar, weight, bias, isTraining(), momentum, eps);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public Tensor runningMean() {
        return runningMean;
    }

    public Tensor runningVar() {
        return runningVar;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + features + ")";
    }
}
