package org.neurite.optim;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * Adam (the course's Proposition 3.12), elementwise with g = grad J(W) and G_0 = A_0 = 0, at update t = 1, 2, ...:
 * <pre>
 *   G <- alpha G + (1 - alpha) g            first moment (smoothed gradient)
 *   A <- beta A + (1 - beta) g^2            second moment (as RMSProp)
 *   G^ = G / (1 - alpha^t),  A^ = A / (1 - beta^t)      bias corrections for the zero initialisation
 *   W <- W - eta G^ / (sqrt(A^) + eps)
 * </pre>
 * t counts the updates of each parameter (as PyTorch's per-parameter step). eps is outside the square root here, as
 * in the course's Adam, Kingma and Ba, and PyTorch. Defaults are PyTorch's: (alpha, beta) = (0.9, 0.999), eps = 1e-8;
 * PyTorch calls alpha and beta beta1 and beta2. L2 regularisation ({@link #l2(float)}, PyTorch's Adam weight_decay)
 * adds lambda W to g before the moments; for decoupled weight decay use {@link AdamW}.
 * Parameters: any shapes; state per parameter: G and A.
 */
public class Adam extends Optimizer {
    private float alpha = 0.9f, beta = 0.999f;
    private float eps = 1e-8f;

    public Adam(List<Tensor> params, float lr) {
        this("Adam", params, lr);
    }

    Adam(String name, List<Tensor> params, float lr) {
        super(name, params, lr);
    }

    /** The moment decay rates: alpha for G (beta1 in PyTorch) and beta for A (beta2), each in [0, 1). */
    public Adam betas(float alpha, float beta) {
        this.alpha = requireUnit("beta1 (the course's alpha)", alpha);
        this.beta = requireUnit("beta2 (the course's beta)", beta);
        return this;
    }

    /** The eps > 0 added to sqrt(A^). */
    public Adam eps(float eps) {
        this.eps = requirePositive("eps", eps);
        return this;
    }

    @Override
    public Adam l2(float lambda) {
        super.l2(lambda);
        return this;
    }

    @Override
    public Adam l1(float mu) {
        super.l1(mu);
        return this;
    }

    @Override
    protected String[] bufferNames() {
        return new String[]{"G", "A"};
    }

    /** Decoupled weight decay applied to w before the Adam update; none for Adam. */
    protected float decoupledDecay() {
        return 0f;
    }

    @Override
    protected final void update(ParamState st, float[] w, float[] g, int from, int to) {
        float a = alpha, b = beta, e = eps, eta = learningRate();
        float[] gm = st.buffers[0], am = st.buffers[1];
        double bc1 = 1 - Math.pow(a, st.step), bc2 = 1 - Math.pow(b, st.step);
        float stepSize = (float) (eta / bc1);
        float invSqrtBc2 = (float) (1 / Math.sqrt(bc2));
        float keep = 1f - eta * decoupledDecay();
        for (int j = from; j < to; j++) {
            float gj = g[j];
            float gmj = a * gm[j] + (1f - a) * gj;
            float amj = b * am[j] + (1f - b) * gj * gj;
            gm[j] = gmj;
            am[j] = amj;
            float wj = keep == 1f ? w[j] : w[j] * keep;
            w[j] = wj - stepSize * gmj / ((float) Math.sqrt(amj) * invSqrtBc2 + e);
        }
    }
}
