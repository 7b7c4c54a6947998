package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Batch normalisation: the normalisation, PyTorch's running statistics, both modes, gradients in both modes. */
class BatchNormTest {
    private final Rng rng = new Rng(17);

    @Test
    void trainingNormalisesWithBatchStatisticsAndUpdatesRunningOnes() {
        BatchNorm1d bn = new BatchNorm1d(2);
        Tensor x = Tensor.of(new float[]{1, 10, 2, 20, 3, 30, 4, 40}, 4, 2);
        Tensor y = bn.forward(x);
        // feature 0: mean 2.5, biased var 1.25 -> (x - 2.5) / sqrt(1.25 + 1e-5)
        double s = Math.sqrt(1.25 + 1e-5);
        assertEquals((1 - 2.5) / s, y.get(0, 0), 1e-5);
        assertEquals((4 - 2.5) / s, y.get(3, 0), 1e-5);
        assertEquals((40 - 25) / Math.sqrt(125 + 1e-5), y.get(3, 1), 1e-5);
        // running = 0.9 running + 0.1 batch; the variance unbiased (1.25 * 4/3)
        assertEquals(0.25f, bn.runningMean().get(0), 1e-6);
        assertEquals(2.5f, bn.runningMean().get(1), 1e-6);
        assertEquals(0.9f + 0.1f * 1.25f * 4 / 3, bn.runningVar().get(0), 1e-6);
        assertEquals(0.9f + 0.1f * 125f * 4 / 3, bn.runningVar().get(1), 1e-4);
        assertEquals(1f, bn.stateDict().get("num_batches_tracked").item());
    }

    @Test
    void evalUsesRunningStatistics() {
        BatchNorm2d bn = new BatchNorm2d(3);
        Tensor x = Tensor.randn(rng, 4, 3, 2, 2).mul(3f).add(5f);
        for (int i = 0; i < 3; i++) bn.forward(x);
        float[] rm = bn.runningMean().toFloatArray(), rv = bn.runningVar().toFloatArray();
        bn.eval();
        Tensor y = bn.forward(x);
        for (int c = 0; c < 3; c++)
            assertEquals((x.get(1, c, 1, 0) - rm[c]) / Math.sqrt(rv[c] + 1e-5), y.get(1, c, 1, 0), 1e-4);
        assertArrayEquals(rm, bn.runningMean().toFloatArray(), "eval does not update the statistics");
        bn.train();
        Tensor t = bn.forward(x);
        for (int c = 0; c < 3; c++) {
            Tensor ch = t.slice(1, c, c + 1);
            assertEquals(0, ch.mean().item(), 1e-5);
            assertEquals(1, ch.sub(ch.mean()).square().mean().item(), 1e-3);
        }
    }

    @Test
    void gammaAndBetaApply() {
        BatchNorm1d bn = new BatchNorm1d(1);
        bn.weight().data()[0] = 2;
        bn.bias().data()[0] = -1;
        Tensor y = bn.forward(Tensor.of(new float[]{0, 2}, 2, 1));
        assertEquals(2 * -1 / Math.sqrt(1 + 1e-5) - 1, y.get(0, 0), 1e-5);
        assertEquals(List.of("weight", "bias", "running_mean", "running_var", "num_batches_tracked"),
                List.copyOf(bn.stateDict().keySet()));
    }

    @Test
    void gradientsInTrainingMode() {
        Tensor x = Tensor.randn(rng, 4, 3, 2, 3).requiresGrad(true);
        Tensor g = Tensor.rand(rng, 3).add(0.5f).requiresGrad(true), b = Tensor.randn(rng, 3).requiresGrad(true);
        Gradcheck.Result r = Gradcheck.check(v -> Functional.batchNorm(v.get(0), null, null, v.get(1), v.get(2), true, 0.1, 1e-5),
                List.of(x, g, b));
        assertTrue(r.passed(), r.toString());
        Tensor x1 = Tensor.randn(rng, 5, 2, 3).requiresGrad(true);
        Gradcheck.Result r1 = Gradcheck.check(v -> Functional.batchNorm(v.get(0), null, null, null, null, true, 0.1, 1e-5),
                List.of(x1));
        assertTrue(r1.passed(), r1.toString());
    }

