package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Activations, Flatten, Residual, Embedding and the initialisers. */
class LayersTest {
    private final Rng rng = new Rng(23);
    private final Tensor x = Tensor.of(new float[]{-2, -0.5f, 0, 0.5f, 3}, 5);

    @Test
    void activationValues() {
        assertArrayEquals(new float[]{-1, -1, 1, 1, 1}, new Sign().forward(x).toFloatArray());
        assertArrayEquals(new float[]{0, 0, 1, 1, 1}, new Step().forward(x).toFloatArray());
        assertArrayEquals(new float[]{0, 0, 0, 0.5f, 3}, new ReLU().forward(x).toFloatArray());
        assertArrayEquals(new float[]{-0.2f, -0.05f, 0, 0.5f, 3}, new LeakyReLU(0.1f).forward(x).toFloatArray(), 1e-7f);
        assertEquals(Math.tanh(0.5), new Tanh().forward(x).get(3), 1e-6);
        assertEquals(1 / (1 + Math.exp(2)), new Sigmoid().forward(x).get(0), 1e-6);
        Tensor logits = Tensor.of(new float[]{1, 2, 3, 1, 1, 1}, 2, 3);
        Tensor p = new Softmax().forward(logits);
        double z = Math.exp(1) + Math.exp(2) + Math.exp(3);
        assertEquals(Math.exp(3) / z, p.get(0, 2), 1e-6);
        assertEquals(1 / 3.0, p.get(1, 0), 1e-6);
        assertEquals(Math.log(Math.exp(1) / z), new LogSoftmax().forward(logits).get(0, 0), 1e-6);
        assertArrayEquals(new float[]{1f / 3, 1f / 3}, new Softmax(0).forward(Tensor.of(new float[]{1, 1, 1, 1, 1, 1}, 3, 2)).slice(0, 0, 1).toFloatArray(), 1e-6f);
    }

    @Test
    void activationGradients() {
        Tensor v = Tensor.of(new float[]{-2, -0.5f, 0.7f, 3}, 4).requiresGrad(true);
        for (Module m : List.of(new LeakyReLU(0.2f), new Tanh(), new Sigmoid(), new ReLU(), new Softmax(), new LogSoftmax())) {
            Gradcheck.Result r = Gradcheck.check(a -> m.forward(a.get(0)), List.of(v));
            assertTrue(r.passed(), m + ": " + r);
        }
        Tensor s = new Sign().forward(v);
        s.sum().backward();
        assertArrayEquals(new float[4], v.grad().toFloatArray(), "sign has zero gradient");
    }

    @Test
    void flattenAndResidual() {
        assertArrayEquals(new int[]{2, 60}, new Flatten().forward(Tensor.zeros(2, 3, 4, 5)).shape());
        Linear f = new Linear(3, 3, new Rng(1));
        Tensor in = Tensor.randn(rng, 2, 3);
        Residual res = new Residual(f);
        assertArrayEquals(f.forward(in).add(in).toFloatArray(), res.forward(in).toFloatArray(), 1e-6f);
        // F changes the shape: a 1x1 projection with stride matches it, as ResNet's basic block does
        Module block = new Sequential(new Conv2d(2, 4, 3, new Rng(2)).stride(2).padding(1), new ReLU());
        Residual proj = Residual.withProjection(block, 2, 4, 2);
        Tensor img = Tensor.randn(rng, 1, 2, 6, 6);
        assertArrayEquals(new int[]{1, 4, 3, 3}, proj.forward(img).shape());
        assertEquals(List.of("fn.0.weight", "fn.0.bias", "projection.weight"), List.copyOf(proj.stateDict().keySet()));
        var e = assertThrows(IllegalArgumentException.class, () -> new Residual(block).forward(img));
        assertTrue(e.getMessage().contains("projection"), e.getMessage());
        Gradcheck.Result r = Gradcheck.check(a -> proj.forward(a.get(0)), List.of(img.requiresGrad(true)));
        assertTrue(r.passed(), r.toString());
    }

    @Test
    void embeddingLooksUpRows() {
        Embedding emb = new Embedding(5, 3, new Rng(3));
        Tensor idx = Tensor.of(new float[]{4, 0, 4, 2}, 2, 2);
        Tensor y = emb.forward(idx);
        assertArrayEquals(new int[]{2, 2, 3}, y.shape());
        assertEquals(emb.weight().get(4, 1), y.get(0, 0, 1));
        assertEquals(emb.weight().get(2, 2), y.get(1, 1, 2));
        y.sum().backward();
        assertArrayEquals(new float[]{1, 1, 1, 0, 0, 0, 1, 1, 1, 0, 0, 0, 2, 2, 2}, emb.weight().grad().toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(new float[]{5}, 1)));
        assertThrows(IllegalArgumentException.class, () -> emb.forward(Tensor.of(new float[]{1.5f}, 1)));
    }

    @Test
    void initialisersHaveTheirStatistics() {
        Tensor w = Tensor.zeros(400, 300);
        Init.kaimingNormal(w, new Rng(1));
        assertEquals(Math.sqrt(2.0 / 300), std(w), 0.002);
        Init.xavierUniform(w, new Rng(2));
        double a = Math.sqrt(6.0 / 700);
        for (float v : w.toFloatArray()) assertTrue(Math.abs(v) <= a);
        assertEquals(a / Math.sqrt(3), std(w), 0.002);
        Init.xavierNormal(w, new Rng(3));
        assertEquals(Math.sqrt(2.0 / 700), std(w), 0.002);
        Init.kaimingUniform(w, new Rng(4));
        assertEquals(Math.sqrt(2.0 / 300), std(w), 0.002);
        Tensor conv = Tensor.zeros(8, 3, 5, 5);
        assertEquals(75, Init.fanIn(conv));
        assertEquals(200, Init.fanOut(conv));
        Init.normal(w, new Rng(5), 1, 0.5);
        assertEquals(1, w.mean().item(), 0.01);
        Init.uniform(w, new Rng(6), -3, -1);
        assertEquals(-2, w.mean().item(), 0.01);
        Init.zeros(w);
        assertEquals(0, w.abs().sum().item());
    }

    @Test
    void seededConstructionIsReproducible() {
        assertArrayEquals(new Linear(4, 3, new Rng(7)).weight().toFloatArray(), new Linear(4, 3, new Rng(7)).weight().toFloatArray());
        Init.manualSeed(123);
        float[] a = new Conv2d(2, 3, 3).weight().toFloatArray();
        float[] a2 = new Conv2d(2, 3, 3).weight().toFloatArray();
        Init.manualSeed(123);
        assertArrayEquals(a, new Conv2d(2, 3, 3).weight().toFloatArray(), "the same default seed gives the same weights");
        assertNotEquals(a[0], a2[0], "two layers built in a row get different weights");
    }

    private static double std(Tensor t) {
        return Math.sqrt(t.sub(t.mean()).square().mean().item());
    }
}
