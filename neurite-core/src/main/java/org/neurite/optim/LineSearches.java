package org.neurite.optim;

/**
 * Line searches along a direction d from x for the second-order methods: backtracking with the Armijo condition,
 * and the strong Wolfe conditions (Nocedal and Wright, Algorithms 3.5 and 3.6, with cubic interpolation).
 * With phi(t) = J(x + t d) and phi'(0) = grad J(x) . d < 0:
 * Armijo: phi(t) <= phi(0) + c1 t phi'(0); strong Wolfe adds |phi'(t)| <= c2 |phi'(0)|.
 */
final class LineSearches {
    private LineSearches() {}

    /** An accepted step: t, the point x + t d, J there, its gradient (null when not computed), evaluations used. */
    record Result(double t, float[] x, double f, float[] g, int evaluations) {}

    /** x + t d, rounded to float. */
    static float[] move(float[] x, double t, float[] d, float[] out) {
        for (int i = 0; i < x.length; i++) out[i] = (float) (x[i] + t * d[i]);
        return out;
    }

    /**
     * Backtracking: t = t0, t0/2, t0/4, ... until the Armijo condition holds; after maxIter halvings, returns t = 0
     * (x itself). When withGradient, the gradient at the accepted point is evaluated too.
     */
    static Result backtracking(ClosureObjective obj, float[] x, double f, double gtd, float[] d, double t0,
                               double c1, int maxIter, boolean withGradient) {
        float[] xt = new float[x.length];
        double t = t0;
        int evals = 0;
        for (int k = 0; k < maxIter; k++, t *= 0.5) {
            move(x, t, d, xt);
            double ft;
            float[] gt = null;
            if (withGradient) {
                gt = new float[x.length];
                ft = obj.valueAndGradient(xt, gt);
            } else {
                ft = obj.value(xt);
            }
            evals++;
            if (ft <= f + c1 * t * gtd) return new Result(t, xt, ft, gt, evals);
        }
        float[] g0 = null;
        double f0 = f;
        if (withGradient) {
            g0 = new float[x.length];
            f0 = obj.valueAndGradient(x, g0);
            evals++;
        } else {
            obj.write(x);
        }
        return new Result(0, x.clone(), f0, g0, evals);
    }

