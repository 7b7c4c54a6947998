package org.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Newton's method (Proposition 3.10), its damped and line-searched forms, Newton-CG and L-BFGS. */
class SecondOrderTest {
    /** J = 1/2 W^T A W - b^T W with A = [[3, 1], [1, 2]], b = (1, -1): minimum A^-1 b = (0.6, -0.8). */
    static Tensor quadratic(Tensor w) {
        Tensor a = Tensor.of(new float[]{3, 1, 1, 2}, 2, 2), b = Tensor.of(new float[]{1, -1}, 2);
        Tensor col = w.reshape(2, 1);
        return col.t().matmul(a).matmul(col).sum().mul(0.5f).sub(w.mul(b).sum());
    }

    /** The saddle x^2 - y^2 (Hessian diag(2, -2), eigenvalues of both signs). */
    static Tensor saddle(Tensor w) {
        return w.square().mul(Tensor.of(new float[]{1, -1}, 2)).sum();
    }

    @Test
    void newtonReachesTheMinimumOfAQuadraticInOneStep() {
        Tensor w = Problems.param(2f, 1.5f);
        Newton opt = new Newton(List.of(w));
        float before = opt.step(() -> quadratic(w));
        // J(W_0) = 1/2 (3*4 + 2*(2*1.5) + 2*1.5^2) - (2 - 1.5) = 11.25 - 0.5, returned by step
        assertEquals(10.75, before, 1e-5);
        assertEquals(0.6, w.data()[0], 1e-5);
        assertEquals(-0.8, w.data()[1], 1e-5);
        assertEquals(0.0, opt.lastDamping());
    }

    @Test
    void newtonCgConvergesOnAQuadraticInAFewSteps() {
        // Truncated CG stops early while the gradient is large (forcing term min(0.5, sqrt|g|)), then solves exactly.
        Tensor w = Problems.param(2f, 1.5f);
        NewtonCG opt = new NewtonCG(List.of(w));
        int steps = 0;
        while (steps < 20 && Math.max(Math.abs(w.data()[0] - 0.6), Math.abs(w.data()[1] + 0.8)) > 1e-5) {
            opt.step(() -> quadratic(w));
            steps++;
        }
        assertTrue(steps <= 6, "Newton-CG took " + steps + " steps to " + w);
        assertTrue(opt.hessianVectorProducts() <= 2L * steps, "products " + opt.hessianVectorProducts());
    }

    @Test
    void plainNewtonGoesToTheSaddle() {
        Tensor w = Problems.param(1f, 0.1f);
        new Newton(List.of(w)).step(() -> saddle(w));
        // H^-1 grad = diag(1/2, -1/2) (2x, -2y) = (x, y): one step lands on the saddle point (0, 0).
        assertEquals(0f, w.data()[0], 1e-7);
        assertEquals(0f, w.data()[1], 1e-7);
    }

    @Test
    void dampedNewtonWithLineSearchMovesAwayFromTheSaddle() {
        Tensor w = Problems.param(1f, 0.1f);
        Newton opt = new Newton(List.of(w)).damping(1e-3f).lineSearch(true);
        float prevLoss = Float.POSITIVE_INFINITY, prevY = 0.1f;
        for (int s = 0; s < 16; s++) {
            float loss = opt.step(() -> saddle(w));
            assertTrue(loss < prevLoss, "the loss must fall: " + loss + " after " + prevLoss);
            assertTrue(Math.abs(w.data()[1]) > Math.abs(prevY), "|y| must grow: " + w);
            // H + lambda I is positive definite only for lambda > 2: the damping was raised (1e-3 -> 10)
            assertTrue(opt.lastDamping() > 2, "damping " + opt.lastDamping());
            prevLoss = loss;
            prevY = w.data()[1];
        }
        assertTrue(Math.hypot(w.data()[0], w.data()[1]) > Math.hypot(1, 0.1), "moved away from (0, 0): " + w);
    }

    @Test
    void newtonCgMovesAwayFromTheSaddle() {
        Tensor w = Problems.param(1f, 0.1f);
        NewtonCG opt = new NewtonCG(List.of(w));
        for (int s = 0; s < 5; s++) opt.step(() -> saddle(w));
        assertTrue(Math.abs(w.data()[1]) > 1, "y should run away from the saddle: " + w);
    }

    @Test
    void singularHessianNeedsDamping() {
        Tensor w = Problems.param(1f, 2f);
        Supplier<Tensor> f = () -> w.sum().square(); // (w1 + w2)^2: H = [[2, 2], [2, 2]], singular
        var e = assertThrows(IllegalStateException.class, () -> new Newton(List.of(w)).step(f));
        assertTrue(e.getMessage().contains("singular"), e.getMessage());
        new Newton(List.of(w)).damping(1e-3f).step(f);
        assertEquals(0, w.data()[0] + w.data()[1], 1e-2);
    }

    // ---------------------------------------------------------------- logistic regression

    private static final int N = 200, D = 3;

