package org.neurite.optim;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * AdaGrad (the course's Definition 3.7): per-weight learning rates from the accumulated squared gradients,
 * elementwise: {@code A <- A + g^2;  W <- W - eta g / sqrt(A + eps)} with g = grad J(W) and A_0 = 0.
 *
 * <p>eps sits inside the square root, as the course writes it; PyTorch's Adagrad uses {@code g / (sqrt(A) + eps)}.
 * The two differ only while A is of the order of eps. The default eps = 1e-10 is PyTorch's value; inside the root it
 * bounds the step by eta |g| / 1e-5 when A is still 0 (never, after the first step, since A >= g^2).
 * Parameters: any shapes; state per parameter: the accumulator A.
 */
public final class AdaGrad extends Optimizer {
    private float eps = 1e-10f;

    public AdaGrad(List<Tensor> params, float lr) {
        super("AdaGrad", params, lr);
    }

    /** The eps > 0 inside the square root. */
    public AdaGrad eps(float eps) {
        this.eps = requirePositive("eps", eps);
        return this;
    }

    @Override
    public AdaGrad l2(float lambda) {
        super.l2(lambda);
        return this;
    }

    @Override
    public AdaGrad l1(float mu) {
        super.l1(mu);
        return this;
    }

    @Override
    protected String[] bufferNames() {
        return new String[]{"A"};
    }

    @Override
    protected void update(ParamState st, float[] w, float[] g, int from, int to) {
        float eta = learningRate(), e = eps;
        float[] a = st.buffers[0];
        for (int j = from; j < to; j++) {
            float gj = g[j];
            float aj = a[j] + gj * gj;
            a[j] = aj;
            w[j] -= eta * gj / (float) Math.sqrt(aj + e);
        }
    }
}