    /** Strong Wolfe line search from t (PyTorch's LBFGS line_search_fn="strong_wolfe" follows the same algorithm). */
    static Result strongWolfe(ClosureObjective obj, float[] x, double f, float[] g, float[] d, double t, double gtd,
                              double c1, double c2, double tolChange, int maxLs) {
        int n = x.length;
        double dNorm = 0;
        for (float v : d) dNorm = Math.max(dNorm, Math.abs(v));
        float[] xt = new float[n];
        float[] gNew = new float[n];
        double fNew = obj.valueAndGradient(move(x, t, d, xt), gNew);
        int evals = 1;
        double gtdNew = dot(gNew, d);

        double tPrev = 0, fPrev = f, gtdPrev = gtd;
        float[] gPrev = g.clone();
        boolean done = false;
        int ls = 0;
        double[] bt, bf, bgtd;
        float[][] bg;
        // Bracketing phase: grow t until an interval containing acceptable points is found.
        while (true) {
            if (fNew > f + c1 * t * gtd || (ls > 1 && fNew >= fPrev)) {
                bt = new double[]{tPrev, t}; bf = new double[]{fPrev, fNew};
                bgtd = new double[]{gtdPrev, gtdNew}; bg = new float[][]{gPrev, gNew.clone()};
                break;
            }
            if (Math.abs(gtdNew) <= -c2 * gtd) {
                bt = new double[]{t}; bf = new double[]{fNew}; bgtd = new double[]{gtdNew};
                bg = new float[][]{gNew.clone()};
                done = true;
                break;
            }
            if (gtdNew >= 0) {
                bt = new double[]{tPrev, t}; bf = new double[]{fPrev, fNew};
                bgtd = new double[]{gtdPrev, gtdNew}; bg = new float[][]{gPrev, gNew.clone()};
                break;
            }
            if (ls == maxLs) { // no bracket found: settle for [0, t]
                bt = new double[]{0, t}; bf = new double[]{f, fNew};
                bgtd = new double[]{gtd, gtdNew}; bg = new float[][]{g.clone(), gNew.clone()};
                break;
            }
            double minStep = t + 0.01 * (t - tPrev), maxStep = t * 10;
            double next = cubicMinimum(tPrev, fPrev, gtdPrev, t, fNew, gtdNew, minStep, maxStep);
            tPrev = t; fPrev = fNew; gPrev = gNew.clone(); gtdPrev = gtdNew;
            t = next;
            fNew = obj.valueAndGradient(move(x, t, d, xt), gNew);
            evals++;
            gtdNew = dot(gNew, d);
            ls++;
        }
        // Zoom phase: shrink the bracket [lo, hi] until the strong Wolfe conditions hold.
        boolean insufficientProgress = false;
        int lo = bt.length == 1 ? 0 : (bf[0] <= bf[1] ? 0 : 1);
        while (!done && ls < maxLs) {
            int hi = 1 - lo;
            if (Math.abs(bt[1] - bt[0]) * dNorm < tolChange) break;
            double lowB = Math.min(bt[0], bt[1]), highB = Math.max(bt[0], bt[1]);
            t = cubicMinimum(bt[0], bf[0], bgtd[0], bt[1], bf[1], bgtd[1], lowB, highB);
            // Keep the trial point away from the bracket's ends, or the interval stops shrinking.
            double margin = 0.1 * (highB - lowB);
            if (Math.min(highB - t, t - lowB) < margin) {
                if (insufficientProgress || t >= highB || t <= lowB) {
                    t = Math.abs(t - highB) < Math.abs(t - lowB) ? highB - margin : lowB + margin;
                    insufficientProgress = false;
                } else {
                    insufficientProgress = true;
                }
            } else {
                insufficientProgress = false;
            }
            fNew = obj.valueAndGradient(move(x, t, d, xt), gNew);
            evals++;
            gtdNew = dot(gNew, d);
            ls++;
            if (fNew > f + c1 * t * gtd || fNew >= bf[lo]) {
                bt[hi] = t; bf[hi] = fNew; bgtd[hi] = gtdNew; bg[hi] = gNew.clone();
            } else {
                if (Math.abs(gtdNew) <= -c2 * gtd) done = true;
                else if (gtdNew * (bt[hi] - bt[lo]) >= 0) {
                    bt[hi] = bt[lo]; bf[hi] = bf[lo]; bgtd[hi] = bgtd[lo]; bg[hi] = bg[lo];
                }
                bt[lo] = t; bf[lo] = fNew; bgtd[lo] = gtdNew; bg[lo] = gNew.clone();
            }
            lo = bf[0] <= bf[1] ? 0 : 1;
        }
        float[] xBest = move(x, bt[lo], d, new float[n]);
        obj.write(xBest);
        return new Result(bt[lo], xBest, bf[lo], bg[lo], evals);
    }

    /**
     * The minimiser of the cubic through (x1, f1) and (x2, f2) with slopes g1 and g2, clamped to [lo, hi]; the
     * midpoint when the cubic has no minimum.
     */
    static double cubicMinimum(double x1, double f1, double g1, double x2, double f2, double g2, double lo, double hi) {
        double d1 = g1 + g2 - 3 * (f1 - f2) / (x1 - x2);
        double d2sq = d1 * d1 - g1 * g2;
        if (d2sq >= 0) {
            double d2 = Math.sqrt(d2sq);
            double m = x1 <= x2
                    ? x2 - (x2 - x1) * ((g2 + d2 - d1) / (g2 - g1 + 2 * d2))
                    : x1 - (x1 - x2) * ((g1 + d2 - d1) / (g1 - g2 + 2 * d2));
            if (!Double.isNaN(m)) return Math.min(Math.max(m, lo), hi);
        }
        return (lo + hi) / 2;
    }

    static double dot(float[] a, float[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += (double) a[i] * b[i];
        return s;
    }
}
