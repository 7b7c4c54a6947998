package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Module plumbing: parameter order and PyTorch names, state dicts, modes, zeroGrad, summary; Linear. */
class ModuleTest {
    private static Sequential cnn() {
        Rng rng = new Rng(1);
        return new Sequential(new Conv2d(1, 4, 3, rng).padding(1), new BatchNorm2d(4), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(4 * 4 * 4, 10, rng));
    }

    @Test
    void stateDictKeysFollowPyTorch() {
        Sequential m = cnn();
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "1.running_mean", "1.running_var",
                "1.num_batches_tracked", "5.weight", "5.bias"), List.copyOf(m.stateDict().keySet()));
        assertEquals(List.of("0.weight", "0.bias", "1.weight", "1.bias", "5.weight", "5.bias"),
                List.copyOf(m.namedParameters().keySet()));
        assertEquals(List.copyOf(m.namedParameters().values()), m.parameters());
        assertArrayEquals(new int[]{10, 64}, m.namedParameters().get("5.weight").shape());
        for (Tensor p : m.parameters()) assertTrue(p.requiresGrad());
        Sequential nested = new Sequential(new Sequential(new Linear(2, 2)), new Residual(new Linear(2, 2)));
        assertEquals(List.of("0.0.weight", "0.0.bias", "1.fn.weight", "1.fn.bias"), List.copyOf(nested.stateDict().keySet()));
    }

    @Test
    void loadStateDictCopiesInPlaceAndIsStrict() {
        Sequential a = cnn(), b = new Sequential(new Conv2d(1, 4, 3, new Rng(9)).padding(1), new BatchNorm2d(4), new ReLU(),
                new MaxPool2d(2), new Flatten(), new Linear(64, 10, new Rng(9)));
        Tensor bWeight = b.namedParameters().get("0.weight");
        b.loadStateDict(a.stateDict());
        assertSame(bWeight, b.namedParameters().get("0.weight"), "tensors are updated in place (optimisers keep them)");
        for (var e : a.stateDict().entrySet())
            assertArrayEquals(e.getValue().toFloatArray(), b.stateDict().get(e.getKey()).toFloatArray(), e.getKey());

        Sequential c = cnn();
        float[] before = c.namedParameters().get("0.weight").toFloatArray();
        Map<String, Tensor> bad = new HashMap<>(a.stateDict());
        bad.put("0.weight", Tensor.randn(new Rng(3), 4, 1, 3, 3).mul(10f));
        bad.put("5.weight", Tensor.zeros(10, 63));
        var e = assertThrows(IllegalArgumentException.class, () -> c.loadStateDict(bad));
        assertTrue(e.getMessage().contains("'5.weight' has shape [10, 63], the module expects [10, 64]"), e.getMessage());
        assertArrayEquals(before, c.namedParameters().get("0.weight").toFloatArray(), "a failed load leaves the module untouched");
        Map<String, Tensor> extra = new HashMap<>(a.stateDict());
        extra.put("9.weight", Tensor.zeros(1));
        extra.remove("1.running_var");
        var m = assertThrows(IllegalArgumentException.class, () -> c.loadStateDict(extra));
        assertTrue(m.getMessage().contains("missing keys [1.running_var]") && m.getMessage().contains("unexpected keys [9.weight]"),
                m.getMessage());
    }

    @Test
    void trainEvalReachesEveryChild() {
        Sequential m = new Sequential(new Linear(2, 2), new Sequential(new Dropout(0.5), new BatchNorm1d(2)));
        assertTrue(m.isTraining());
        m.eval();
        assertFalse(m.isTraining());
        assertFalse(((Sequential) m.get(1)).get(1).isTraining());
        m.train();
        assertTrue(((Sequential) m.get(1)).get(0).isTraining());
    }

    @Test
    void zeroGradClearsAllParameters() {
        Sequential m = new Sequential(new Linear(3, 2), new Tanh(), new Linear(2, 1));
        m.forward(Tensor.ones(4, 3)).sum().backward();
        for (Tensor p : m.parameters()) assertTrue(p.grad() != null);
        m.zeroGrad();
        for (Tensor p : m.parameters()) assertNull(p.grad());
    }

    @Test
    void summaryListsLayersShapesAndCounts() {
        String s = cnn().summary(1, 8, 8);
        assertTrue(s.contains("0 (Conv2d(1 -> 4, kernel 3x3, padding 1))"), s);
        assertTrue(s.contains("[N, 4, 8, 8]"), s);
        assertTrue(s.contains("[N, 4, 4, 4]"), s);
        assertTrue(s.contains("[N, 64]"), s);
        assertTrue(s.contains("[N, 10]"), s);
        assertTrue(s.contains("Total params: 698"), s); // 36 + 4 + 4 + 4 + 640 + 10
        assertTrue(s.contains("650"), s);
        assertTrue(s.lines().count() >= 10, s);
    }

    @Test
    void linearValuesGradientsAndErrors() {
        Linear lin = new Linear(3, 2, new Rng(4));
        Tensor x = Tensor.of(new float[]{1, 2, 3, -1, 0, 1}, 2, 3);
        Tensor y = lin.forward(x);
        Tensor w = lin.weight(), b = lin.bias();
        for (int n = 0; n < 2; n++)
            for (int o = 0; o < 2; o++) {
                double s = b.get(o);
                for (int i = 0; i < 3; i++) s += x.get(n, i) * w.get(o, i);
                assertEquals(s, y.get(n, o), 1e-6);
            }
        // PyTorch's default init: all weights and biases within 1/sqrt(in)
        for (float v : w.toFloatArray()) assertTrue(Math.abs(v) <= 1 / Math.sqrt(3));
        assertArrayEquals(new int[]{4, 5, 2}, lin.forward(Tensor.zeros(4, 5, 3)).shape());
        Gradcheck.Result r = Gradcheck.check(v -> Functional.linear(v.get(0), v.get(1), v.get(2)),
                List.of(x.copy().requiresGrad(true), w.detach().copy().requiresGrad(true), b.detach().copy().requiresGrad(true)));
        assertTrue(r.passed(), r.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> new Linear(784, 10).forward(Tensor.zeros(64, 100)));
        assertEquals("Linear(784 -> 10): expected input [N, 784], got [64, 100]", e.getMessage());
    }
}
