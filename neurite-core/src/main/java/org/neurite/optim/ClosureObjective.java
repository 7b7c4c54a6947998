package org.neurite.optim;

import java.util.Arrays;
import java.util.List;
import java.util.function.Supplier;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Tensor;

/**
 * The cost J seen by the second-order methods: the parameters as one flat vector x (parameter i's elements follow
 * all of parameter i-1's, row-major), the closure that evaluates J at the parameters' current values, and the
 * optimiser's L2/L1 penalty lambda/2 |x|^2 + mu |x|_1, whose gradient lambda x + mu sign(x) is the one the
 * first-order methods add. Evaluating at x writes x into the parameters.
 */
final class ClosureObjective {
    final List<Tensor> params;
    final Supplier<Tensor> closure;
    final int n;
    private final String owner;
    private final float l2, l1;
    private int evaluations;

    ClosureObjective(String owner, List<Tensor> params, Supplier<Tensor> closure, float l2, float l1) {
        if (closure == null) throw new IllegalArgumentException(owner + ".step: closure is null");
        this.owner = owner;
        this.params = params;
        this.closure = closure;
        this.l2 = l2;
        this.l1 = l1;
        long total = 0;
        for (Tensor p : params) {
            if (!p.requiresGrad())
                throw new IllegalArgumentException(owner + ": parameter of shape " + Arrays.toString(p.shape())
                        + " does not require grad");
            total += p.numel();
        }
        if (total > Integer.MAX_VALUE) throw new IllegalArgumentException(owner + ": too many parameters: " + total);
        this.n = (int) total;
    }

    /** Closure evaluations so far (each is one forward pass). */
    int evaluations() {
        return evaluations;
    }

    /** The parameters' current values as one vector. */
    float[] read() {
        float[] x = new float[n];
        int at = 0;
        for (Tensor p : params) {
            System.arraycopy(p.data(), 0, x, at, p.numel());
            at += p.numel();
        }
        return x;
    }

    /** Writes x into the parameters. */
    void write(float[] x) {
        int at = 0;
        for (Tensor p : params) {
            System.arraycopy(x, at, p.data(), 0, p.numel());
            at += p.numel();
        }
    }

    /** J(x) without gradients (no graph is recorded). */
    double value(float[] x) {
        write(x);
        Tensor loss;
        try (var s = Autograd.noGradScope()) {
            loss = closure.get();
        }
        evaluations++;
        return scalar(loss) + penalty(x);
    }

    /** J(x), with grad J(x) written into g. */
    double valueAndGradient(float[] x, float[] g) {
        write(x);
        double f;
        try (var s = Autograd.enableGradScope()) {
            Tensor loss = closure.get();
            f = scalar(loss);
            List<Tensor> grads = loss.requiresGrad() ? Autograd.grad(loss, params, false) : null;
            int at = 0;
            for (int i = 0; i < params.size(); i++) {
                int m = params.get(i).numel();
                if (grads == null) Arrays.fill(g, at, at + m, 0f);
                else System.arraycopy(grads.get(i).data(), 0, g, at, m);
                at += m;
            }
        }
        evaluations++;
        if (l2 != 0f || l1 != 0f)
            for (int j = 0; j < n; j++) g[j] += l2 * x[j] + l1 * Math.signum(x[j]);
        return f + penalty(x);
    }

    /** The closure as a function of the parameters, for Hessian and Hessian-vector products (no penalty). */
    Tensor loss(List<Tensor> ignored) {
        Tensor loss = closure.get();
        scalar(loss);
        return loss;
    }

    float l2() {
        return l2;
    }

    private double penalty(float[] x) {
        if (l2 == 0f && l1 == 0f) return 0;
        double s2 = 0, s1 = 0;
        for (float v : x) {
            s2 += (double) v * v;
            s1 += Math.abs(v);
        }
        return 0.5 * l2 * s2 + l1 * s1;
    }

    private double scalar(Tensor loss) {
        if (loss == null) throw new IllegalStateException(owner + ".step: the closure returned null");
        if (loss.numel() != 1)
            throw new IllegalArgumentException(owner + ".step: the closure must return a scalar loss, got shape "
                    + Arrays.toString(loss.shape()));
        return loss.item();
    }
}
