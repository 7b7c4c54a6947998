package org.neurite.optim;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.neurite.tensor.Tensor;

/**
 * L-BFGS (limited-memory BFGS, Nocedal and Wright, Algorithm 7.4-7.5): a quasi-Newton method that builds the product
 * of an inverse-Hessian approximation with the gradient from the last m pairs s_k = W_{k+1} - W_k and
 * y_k = grad J(W_{k+1}) - grad J(W_k) (the two-loop recursion, initial scaling H_0 = (s.y / y.y) I), then moves
 * W <- W + t d along d = -H grad J. Pairs with s.y <= 1e-10 are skipped so H stays positive definite.
 *
 * <p>As PyTorch's LBFGS: {@link #step(Supplier)} takes a closure that evaluates the loss (here it just builds the
 * scalar loss from the parameters; the optimiser differentiates it) and runs up to {@link #maxIter(int)} iterations;
 * the first iteration ever takes t = min(1, 1/|grad J|_1) lr, later ones t = lr. Line search: none (fixed t),
 * {@link LineSearch#BACKTRACKING} (Armijo) or {@link LineSearch#STRONG_WOLFE} (c1 = 1e-4, c2 = 0.9, at most 25
 * evaluations). It stops early when max|grad J| <= toleranceGrad, or when the step, or the change in loss, is below
 * toleranceChange. State: the history, the last direction, step and gradient, so later step() calls continue it.
 * Parameters: any shapes, taken as one flat vector.
 */
public final class LBFGS extends Optimizer {
    /** The line search used along each L-BFGS direction. */
    public enum LineSearch { NONE, BACKTRACKING, STRONG_WOLFE }

    private int historySize = 100;
    private int maxIter = 20;
    private int maxEval = 25;
    private boolean maxEvalSet;
    private float toleranceGrad = 1e-7f, toleranceChange = 1e-9f;
    private LineSearch lineSearch = LineSearch.NONE;

    // Running state, kept across step() calls.
    private final Deque<float[]> sHist = new ArrayDeque<>(), yHist = new ArrayDeque<>();
    private final Deque<Double> rho = new ArrayDeque<>();
    private float[] d, prevGrad;
    private double t, hDiag = 1, prevLoss;
    private long nIter, evaluations;

    /** L-BFGS with lr = 1. */
    public LBFGS(List<Tensor> params) {
        this(params, 1f);
    }

    public LBFGS(List<Tensor> params, float lr) {
        super("LBFGS", params, lr);
    }

    /** How many (s, y) pairs are kept (default 100, PyTorch's history_size). */
    public LBFGS historySize(int m) {
        this.historySize = requireAtLeastOne("historySize", m);
        return this;
    }

    /** Iterations per step() (default 20, PyTorch's max_iter). */
    public LBFGS maxIter(int k) {
        this.maxIter = requireAtLeastOne("maxIter", k);
        if (!maxEvalSet) maxEval = k * 5 / 4;
        return this;
    }

    /** Closure evaluations per step() (default maxIter * 5/4). */
    public LBFGS maxEval(int k) {
        this.maxEval = requireAtLeastOne("maxEval", k);
        maxEvalSet = true;
        return this;
    }

    /** Stop when max|grad J| falls to this (default 1e-7). */
    public LBFGS toleranceGrad(float tol) {
        this.toleranceGrad = requireNonNegative("toleranceGrad", tol);
        return this;
    }

    /** Stop when the step or the change in loss falls below this (default 1e-9). */
    public LBFGS toleranceChange(float tol) {
        this.toleranceChange = requireNonNegative("toleranceChange", tol);
        return this;
    }

    /** The line search (default NONE, as PyTorch). */
    public LBFGS lineSearch(LineSearch ls) {
        if (ls == null) throw new IllegalArgumentException("LBFGS: lineSearch is null");
        this.lineSearch = ls;
        return this;
    }

    @Override
    public LBFGS l2(float lambda) {
        super.l2(lambda);
        return this;
    }

    @Override
    public LBFGS l1(float mu) {
        super.l1(mu);
        return this;
    }

    /** Closure evaluations so far, over all steps. */
    public long functionEvaluations() {
        return evaluations;
    }

    /** L-BFGS iterations so far, over all steps. */
    public long iterations() {
        return nIter;
    }

    /** Always throws: use {@link #step(Supplier)}. */
    @Override
    public void step() {
        throw new IllegalStateException("LBFGS.step(): needs a closure that evaluates the loss: use step(closure)");
    }

