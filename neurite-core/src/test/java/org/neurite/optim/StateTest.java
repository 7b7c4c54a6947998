package org.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Saving and restoring optimiser state: a resumed run takes exactly the steps an uninterrupted one takes. */
class StateTest {
    // A small non-quadratic cost over two parameters of different shapes.
    private static Tensor cost(Tensor w, Tensor b) {
        return w.matmul(w.t()).tanh().sum().add(w.sum(1).add(b).square().sum()).add(b.exp().sum());
    }

    private static void resumesExactly(Function<List<Tensor>, Optimizer> make, boolean closure) {
        Rng rng = new Rng(11);
        Tensor w = Tensor.randn(rng, 3, 4).requiresGrad(true), b = Tensor.randn(rng, 3).requiresGrad(true);
        Optimizer a = make.apply(List.of(w, b));
        for (int s = 0; s < 4; s++) advance(a, w, b, closure);
        OptimizerState saved = a.state();
        float[] w4 = w.toFloatArray(), b4 = b.toFloatArray();
        for (int s = 0; s < 3; s++) advance(a, w, b, closure);

        // A fresh optimiser over parameters restored to step 4, with the saved state.
        Tensor w2 = Tensor.of(w4, 3, 4).requiresGrad(true), b2 = Tensor.of(b4, 3).requiresGrad(true);
        Optimizer r = make.apply(List.of(w2, b2));
        r.restore(saved);
        assertEquals(saved.counter("step", -1), r.stepCount());
        for (int s = 0; s < 3; s++) advance(r, w2, b2, closure);
        assertArrayEquals(w.toFloatArray(), w2.toFloatArray(), a + ": w differs after resuming");
        assertArrayEquals(b.toFloatArray(), b2.toFloatArray(), a + ": b differs after resuming");
        assertEquals(a.stepCount(), r.stepCount());
    }

    private static void advance(Optimizer opt, Tensor w, Tensor b, boolean closure) {
        if (closure) opt.step(() -> cost(w, b));
        else Problems.iterate(opt, () -> cost(w, b));
    }

    @Test
    void firstOrderMethodsResumeExactly() {
        resumesExactly(p -> new SGD(p, 0.01f), false);
        resumesExactly(p -> new SGD(p, 0.01f).momentum(0.9f).weightDecay(0.01f), false);
        resumesExactly(p -> new SGD(p, 0.01f).momentum(0.9f).nesterov(true), false);
        resumesExactly(p -> new AdaGrad(p, 0.1f).l1(0.01f), false);
        resumesExactly(p -> new RMSProp(p, 0.01f), false);
        resumesExactly(p -> new Adam(p, 0.01f), false);
        resumesExactly(p -> new AdamW(p, 0.01f), false);
    }

    @Test
    void secondOrderMethodsResumeExactly() {
        resumesExactly(p -> new LBFGS(p).maxIter(2).historySize(3), true);
        resumesExactly(p -> new LBFGS(p).maxIter(3).lineSearch(LBFGS.LineSearch.STRONG_WOLFE), true);
        resumesExactly(p -> new Newton(p).damping(1e-2f).lineSearch(true), true);
        resumesExactly(p -> new NewtonCG(p), true);
    }

    @Test
    void stateIsASnapshot() {
        Tensor w = Problems.param(1, 1);
        Adam adam = new Adam(List.of(w), 0.1f);
        Problems.iterate(adam, () -> Problems.bowl(w));
        OptimizerState s = adam.state();
        assertEquals(1L, s.counters().get("0.step"));
        assertArrayEquals(new float[]{0.2f, 2f}, s.buffers().get("0.G"), 1e-6f); // G = (1 - 0.9) g, g = (2, 20)
        float[] before = s.buffers().get("0.A").clone();
        Problems.iterate(adam, () -> Problems.bowl(w));
        assertArrayEquals(before, s.buffers().get("0.A"), "the snapshot must not follow later steps");
        assertEquals(0.1, s.scalar("lr", 0), 1e-7);
    }

    @Test
    void restoreChecksTheState() {
        Tensor w = Problems.param(1, 1);
        Adam adam = new Adam(List.of(w), 0.1f);
        Problems.iterate(adam, () -> Problems.bowl(w));
        OptimizerState s = adam.state();
        var e = assertThrows(IllegalArgumentException.class, () -> new SGD(List.of(w), 0.1f).restore(s));
        assertTrue(e.getMessage().contains("SGD") && e.getMessage().contains("Adam"), e.getMessage());
        Tensor other = Tensor.zeros(5).requiresGrad(true);
        e = assertThrows(IllegalArgumentException.class, () -> new Adam(List.of(other), 0.1f).restore(s));
        assertTrue(e.getMessage().contains("has 2 values") && e.getMessage().contains("has 5"), e.getMessage());
    }
}