    @Test
    void gradientsInEvalMode() {
        BatchNorm2d bn = new BatchNorm2d(2);
        bn.forward(Tensor.randn(rng, 3, 2, 2, 2).mul(2f));
        bn.eval();
        Tensor x = Tensor.randn(rng, 2, 2, 3, 2).requiresGrad(true);
        Gradcheck.Result r = Gradcheck.check(v -> bn.forward(v.get(0)), List.of(x));
        assertTrue(r.passed(), r.toString());
        Gradcheck.Result p = Gradcheck.check(v -> Functional.batchNorm(x.detach(), bn.runningMean(), bn.runningVar(),
                v.get(0), v.get(1), false, 0.1, 1e-5), List.of(Tensor.ones(2).requiresGrad(true), Tensor.zeros(2).requiresGrad(true)));
        assertTrue(p.passed(), p.toString());
    }

    @Test
    void fusedKernelsMatchTheComposedFormula() {
        // a large mean and a small spread: the fused statistics must not cancel where the textbook formula does not
        for (int[] shape : new int[][]{{8, 5, 7, 9}, {6, 3}, {4, 3, 17}}) {
            Tensor base = Tensor.randn(rng, shape).mul(0.5f).add(100f);
            Tensor gy = Tensor.randn(rng, shape);
            int c = shape[1];
            Tensor[] fused = gradients(base, gy, c, false), composed = gradients(base, gy, c, true);
            for (int i = 0; i < fused.length; i++)
                assertArrayEquals(composed[i].toFloatArray(), fused[i].toFloatArray(), 2e-3f, "output/gradient " + i);
        }
    }

    /** y, dx, dgamma, dbeta and the updated running statistics, by the fused op or by the composed formula. */
    private Tensor[] gradients(Tensor base, Tensor gy, int c, boolean composed) {
        Tensor x = base.detach().requiresGrad(true);
        float[] gv = new float[c], bv = new float[c];
        for (int i = 0; i < c; i++) {
            gv[i] = 0.5f + i / (float) c;
            bv[i] = i - c / 2f;
        }
        Tensor g = Tensor.of(gv, c).requiresGrad(true), b = Tensor.of(bv, c).requiresGrad(true);
        Tensor rm = Tensor.zeros(c), rv = Tensor.ones(c);
        Tensor y = composed ? BatchNormOps.composed(x, rm, rv, g, b, true, 0.1, 1e-5)
                : Functional.batchNorm(x, rm, rv, g, b, true, 0.1, 1e-5);
        y.backward(gy);
        return new Tensor[]{y.detach(), x.grad(), g.grad(), b.grad(), rm, rv};
    }

    @Test
    void secondDerivativesThroughTrainingMode() {
        Tensor x = Tensor.randn(rng, 3, 2, 2, 2).requiresGrad(true);
        Tensor g = Tensor.rand(rng, 2).add(0.5f).requiresGrad(true);
        Gradcheck.Result r = Gradcheck.checkSecondOrder(
                v -> Functional.batchNorm(v.get(0), null, null, v.get(1), null, true, 0.1, 1e-5).tanh().sum(), List.of(x, g));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void errors() {
        var e = assertThrows(IllegalArgumentException.class, () -> new BatchNorm2d(3).forward(Tensor.zeros(2, 4, 5, 5)));
        assertTrue(e.getMessage().contains("BatchNorm2d(3): expected input [N, C, H, W] with C = 3, got [2, 4, 5, 5]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new BatchNorm1d(3).forward(Tensor.zeros(1, 3)));
    }
}