    /** Seeded, non-separable data: t ~ Bernoulli(sigmoid(x . (1.5, -2, 0.5) + 0.3)). */
    private static Tensor[] data() {
        Rng rng = new Rng(2024);
        Tensor x = Tensor.randn(rng, N, D);
        float[] t = new float[N];
        float[] xs = x.data();
        for (int i = 0; i < N; i++) {
            double z = 1.5 * xs[i * D] - 2 * xs[i * D + 1] + 0.5 * xs[i * D + 2] + 0.3;
            t[i] = rng.nextDouble() < 1 / (1 + Math.exp(-z)) ? 1f : 0f;
        }
        return new Tensor[]{x, Tensor.of(t, N)};
    }

    /** Mean cross-entropy of logistic regression, log(1 + e^z) - t z with z = X w + b. */
    private static Tensor logisticLoss(Tensor x, Tensor t, Tensor w, Tensor b) {
        Tensor z = x.matmul(w.reshape(D, 1)).reshape(N).add(b);
        return z.exp().add(1f).log().sub(t.mul(z)).mean();
    }

    private static float[] flat(Tensor w, Tensor b) {
        return new float[]{w.data()[0], w.data()[1], w.data()[2], b.data()[0]};
    }

    private static double maxDiff(float[] a, float[] b) {
        double m = 0;
        for (int i = 0; i < a.length; i++) m = Math.max(m, Math.abs(a[i] - b[i]));
        return m;
    }

    @Test
    void newtonAndLbfgsFitLogisticRegressionInFarFewerIterationsThanAdam() {
        Tensor[] d = data();
        Tensor x = d[0], t = d[1];

        Tensor w1 = Tensor.zeros(D).requiresGrad(true), b1 = Tensor.zeros(1).requiresGrad(true);
        Newton newton = new Newton(List.of(w1, b1));
        int newtonSteps = 0;
        while (newtonSteps < 20) {
            newton.step(() -> logisticLoss(x, t, w1, b1));
            newtonSteps++;
            Tensor l = logisticLoss(x, t, w1, b1);
            Tensor gw = org.neurite.tensor.Autograd.grad(l, List.of(w1, b1), false).get(0);
            if (gw.abs().max().item() < 1e-5f) break;
        }
        float[] optimum = flat(w1, b1);
        assertTrue(newtonSteps <= 8, "Newton steps " + newtonSteps);

        Tensor w2 = Tensor.zeros(D).requiresGrad(true), b2 = Tensor.zeros(1).requiresGrad(true);
        LBFGS lbfgs = new LBFGS(List.of(w2, b2)).lineSearch(LBFGS.LineSearch.STRONG_WOLFE).maxIter(100);
        lbfgs.step(() -> logisticLoss(x, t, w2, b2));
        assertTrue(maxDiff(flat(w2, b2), optimum) < 1e-3, "L-BFGS " + w2 + b2 + " vs Newton " + w1 + b1);

        Tensor w3 = Tensor.zeros(D).requiresGrad(true), b3 = Tensor.zeros(1).requiresGrad(true);
        Adam adam = new Adam(List.of(w3, b3), 0.02f);
        int adamSteps = 0;
        while (adamSteps < 20000 && maxDiff(flat(w3, b3), optimum) >= 1e-3) {
            Problems.iterate(adam, () -> logisticLoss(x, t, w3, b3));
            adamSteps++;
        }
        String summary = "Newton " + newtonSteps + " steps, L-BFGS " + lbfgs.functionEvaluations()
                + " evaluations, Adam " + adamSteps + " steps";
        assertTrue(maxDiff(flat(w3, b3), optimum) < 1e-3, "Adam did not reach Newton's optimum: " + summary);
        assertTrue(newtonSteps * 20 < adamSteps, summary);
        assertTrue(lbfgs.functionEvaluations() * 5 < adamSteps, summary);

        // Newton-CG and L-BFGS with backtracking reach the same optimum.
        Tensor w4 = Tensor.zeros(D).requiresGrad(true), b4 = Tensor.zeros(1).requiresGrad(true);
        NewtonCG cg = new NewtonCG(List.of(w4, b4));
        for (int s = 0; s < 10; s++) cg.step(() -> logisticLoss(x, t, w4, b4));
        assertTrue(maxDiff(flat(w4, b4), optimum) < 1e-3, "Newton-CG " + w4 + b4);
        Tensor w5 = Tensor.zeros(D).requiresGrad(true), b5 = Tensor.zeros(1).requiresGrad(true);
        LBFGS back = new LBFGS(List.of(w5, b5)).lineSearch(LBFGS.LineSearch.BACKTRACKING).maxIter(100);
        back.step(() -> logisticLoss(x, t, w5, b5));
        assertTrue(maxDiff(flat(w5, b5), optimum) < 1e-3, "L-BFGS (backtracking) " + w5 + b5);
    }

    @Test
    void newtonRefusesTooManyParameters() {
        Tensor w = Tensor.zeros(50).requiresGrad(true);
        var e = assertThrows(IllegalStateException.class,
                () -> new Newton(List.of(w)).maxParameters(10).step(() -> w.square().sum()));
        assertTrue(e.getMessage().contains("50 parameters") && e.getMessage().contains("NewtonCG"), e.getMessage());
    }

    @Test
    void closureMustReturnAScalar() {
        Tensor w = Problems.param(1, 1);
        var e = assertThrows(IllegalArgumentException.class, () -> new LBFGS(List.of(w)).step(() -> w.square()));
        assertTrue(e.getMessage().contains("scalar") && e.getMessage().contains("[2]"), e.getMessage());
    }
}
