package org.neurite.optim;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * AdamW (Loshchilov and Hutter): Adam with decoupled weight decay. Each update first shrinks the weights,
 * {@code W <- W - eta lambda W}, then takes the {@link Adam} step from the gradient of the unregularised cost (both
 * using the gradient at the old W). Unlike L2 regularisation in Adam, the decay is not divided by sqrt(A^), so every
 * weight decays at the same relative rate. Same as PyTorch's AdamW (default lambda = 0.01).
 * Parameters: any shapes; state per parameter: G and A.
 */
public final class AdamW extends Adam {
    private float weightDecay = 0.01f;

    public AdamW(List<Tensor> params, float lr) {
        super("AdamW", params, lr);
    }

    /** The decoupled weight decay lambda >= 0. */
    public AdamW weightDecay(float lambda) {
        this.weightDecay = requireNonNegative("weightDecay", lambda);
        return this;
    }

    public float weightDecay() {
        return weightDecay;
    }

    @Override
    public AdamW betas(float alpha, float beta) {
        super.betas(alpha, beta);
        return this;
    }

    @Override
    public AdamW eps(float eps) {
        super.eps(eps);
        return this;
    }

    @Override
    public AdamW l2(float lambda) {
        super.l2(lambda);
        return this;
    }

    @Override
    public AdamW l1(float mu) {
        super.l1(mu);
        return this;
    }

    @Override
    protected float decoupledDecay() {
        return weightDecay;
    }
}
