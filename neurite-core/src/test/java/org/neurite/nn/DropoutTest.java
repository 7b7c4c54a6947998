package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Dropout and DropConnect: training masks, eval behaviour, and the expected value. */
class DropoutTest {
    @Test
    void trainingDropsAndRescalesEvalIsIdentity() {
        Dropout d = new Dropout(0.25, new Rng(1));
        Tensor x = Tensor.full(2f, 10_000);
        float[] y = d.forward(x).toFloatArray();
        int zeros = 0;
        for (float v : y) {
            if (v == 0) zeros++;
            else assertEquals(2f / 0.75f, v, 1e-6, "survivors are scaled by 1 / (1 - p)");
        }
        assertEquals(0.25, zeros / 10_000.0, 0.02);
        d.eval();
        assertArrayEquals(x.toFloatArray(), d.forward(x).toFloatArray());
    }

    @Test
    void keepsTheExpectedValue() {
        Dropout d = new Dropout(0.5, new Rng(2));
        Tensor x = Tensor.arange(8).add(1f);
        double[] sum = new double[8];
        int trials = 4000;
        for (int t = 0; t < trials; t++) {
            float[] y = d.forward(x).toFloatArray();
            for (int i = 0; i < 8; i++) sum[i] += y[i];
        }
        for (int i = 0; i < 8; i++) assertEquals(i + 1, sum[i] / trials, 0.08 * (i + 1));
        // the course's variant (keep with probability q = 1 - p, scale weights by q at test time) has the same mean
        // as inverted dropout: E[mask * x] = q x at training, q x at test.
    }

    @Test
    void gradientFlowsOnlyThroughKeptUnits() {
        Dropout d = new Dropout(0.5, new Rng(3));
        Tensor x = Tensor.ones(100).requiresGrad(true);
        Tensor y = d.forward(x);
        y.sum().backward();
        float[] yv = y.toFloatArray(), g = x.grad().toFloatArray();
        for (int i = 0; i < 100; i++) assertEquals(yv[i], g[i], 0f);
    }

    @Test
    void dropConnectDropsWeightsInTrainingAndUsesExpectedWeightsInEval() {
        DropConnect dc = new DropConnect(6, 3, 0.4, new Rng(4));
        Tensor x = Tensor.randn(new Rng(5), 2, 6);
        dc.eval();
        Tensor expected = x.matmul(dc.weight().mul(0.6f), false, true).add(dc.bias());
        assertArrayEquals(expected.toFloatArray(), dc.forward(x).toFloatArray(), 1e-5f);
        dc.train();
        // one training step: a weight mask shows up as some gradient entries exactly 0
        dc.forward(x).sum().backward();
        int zeros = 0;
        for (float v : dc.weight().grad().toFloatArray()) if (v == 0) zeros++;
        assertTrue(zeros > 0 && zeros < 18, "some but not all weights dropped: " + zeros);
        // averaged over many masks the training output approaches the eval output
        double[] mean = new double[6];
        int trials = 3000;
        for (int t = 0; t < trials; t++) {
            float[] y = dc.forward(x).toFloatArray();
            for (int i = 0; i < 6; i++) mean[i] += y[i] / trials;
        }
        float[] e = expected.toFloatArray();
        for (int i = 0; i < 6; i++) assertEquals(e[i], mean[i], 0.08);
        assertEquals(java.util.List.of("weight", "bias"), java.util.List.copyOf(dc.stateDict().keySet()));
    }
}
