package org.neurite.nn.loss;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Losses against hand-worked numbers and composed oracles; gradients; reductions; penalties. */
class LossesTest {
    private final Rng rng = new Rng(29);
    private final Tensor logits = Tensor.of(new float[]{2, 1, 0.1f, 0.5f, 2.5f, -1, 0, 0, 3}, 3, 3);
    private final Tensor labels = Tensor.of(new float[]{0, 2, 2}, 3);

    /** The composed version the fused op replaces: -mean(logSoftmax(s)[i, y_i]). */
    private static Tensor composed(Tensor s, Tensor y) {
        return s.logSoftmax(1).gather(1, y.reshape(-1, 1)).neg().mean();
    }

    private static void check(Function<List<Tensor>, Tensor> f, Tensor... xs) {
        Gradcheck.Result r = Gradcheck.check(f, List.of(xs));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void crossEntropyMatchesComposedOracleAndHandValue() {
        float fused = Losses.crossEntropy(logits, labels).item();
        assertEquals(composed(logits, labels).item(), fused, 1e-6);
        double row0 = -Math.log(Math.exp(2) / (Math.exp(2) + Math.exp(1) + Math.exp(0.1)));
        assertEquals(row0, Losses.crossEntropy(logits, labels, Reduction.NONE).get(0), 1e-6);
        assertEquals(3 * fused, Losses.crossEntropy(logits, labels, Reduction.SUM).item(), 1e-5);
    }

    @Test
    void crossEntropyGradientIsSoftmaxMinusOneHotOverN() {
        Tensor s = logits.copy().requiresGrad(true);
        Losses.crossEntropy(s, labels).backward();
        Tensor p = logits.softmax(1);
        for (int i = 0; i < 3; i++)
            for (int j = 0; j < 3; j++)
                assertEquals((p.get(i, j) - (labels.get(i) == j ? 1 : 0)) / 3, s.grad().get(i, j), 1e-7);
        Tensor o = logits.copy().requiresGrad(true);
        composed(o, labels).backward();
        assertArrayEquals(o.grad().toFloatArray(), s.grad().toFloatArray(), 1e-6f);
    }

    /**
     * backward() computes the logits' gradient in one pass (no graph to record); with createGraph the Tensor ops
     * run instead. Both must give the same floats, for every reduction, kind of target and label smoothing.
     */
    @Test
    void crossEntropyDirectBackwardEqualsTheRecordedOps() {
        Tensor s = Tensor.randn(rng, 7, 5).mul(3f).requiresGrad(true);
        Tensor indices = Tensor.of(new float[]{0, 4, 2, 2, 1, 3, 0}, 7);
        Tensor soft = Tensor.rand(rng, 7, 5);
        soft = soft.div(soft.sum(1, true));
        for (Tensor targets : List.of(indices, soft))
            for (Reduction reduction : Reduction.values())
                for (double smoothing : new double[]{0, 0.1}) {
                    Tensor loss = Losses.crossEntropy(s, targets, reduction, smoothing);
                    Tensor seed = reduction == Reduction.NONE ? Tensor.rand(rng, 7) : Tensor.scalar(0.7f);
                    Tensor direct = Autograd.grad(loss, List.of(s), seed, false, true).get(0);
                    Tensor recorded = Autograd.grad(loss, List.of(s), seed, true, true).get(0);
                    assertArrayEquals(recorded.toFloatArray(), direct.toFloatArray(),
                            reduction + ", smoothing " + smoothing + ", " + targets.dim() + "-D targets");
                }
    }

    @Test
    void crossEntropySoftTargets() {
        Tensor t = Tensor.of(new float[]{0.7f, 0.2f, 0.1f, 0, 0, 1, 0.3f, 0.3f, 0.4f}, 3, 3);
        float expected = logits.logSoftmax(1).mul(t).sum(1).neg().mean().item();
        assertEquals(expected, Losses.crossEntropy(logits, t).item(), 1e-6);
        Tensor s = logits.copy().requiresGrad(true);
        Losses.crossEntropy(s, t).backward();
        assertArrayEquals(logits.softmax(1).sub(t).div(3f).toFloatArray(), s.grad().toFloatArray(), 1e-6f);
        check(v -> Losses.crossEntropy(v.get(0), v.get(1), Reduction.NONE), Tensor.randn(rng, 4, 5).requiresGrad(true),
                Tensor.rand(rng, 4, 5).softmax(1).requiresGrad(true));
    }

    @Test
    void labelSmoothingMixesTheTargetsWithTheUniformDistribution() {
        // PyTorch: (1 - eps) * nll + eps * mean over classes of -log p, per example; eps = 0.1, C = 3
        Tensor logp = logits.logSoftmax(1);
        float expected = composed(logits, labels).mul(0.9f).add(logp.mean(1).neg().mean().mul(0.1f)).item();
        assertEquals(expected, Losses.crossEntropy(logits, labels, Reduction.MEAN, 0.1).item(), 1e-5);
        assertEquals(Losses.crossEntropy(logits, labels).item(), Losses.crossEntropy(logits, labels, Reduction.MEAN, 0).item());
        Tensor s = logits.copy().requiresGrad(true);
        Losses.crossEntropy(s, labels, Reduction.MEAN, 0.1).backward();
        Tensor smoothed = CrossEntropy.oneHot(labels, 3).mul(0.9f).add(0.1f / 3);
        assertArrayEquals(logits.softmax(1).sub(smoothed).div(3f).toFloatArray(), s.grad().toFloatArray(), 1e-6f);
        check(v -> Losses.crossEntropy(v.get(0), labels, Reduction.SUM, 0.2), Tensor.randn(rng, 3, 3).requiresGrad(true));
        check(v -> Losses.crossEntropy(v.get(0), v.get(1), Reduction.NONE, 0.2), Tensor.randn(rng, 3, 4).requiresGrad(true),
                Tensor.rand(rng, 3, 4).softmax(1).requiresGrad(true));
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, labels, Reduction.MEAN, 1.5));
        assertTrue(e.getMessage().contains("crossEntropy: label smoothing must be in [0, 1], got 1.5"), e.getMessage());
    }

    @Test
    void crossEntropyIsStableAndDifferentiableTwice() {
        Tensor big = Tensor.of(new float[]{1000, 0, -1000, 0}, 2, 2);
        assertEquals(1000, Losses.crossEntropy(big, Tensor.of(new float[]{1, 0}, 2)).item(), 1e-3); // the wrong class by 1000
        assertEquals(0, Losses.crossEntropy(big, Tensor.of(new float[]{0, 1}, 2)).item(), 1e-6);
        check(v -> Losses.crossEntropy(v.get(0), labels), Tensor.randn(rng, 3, 3).requiresGrad(true));
        Gradcheck.Result r = Gradcheck.checkSecondOrder(v -> Losses.crossEntropy(v.get(0), labels),
                List.of(Tensor.randn(rng, 3, 3).requiresGrad(true)));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void nllMseL1() {
        Tensor lp = logits.logSoftmax(1);
        assertEquals(Losses.crossEntropy(logits, labels).item(), Losses.nll(lp, labels).item(), 1e-6);
        Tensor a = Tensor.of(new float[]{1, 2, 3, 4}, 2, 2), b = Tensor.of(new float[]{1, 0, 5, 3}, 2, 2);
        assertEquals((0 + 4 + 4 + 1) / 4f, Losses.mse(a, b).item(), 1e-6);
        assertEquals(9, Losses.mse(a, b, Reduction.SUM).item(), 1e-6);
        assertEquals((0 + 2 + 2 + 1) / 4f, Losses.l1(a, b).item(), 1e-6);
        assertArrayEquals(new float[]{0, 2, 2, 1}, Losses.l1(a, b, Reduction.NONE).toFloatArray());
        check(v -> Losses.mse(v.get(0), v.get(1)), Tensor.randn(rng, 3, 2).requiresGrad(true), Tensor.randn(rng, 3, 2).requiresGrad(true));
        check(v -> Losses.l1(v.get(0), b), Tensor.of(new float[]{1.5f, 2, 3.5f, 4}, 2, 2).requiresGrad(true));
        check(v -> Losses.nll(v.get(0).logSoftmax(1), labels, Reduction.SUM), Tensor.randn(rng, 3, 3).requiresGrad(true));
        assertThrows(IllegalArgumentException.class, () -> Losses.mse(a, Tensor.zeros(4)));
        var e = assertThrows(IllegalArgumentException.class, () -> Losses.crossEntropy(logits, Tensor.of(new float[]{0, 3, 1}, 3)));
        assertTrue(e.getMessage().contains("not a class index in [0, 3)"), e.getMessage());
    }

    @Test
    void binaryCrossEntropyWithLogitsIsStable() {
        Tensor x = Tensor.of(new float[]{-200, -1, 0, 2, 200}, 5), t = Tensor.of(new float[]{0, 1, 1, 0, 1}, 5);
        float[] per = Losses.binaryCrossEntropyWithLogits(x, t, Reduction.NONE).toFloatArray();
        float[] xs = x.toFloatArray(), ts = t.toFloatArray();
        for (int i = 1; i < 4; i++) {
            double s = 1 / (1 + Math.exp(-xs[i]));
            assertEquals(-(ts[i] * Math.log(s) + (1 - ts[i]) * Math.log(1 - s)), per[i], 1e-6);
        }
        assertEquals(0, per[0], 1e-6);
        assertEquals(0, per[4], 1e-6);
        Tensor v = x.copy().requiresGrad(true);
        Losses.binaryCrossEntropyWithLogits(v, t, Reduction.SUM).backward();
        assertArrayEquals(x.sigmoid().sub(t).toFloatArray(), v.grad().toFloatArray(), 1e-6f);
        check(a -> Losses.binaryCrossEntropyWithLogits(a.get(0), a.get(1)), Tensor.randn(rng, 4).requiresGrad(true),
                Tensor.rand(rng, 4).requiresGrad(true));
    }

    @Test
    void hinge() {
        Tensor s = Tensor.of(new float[]{2, 0.5f, -0.3f}, 3), y = Tensor.of(new float[]{1, 1, 1}, 3);
        assertArrayEquals(new float[]{0, 0.5f, 1.3f}, Losses.hinge(s, y, Reduction.NONE).toFloatArray(), 1e-6f);
        // multi-class: row 0 true class 0 with scores (2, 1, 0.1): max(0, 1 - 2 + 1) + max(0, 1 - 2 + 0.1) = 0
        // row 1 true class 2 with (0.5, 2.5, -1): max(0, 1 + 1 + 0.5) + max(0, 1 + 1 + 2.5) = 2.5 + 4.5, over C = 3
        float[] per = Losses.hinge(logits, labels, Reduction.NONE).toFloatArray();
        assertEquals(0, per[0], 1e-6);
        assertEquals(7 / 3f, per[1], 1e-6);
        check(v -> Losses.hinge(v.get(0), labels), Tensor.of(new float[]{2, 1.2f, 0.1f, 0.5f, 2.5f, -1, 0.3f, 0, 3}, 3, 3).requiresGrad(true));
    }

    @Test
    void zeroOneIsAMetricWithoutGradient() {
        assertEquals(1 / 3f, Losses.zeroOne(logits, labels).item(), 1e-6); // row 1 predicts class 1, not 2
        assertEquals(0.5f, Losses.zeroOne(Tensor.of(new float[]{1, -1, 0, -2}, 4), Tensor.of(new float[]{1, 1, 1, 1}, 4)).item());
        Tensor s = logits.copy().requiresGrad(true);
        Tensor z = Losses.zeroOne(s, labels);
        var e = assertThrows(IllegalStateException.class, z::backward);
        assertTrue(e.getMessage().contains("not differentiable"), e.getMessage());
    }

    @Test
    void penaltiesHaveTheCourseGradients() {
        Tensor w = Tensor.of(new float[]{-2, 0.5f, 3}, 3).requiresGrad(true), v = Tensor.of(new float[]{1, -1}, 2).requiresGrad(true);
        Tensor l1 = Losses.l1Penalty(List.of(w, v), 0.1f);
        assertEquals(0.1f * (2 + 0.5f + 3 + 1 + 1), l1.item(), 1e-6);
        l1.backward();
        assertArrayEquals(new float[]{-0.1f, 0.1f, 0.1f}, w.grad().toFloatArray(), 1e-7f); // mu sign(w)
        w.zeroGrad();
        Tensor l2 = Losses.l2Penalty(List.of(w, v), 0.2f);
        assertEquals(0.1f * (4 + 0.25f + 9 + 1 + 1), l2.item(), 1e-5); // lambda/2 sum w^2
        l2.backward();
        assertArrayEquals(new float[]{-0.4f, 0.1f, 0.6f}, w.grad().toFloatArray(), 1e-6f); // lambda w
    }

    @Test
    void reductionsOfPerExampleLosses() {
        Tensor per = Tensor.of(new float[]{1, 2, 6}, 3);
        assertEquals(3, Reduction.MEAN.apply(per).item());
        assertEquals(9, Reduction.SUM.apply(per).item());
        assertArrayEquals(per.toFloatArray(), Reduction.NONE.apply(per).toFloatArray());
        Tensor g = Autograd.noGrad(() -> Losses.crossEntropy(logits, labels, Reduction.NONE));
        assertArrayEquals(new int[]{3}, g.shape());
    }
}
