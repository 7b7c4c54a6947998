package org.neurite.optim;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.neurite.autodiff.Hessian;
import org.neurite.tensor.Tensor;

/**
 * Newton-CG (truncated Newton): the Newton direction d ~ -(H + lambda I)^-1 grad J found by conjugate gradients using
 * Hessian-vector products only ({@link Hessian#hvp}, one extra backward pass each), so H is never formed and any
 * number of parameters works. Then W <- W + t d with a backtracking (Armijo) line search from t = lr.
 *
 * <p>CG stops when the residual |(H + lambda I) d + grad J| falls below min(0.5, sqrt|grad J|) |grad J| (the
 * forcing sequence of Nocedal and Wright, Algorithm 7.1, which gives superlinear convergence near a minimum), after
 * {@link #maxCgIterations(int)} products, or on meeting a direction p of non-positive curvature p^T H p <= 0; in that
 * last case CG keeps the direction built so far, or takes -grad J if it has none, so d is always a descent direction
 * and saddle points repel rather than attract. Parameters: any shapes; state: none.
 */
public final class NewtonCG extends Optimizer {
    private float damping;
    private boolean lineSearch = true;
    private int maxCgIterations = 50;
    private long evaluations, hvps;

    /** Newton-CG with the full step (lr = 1). */
    public NewtonCG(List<Tensor> params) {
        this(params, 1f);
    }

    public NewtonCG(List<Tensor> params, float lr) {
        super("NewtonCG", params, lr);
    }

    /** A fixed damping lambda >= 0 added to H (default 0). */
    public NewtonCG damping(float lambda) {
        this.damping = requireNonNegative("damping", lambda);
        return this;
    }

    /** Backtracking line search on (the default) or off. */
    public NewtonCG lineSearch(boolean on) {
        this.lineSearch = on;
        return this;
    }

    /** The most Hessian-vector products per step (default 50). */
    public NewtonCG maxCgIterations(int k) {
        this.maxCgIterations = requireAtLeastOne("maxCgIterations", k);
        return this;
    }

    @Override
    public NewtonCG l2(float lambda) {
        super.l2(lambda);
        return this;
    }

    @Override
    public NewtonCG l1(float mu) {
        super.l1(mu);
        return this;
    }

    /** Closure evaluations so far, Hessian-vector products not counted. */
    public long functionEvaluations() {
        return evaluations;
    }

    /** Hessian-vector products so far. */
    public long hessianVectorProducts() {
        return hvps;
    }

    /** Always throws: use {@link #step(Supplier)}. */
    @Override
    public void step() {
        throw new IllegalStateException("NewtonCG.step(): needs a closure that evaluates the loss: use step(closure)");
    }

    /** One Newton-CG step; returns the loss before it. */
    @Override
    public float step(Supplier<Tensor> closure) {
        ClosureObjective obj = new ClosureObjective("NewtonCG", params, closure, l2Coefficient(), l1Coefficient());
        int n = obj.n;
        float[] x = obj.read();
        float[] g = new float[n];
        double f = obj.valueAndGradient(x, g);
        float[] d = direction(obj, g);
        double gtd = LineSearches.dot(g, d);
        if (lineSearch) {
            LineSearches.Result r = LineSearches.backtracking(obj, x, f, gtd, d, learningRate(), 1e-4, 40, false);
            obj.write(r.x());
        } else {
            obj.write(LineSearches.move(x, learningRate(), d, new float[n]));
        }
        evaluations += obj.evaluations();
        countStep();
        return (float) f;
    }

    // Truncated CG on (H + lambda I) d = -g from d = 0.
    private float[] direction(ClosureObjective obj, float[] g) {
        int n = g.length;
        double shift = damping + obj.l2();
        double[] d = new double[n], r = new double[n], p = new double[n];
        double rr = 0;
        for (int i = 0; i < n; i++) {
            r[i] = -g[i];
            p[i] = r[i];
            rr += r[i] * r[i];
        }
        double gNorm = Math.sqrt(rr);
        double tol = Math.min(0.5, Math.sqrt(gNorm)) * gNorm;
        for (int k = 0; k < maxCgIterations && Math.sqrt(rr) > tol; k++) {
            double[] bp = hvp(obj, p);
            double pp = 0, curvature = 0;
            for (int i = 0; i < n; i++) {
                bp[i] += shift * p[i];
                curvature += p[i] * bp[i];
                pp += p[i] * p[i];
            }
            if (curvature <= 1e-12 * pp) { // non-positive curvature: stop with what we have
                if (k == 0) for (int i = 0; i < n; i++) d[i] = -g[i];
                break;
            }
            double a = rr / curvature, rrNew = 0;
            for (int i = 0; i < n; i++) {
                d[i] += a * p[i];
                r[i] -= a * bp[i];
                rrNew += r[i] * r[i];
            }
            double beta = rrNew / rr;
            for (int i = 0; i < n; i++) p[i] = r[i] + beta * p[i];
            rr = rrNew;
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) d[i];
        return out;
    }

    private double[] hvp(ClosureObjective obj, double[] v) {
        List<Tensor> vs = new ArrayList<>(params.size());
        int at = 0;
        for (Tensor p : params) {
            float[] part = new float[p.numel()];
            for (int j = 0; j < part.length; j++) part[j] = (float) v[at + j];
            vs.add(Tensor.wrap(part, p.shape()));
            at += part.length;
        }
        List<Tensor> hv = Hessian.hvp(obj::loss, params, vs);
        hvps++;
        double[] out = new double[v.length];
        at = 0;
        for (Tensor t : hv) {
            float[] a = t.data();
            for (int j = 0; j < a.length; j++) out[at + j] = a[j];
            at += a.length;
        }
        return out;
    }

    @Override
    protected String[] bufferNames() {
        return new String[0];
    }

    @Override
    protected void update(ParamState st, float[] w, float[] g, int from, int to) {
        throw new IllegalStateException("NewtonCG: use step(closure)");
    }

    @Override
    protected void saveExtra(Map<String, Long> counters, Map<String, Double> scalars, Map<String, float[]> buffers) {
        counters.put("funcEvals", evaluations);
        counters.put("hvps", hvps);
    }

    @Override
    protected void restoreExtra(OptimizerState state) {
        evaluations = state.counter("funcEvals", 0);
        hvps = state.counter("hvps", 0);
    }
}
