package org.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Tensor;

/**
 * Every first-order method reaches the minimum of an ill-conditioned quadratic and of Rosenbrock's function within a
 * step budget; the adaptive methods need far fewer steps than plain SGD on the ill-conditioned quadratic.
 */
class ConvergenceTest {
    /** J = 1/2 (w1^2 + 100 w2^2): condition number 100, minimum at 0. */
    static Tensor illConditioned(Tensor w) {
        return w.square().mul(Tensor.of(new float[]{0.5f, 50f}, 2)).sum();
    }

    /** Steps until max|W - target| < 1e-3 (and still there at the end of the budget), or -1. */
    static int stepsToReach(Optimizer opt, Tensor w, Function<Tensor, Tensor> f, float tx, float ty, int budget) {
        int reached = -1;
        for (int s = 1; s <= budget; s++) {
            Problems.iterate(opt, () -> f.apply(w));
            float[] v = w.data();
            boolean in = Math.max(Math.abs(v[0] - tx), Math.abs(v[1] - ty)) < 1e-3;
            if (in && reached < 0) reached = s;
            if (!in) reached = -1;
        }
        return reached;
    }

    private static int quadratic(Function<List<Tensor>, Optimizer> make) {
        Tensor w = Problems.param(1, 1);
        return stepsToReach(make.apply(List.of(w)), w, ConvergenceTest::illConditioned, 0, 0, 1000);
    }

    private static int rosenbrock(Function<List<Tensor>, Optimizer> make, int budget) {
        Tensor w = Problems.param(-1.2f, 1f);
        return stepsToReach(make.apply(List.of(w)), w, Problems::rosenbrock, 1, 1, budget);
    }

    @Test
    void everyFirstOrderMethodSolvesTheIllConditionedQuadratic() {
        // SGD's rate 0.019 is just under the stability limit 2/100 of the steep direction, its best possible.
        int sgd = quadratic(p -> new SGD(p, 0.019f));
        int momentum = quadratic(p -> new SGD(p, 0.01f).momentum(0.9f));
        int nesterov = quadratic(p -> new SGD(p, 0.01f).momentum(0.9f).nesterov(true));
        int adaGrad = quadratic(p -> new AdaGrad(p, 0.5f));
        int rmsProp = quadratic(p -> new RMSProp(p, 0.01f));
        int adam = quadratic(p -> new Adam(p, 0.05f));
        int adamW = quadratic(p -> new AdamW(p, 0.05f).weightDecay(0.001f));
        String all = "steps: sgd " + sgd + ", momentum " + momentum + ", nesterov " + nesterov + ", adagrad " + adaGrad
                + ", rmsprop " + rmsProp + ", adam " + adam + ", adamw " + adamW;
        for (int s : new int[]{sgd, momentum, nesterov, adaGrad, rmsProp, adam, adamW})
            assertTrue(s > 0 && s <= 1000, all);
        // The adaptive methods rescale each coordinate, so the conditioning hardly slows them.
        for (int s : new int[]{adaGrad, rmsProp, adam, adamW})
            assertTrue(s < sgd / 2, "adaptive methods should beat SGD: " + all);
    }

    @Test
    void everyFirstOrderMethodSolvesRosenbrock() {
        int sgd = rosenbrock(p -> new SGD(p, 0.001f), 30000);
        int momentum = rosenbrock(p -> new SGD(p, 0.001f).momentum(0.9f), 5000);
        int nesterov = rosenbrock(p -> new SGD(p, 0.001f).momentum(0.9f).nesterov(true), 5000);
        int adaGrad = rosenbrock(p -> new AdaGrad(p, 0.5f), 15000);
        int rmsProp = rosenbrock(p -> new RMSProp(p, 0.0005f), 20000);
        int adam = rosenbrock(p -> new Adam(p, 0.02f), 10000);
        int adamW = rosenbrock(p -> new AdamW(p, 0.02f).weightDecay(0f), 10000);
        String all = "steps: sgd " + sgd + ", momentum " + momentum + ", nesterov " + nesterov + ", adagrad " + adaGrad
                + ", rmsprop " + rmsProp + ", adam " + adam + ", adamw " + adamW;
        for (int s : new int[]{sgd, momentum, nesterov, adaGrad, rmsProp, adam, adamW}) assertTrue(s > 0, all);
    }

    @Test
    void lbfgsSolvesRosenbrock() {
        Tensor w = Problems.param(-1.2f, 1f);
        LBFGS opt = new LBFGS(List.of(w)).lineSearch(LBFGS.LineSearch.STRONG_WOLFE).maxIter(100).maxEval(200);
        for (int s = 0; s < 5; s++) opt.step(() -> Problems.rosenbrock(w));
        assertTrue(Math.abs(w.data()[0] - 1) < 1e-3 && Math.abs(w.data()[1] - 1) < 1e-3,
                "L-BFGS ended at " + w + " after " + opt.functionEvaluations() + " evaluations");
        assertTrue(opt.functionEvaluations() < 200, "evaluations " + opt.functionEvaluations());
    }
}