    /** Up to maxIter L-BFGS iterations; returns the loss before them. */
    @Override
    public float step(Supplier<Tensor> closure) {
        ClosureObjective obj = new ClosureObjective("LBFGS", params, closure, l2Coefficient(), l1Coefficient());
        int n = obj.n;
        countStep();
        float[] x = obj.read();
        float[] g = new float[n];
        double loss = obj.valueAndGradient(x, g);
        double origLoss = loss;
        int evalsThisStep = 1;
        if (maxAbs(g) <= toleranceGrad) {
            evaluations += obj.evaluations();
            return (float) origLoss;
        }
        for (int k = 1; k <= maxIter; k++) {
            nIter++;
            if (nIter == 1 || d == null) {
                d = negate(g);
                sHist.clear();
                yHist.clear();
                rho.clear();
                hDiag = 1;
            } else {
                float[] s = new float[n], y = new float[n];
                for (int i = 0; i < n; i++) {
                    s[i] = (float) (d[i] * t);
                    y[i] = g[i] - prevGrad[i];
                }
                double ys = LineSearches.dot(y, s);
                if (ys > 1e-10) {
                    if (sHist.size() == historySize) {
                        sHist.removeFirst();
                        yHist.removeFirst();
                        rho.removeFirst();
                    }
                    sHist.addLast(s);
                    yHist.addLast(y);
                    rho.addLast(1.0 / ys);
                    hDiag = ys / LineSearches.dot(y, y);
                }
                d = twoLoop(g, n);
            }
            prevGrad = g.clone();
            prevLoss = loss;
            t = (nIter == 1 ? Math.min(1.0, 1.0 / sumAbs(g)) : 1.0) * learningRate();
            double gtd = LineSearches.dot(g, d);
            if (gtd > -toleranceChange) break; // not a descent direction any more
            int lsEvals;
            switch (lineSearch) {
                case STRONG_WOLFE -> {
                    var r = LineSearches.strongWolfe(obj, x, loss, g, d, t, gtd, 1e-4, 0.9,
                            toleranceChange, 25);
                    t = r.t();
                    x = r.x();
                    loss = r.f();
                    g = r.g();
                    lsEvals = r.evaluations();
                }
                case BACKTRACKING -> {
                    var r = LineSearches.backtracking(obj, x, loss, gtd, d, t, 1e-4, 25, true);
                    t = r.t();
                    x = r.x();
                    loss = r.f();
                    g = r.g();
                    lsEvals = r.evaluations();
                }
                default -> {
                    x = LineSearches.move(x, t, d, new float[n]);
                    if (k != maxIter) {
                        g = new float[n];
                        loss = obj.valueAndGradient(x, g);
                        lsEvals = 1;
                    } else {
                        obj.write(x);
                        lsEvals = 0;
                    }
                }
            }
            evalsThisStep += lsEvals;
            if (t == 0 && lineSearch == LineSearch.BACKTRACKING) break; // no decrease found along d
            if (k == maxIter || evalsThisStep >= maxEval) break;
            if (maxAbs(g) <= toleranceGrad) break;
            if (maxAbs(d) * Math.abs(t) <= toleranceChange) break;
            if (Math.abs(loss - prevLoss) < toleranceChange) break;
        }
        evaluations += obj.evaluations();
        return (float) origLoss;
    }

    // d = -H g by the two-loop recursion over the stored pairs (newest first, then oldest first).
    private float[] twoLoop(float[] g, int n) {
        int m = sHist.size();
        List<float[]> s = new ArrayList<>(sHist), y = new ArrayList<>(yHist);
        List<Double> r = new ArrayList<>(rho);
        double[] q = new double[n];
        for (int i = 0; i < n; i++) q[i] = -g[i];
        double[] al = new double[m];
        for (int j = m - 1; j >= 0; j--) {
            float[] sj = s.get(j), yj = y.get(j);
            double a = 0;
            for (int i = 0; i < n; i++) a += sj[i] * q[i];
            a *= r.get(j);
            al[j] = a;
            for (int i = 0; i < n; i++) q[i] -= a * yj[i];
        }
        for (int i = 0; i < n; i++) q[i] *= hDiag;
        for (int j = 0; j < m; j++) {
            float[] sj = s.get(j), yj = y.get(j);
            double b = 0;
            for (int i = 0; i < n; i++) b += yj[i] * q[i];
            b *= r.get(j);
            for (int i = 0; i < n; i++) q[i] += sj[i] * (al[j] - b);
        }
        float[] out = new float[n];
        for (int i = 0; i < n; i++) out[i] = (float) q[i];
        return out;
    }

    private static float[] negate(float[] g) {
        float[] out = new float[g.length];
        for (int i = 0; i < g.length; i++) out[i] = -g[i];
        return out;
    }

    private static double maxAbs(float[] a) {
        double m = 0;
        for (float v : a) m = Math.max(m, Math.abs(v));
        return m;
    }

    private static double sumAbs(float[] a) {
        double s = 0;
        for (float v : a) s += Math.abs(v);
        return s;
    }

    @Override
    protected String[] bufferNames() {
        return new String[0];
    }

    @Override
    protected void update(ParamState st, float[] w, float[] g, int from, int to) {
        throw new IllegalStateException("LBFGS: use step(closure)");
    }

    @Override
    protected void saveExtra(Map<String, Long> counters, Map<String, Double> scalars, Map<String, float[]> buffers) {
        counters.put("nIter", nIter);
        counters.put("funcEvals", evaluations);
        counters.put("history", (long) sHist.size());
        scalars.put("t", t);
        scalars.put("hDiag", hDiag);
        scalars.put("prevLoss", prevLoss);
        if (d != null) buffers.put("d", d);
        if (prevGrad != null) buffers.put("prevGrad", prevGrad);
        int k = 0;
        for (float[] s : sHist) buffers.put(String.format("s.%04d", k++), s);
        k = 0;
        for (float[] y : yHist) buffers.put(String.format("y.%04d", k++), y);
    }

    @Override
    protected void restoreExtra(OptimizerState state) {
        nIter = state.counter("nIter", 0);
        evaluations = state.counter("funcEvals", 0);
        t = state.scalar("t", 0);
        hDiag = state.scalar("hDiag", 1);
        prevLoss = state.scalar("prevLoss", 0);
        float[] dd = state.buffers().get("d"), pg = state.buffers().get("prevGrad");
        d = dd == null ? null : dd.clone();
        prevGrad = pg == null ? null : pg.clone();
        sHist.clear();
        yHist.clear();
        rho.clear();
        long m = state.counter("history", 0);
        for (int k = 0; k < m; k++) {
            float[] s = state.buffers().get(String.format("s.%04d", k)), y = state.buffers().get(String.format("y.%04d", k));
            if (s == null || y == null)
                throw new IllegalArgumentException("LBFGS.restore: history pair " + k + " of " + m + " is missing");
            sHist.addLast(s.clone());
            yHist.addLast(y.clone());
            rho.addLast(1.0 / LineSearches.dot(y, s));
        }
    }
}
