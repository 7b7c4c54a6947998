package org.neurite.optim;

import java.util.List;
import java.util.function.Supplier;
import org.neurite.autodiff.Hessian;
import org.neurite.tensor.Tensor;

/**
 * Newton's method (the course's Proposition 3.10): {@code W <- W - H^-1 grad J(W)}, with the exact Hessian
 * H = d^2 J / dW^2 of all parameters taken as one vector (from {@link Hessian}, n backward passes for n parameters,
 * so for models of up to a few thousand parameters; beyond that use {@link NewtonCG} or {@link LBFGS}).
 *
 * <p>Needs the loss re-evaluated: call {@link #step(Supplier)} with a closure that builds the scalar loss from the
 * parameters (without calling backward). The learning rate scales the step (1, the default, is the course's rule).
 *
 * <p>Options, because plain Newton is attracted to saddle points (Remark 3.8: it solves grad J = 0, and at a saddle
 * H has eigenvalues of both signs, so -H^-1 grad J can point uphill):
 * <ul>
 * <li>{@link #damping(float)} lambda > 0 (Levenberg-Marquardt style): solve (H + lambda' I) d = -grad J where lambda'
 * is the first of lambda, 10 lambda, 100 lambda, ... that makes H + lambda' I positive definite (its Cholesky
 * factorisation succeeds). d is then a descent direction; a large lambda' turns the step towards gradient descent
 * with rate 1/lambda'. Without damping the system is solved by LU with partial pivoting (any non-singular H).</li>
 * <li>{@link #lineSearch(boolean)}: backtracking from t = lr, halving until the Armijo condition
 * J(W + t d) <= J(W) + c1 t grad J . d holds (c1 = 1e-4). If d is not a descent direction, -grad J is used.</li>
 * </ul>
 * The linear algebra is in double precision. Parameters: any shapes, n = total element count; state: none.
 */
public final class Newton extends Optimizer {
    private float damping;
    private boolean lineSearch;
    private int maxParameters = 4096;
    private int maxBacktracks = 40;
    private double lastDamping;
    private long evaluations;

    /** Newton's method with the full step (lr = 1). */
    public Newton(List<Tensor> params) {
        this(params, 1f);
    }

    /** Newton's method with the step scaled by lr (the initial step of the line search when it is on). */
    public Newton(List<Tensor> params, float lr) {
        super("Newton", params, lr);
    }

    /** The initial Levenberg-Marquardt damping lambda >= 0 (0, the default, is plain Newton). */
    public Newton damping(float lambda) {
        this.damping = requireNonNegative("damping", lambda);
        return this;
    }

    /** Turns the backtracking (Armijo) line search on or off (off by default). */
    public Newton lineSearch(boolean on) {
        this.lineSearch = on;
        return this;
    }

    /** The largest parameter count accepted (default 4096; the Hessian has n^2 entries). */
    public Newton maxParameters(int n) {
        this.maxParameters = requireAtLeastOne("maxParameters", n);
        return this;
    }

    @Override
    public Newton l2(float lambda) {
        super.l2(lambda);
        return this;
    }

    @Override
    public Newton l1(float mu) {
        super.l1(mu);
        return this;
    }

    /** The damping lambda' used by the last step (0 for plain Newton). */
    public double lastDamping() {
        return lastDamping;
    }

    /** Closure evaluations so far (the Hessian's own passes not counted). */
    public long functionEvaluations() {
        return evaluations;
    }

    /** Always throws: Newton's method needs the loss re-evaluated, use {@link #step(Supplier)}. */
    @Override
    public void step() {
        throw new IllegalStateException("Newton.step(): Newton's method needs a closure that evaluates the loss: "
                + "use step(closure)");
    }

    /** One Newton step; returns the loss before it. */
    @Override
    public float step(Supplier<Tensor> closure) {
        ClosureObjective obj = new ClosureObjective("Newton", params, closure, l2Coefficient(), l1Coefficient());
        int n = obj.n;
        if (n > maxParameters)
            throw new IllegalStateException("Newton: " + n + " parameters (" + shapes(params) + ") exceed maxParameters "
                    + maxParameters + " (the Hessian has n^2 entries); use NewtonCG or LBFGS, or raise maxParameters");
        float[] x = obj.read();
        float[] g = new float[n];
        double f = obj.valueAndGradient(x, g);
        float[] hf = Hessian.hessian(obj::loss, params).data();
        double[] h = new double[n * n];
        for (int i = 0; i < n; i++)
            for (int j = 0; j < n; j++) // symmetrise: the float Hessian is symmetric only up to rounding
                h[i * n + j] = 0.5 * ((double) hf[i * n + j] + hf[j * n + i]) + (i == j ? l2Coefficient() : 0);
        double[] d = new double[n];
        for (int i = 0; i < n; i++) d[i] = -g[i];
        lastDamping = solve(h, n, d);
        float[] df = new float[n];
        for (int i = 0; i < n; i++) df[i] = (float) d[i];
        if (lineSearch) {
            double gtd = LineSearches.dot(g, df);
            if (!(gtd < 0)) { // not a descent direction (or zero): fall back to steepest descent
                for (int i = 0; i < n; i++) df[i] = -g[i];
                gtd = -LineSearches.dot(g, g);
            }
            LineSearches.Result r = LineSearches.backtracking(obj, x, f, gtd, df, learningRate(), 1e-4, maxBacktracks, false);
            obj.write(r.x());
        } else {
            obj.write(LineSearches.move(x, learningRate(), df, new float[n]));
        }
        evaluations += obj.evaluations();
        countStep();
        return (float) f;
    }

    // Solves (H + lambda' I) d = rhs in place; returns lambda'.
    private double solve(double[] h, int n, double[] rhs) {
        if (damping == 0f) {
            if (!LinAlg.luSolve(h.clone(), n, rhs))
                throw new IllegalStateException("Newton: the Hessian (" + n + " x " + n + ") is singular; "
                        + "set damping(lambda) > 0");
            return 0;
        }
        double lambda = damping;
        double[] a = new double[n * n];
        for (int attempt = 0; attempt < 60; attempt++, lambda *= 10) {
            System.arraycopy(h, 0, a, 0, a.length);
            for (int i = 0; i < n; i++) a[i * n + i] += lambda;
            if (LinAlg.cholesky(a, n)) {
                LinAlg.choleskySolve(a, n, rhs);
                return lambda;
            }
        }
        throw new IllegalStateException("Newton: H + lambda I is not positive definite even for lambda = " + lambda
                + "; the Hessian is not finite");
    }

    @Override
    protected String[] bufferNames() {
        return new String[0];
    }

    @Override
    protected void update(ParamState st, float[] w, float[] g, int from, int to) {
        throw new IllegalStateException("Newton: use step(closure)");
    }

    @Override
    protected void saveExtra(java.util.Map<String, Long> counters, java.util.Map<String, Double> scalars,
                             java.util.Map<String, float[]> buffers) {
        counters.put("funcEvals", evaluations);
    }

    @Override
    protected void restoreExtra(OptimizerState state) {
        evaluations = state.counter("funcEvals", 0);
    }
}
