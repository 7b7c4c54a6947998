package org.neurite.optim;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * RMSProp (the course's Proposition 3.11): a smoothed running average of the squared gradients, elementwise:
 * {@code A <- beta A + (1 - beta) g^2;  W <- W - eta g / sqrt(A + eps)} with g = grad J(W) and A_0 = 0.
 *
 * <p>Defaults follow PyTorch's RMSprop: beta = 0.99 (PyTorch calls it alpha), eps = 1e-8. As in the course eps sits
 * inside the square root; PyTorch uses {@code g / (sqrt(A) + eps)}, which differs only while A is of the order of
 * eps. No bias correction (that is Adam). Parameters: any shapes; state per parameter: the average A.
 */
public final class RMSProp extends Optimizer {
    private float beta = 0.99f;
    private float eps = 1e-8f;

    public RMSProp(List<Tensor> params, float lr) {
        super("RMSProp", params, lr);
    }

    /** The smoothing parameter beta in [0, 1). */
    public RMSProp beta(float beta) {
        this.beta = requireUnit("beta", beta);
        return this;
    }

    /** The eps > 0 inside the square root. */
    public RMSProp eps(float eps) {
        this.eps = requirePositive("eps", eps);
        return this;
    }

    @Override
    public RMSProp l2(float lambda) {
        super.l2(lambda);
        return this;
    }

    @Override
    public RMSProp l1(float mu) {
        super.l1(mu);
        return this;
    }

    @Override
    protected String[] bufferNames() {
        return new String[]{"A"};
    }

    @Override
    protected void update(ParamState st, float[] w, float[] g, int from, int to) {
        float eta = learningRate(), b = beta, c = 1f - beta, e = eps;
        float[] a = st.buffers[0];
        for (int j = from; j < to; j++) {
            float gj = g[j];
            float aj = b * a[j] + c * gj * gj;
            a[j] = aj;
            w[j] -= eta * gj / (float) Math.sqrt(aj + e);
        }
    }
}
