package org.neurite.optim;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * Stochastic gradient descent, with optional momentum and Nesterov accelerated gradient.
 *
 * <p>Plain (the course's Definition 3.2): {@code W <- W - eta grad J(W)}. Online, mini-batch and full-batch
 * (deterministic) gradient descent are all this rule; they differ only in how many samples the gradient averages
 * (batch size 1, b or N), which is the data loader's business.
 *
 * <p>Momentum (Proposition 3.8), with momentum parameter alpha: {@code v <- alpha v - eta grad J(W); W <- W + v}.
 * This is the course's form, and the one implemented. PyTorch keeps {@code b <- alpha b + grad; W <- W - eta b}
 * instead; with a constant eta the two give the same trajectory (v = -eta b). They differ only when eta changes:
 * here a new eta scales only the new gradients (v is a step in parameter units), in PyTorch it rescales the whole
 * accumulated velocity at once. We follow the course so that its formulas can be checked literally.
 *
 * <p>Nesterov (Proposition 3.9): the course takes the gradient at the look-ahead point,
 * {@code v <- alpha v - eta grad J(W + alpha v); W <- W + v}, which would need the model evaluated at a point other
 * than its parameters. With the standard change of variables Phi = W + alpha v (the look-ahead point itself), the
 * same iteration reads {@code v <- alpha v - eta grad J(Phi); Phi <- Phi + alpha v - eta grad J(Phi)} (with v the
 * new velocity), so one gradient per step at the stored parameters suffices. We store Phi in the parameters: since
 * v_0 = 0, Phi_0 = W_0, the gradient read at each step is exactly the course's look-ahead gradient, and the course's
 * W is recovered as Phi - alpha v (the buffer "v" in {@link #state()}); both tend to the same limit. PyTorch's
 * {@code nesterov=True} is the same change of variables.
 *
 * <p>{@link #weightDecay(float)} is L2 regularisation (W <- W - eta (grad J + lambda W)), as in PyTorch's SGD.
 * Parameters: any shapes; state per parameter: the velocity v (only with momentum).
 */
public final class SGD extends Optimizer {
    private float momentum;
    private boolean nesterov;

    /** Plain gradient descent with learning rate eta = lr. */
    public SGD(List<Tensor> params, float lr) {
        super("SGD", params, lr);
    }

    /** The momentum parameter alpha in [0, 1); 0 (the default) is plain gradient descent. */
    public SGD momentum(float alpha) {
        float m = requireUnit("momentum", alpha);
        if (m != 0f && momentum == 0f && stepCount() > 0)
            throw new IllegalStateException("SGD.momentum: cannot switch momentum on after the first step");
        momentum = m;
        return this;
    }

    /** Nesterov accelerated gradient (needs momentum > 0). */
    public SGD nesterov(boolean on) {
        nesterov = on;
        return this;
    }

    /** L2 regularisation lambda, as PyTorch's weight_decay (same as {@link #l2(float)}). */
    public SGD weightDecay(float lambda) {
        super.l2(lambda);
        return this;
    }

    @Override
    public SGD l2(float lambda) {
        super.l2(lambda);
        return this;
    }

    @Override
    public SGD l1(float mu) {
        super.l1(mu);
        return this;
    }

    public float momentum() {
        return momentum;
    }

    public boolean nesterov() {
        return nesterov;
    }

    @Override
    protected String[] bufferNames() {
        return momentum != 0f ? new String[]{"v"} : new String[0];
    }

    @Override
    protected void beforeStep() {
        if (nesterov && momentum == 0f)
            throw new IllegalStateException("SGD: nesterov needs momentum > 0 (got momentum 0)");
    }

    @Override
    protected void update(ParamState st, float[] w, float[] g, int from, int to) {
        float eta = learningRate(), alpha = momentum;
        if (alpha == 0f || st.buffers.length == 0) {
            for (int j = from; j < to; j++) w[j] -= eta * g[j];
            return;
        }
        float[] v = st.buffers[0];
        if (!nesterov) {
            for (int j = from; j < to; j++) {
                float vj = alpha * v[j] - eta * g[j];
                v[j] = vj;
                w[j] += vj;
            }
        } else {
            for (int j = from; j < to; j++) {
                float step = eta * g[j];
                float vj = alpha * v[j] - step;
                v[j] = vj;
                w[j] += alpha * vj - step;
            }
        }
    }
}
