package org.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;
import org.neurite.tensor.Tensor;

/** Invalid arguments are rejected where they are given, with a message naming the optimiser and the argument. */
class ValidationTest {
    private final List<Tensor> ps = List.of(Problems.param(1, 1));

    private static void rejects(Class<? extends Throwable> type, Executable e, String... parts) {
        Throwable t = assertThrows(type, e);
        for (String p : parts) assertTrue(t.getMessage().contains(p), "'" + t.getMessage() + "' should mention " + p);
    }

    @Test
    void learningRate() {
        rejects(IllegalArgumentException.class, () -> new SGD(ps, -0.1f), "SGD", "lr", "-0.1");
        rejects(IllegalArgumentException.class, () -> new Adam(ps, Float.NaN), "Adam", "lr", "NaN");
        rejects(IllegalArgumentException.class, () -> new AdaGrad(ps, Float.POSITIVE_INFINITY), "AdaGrad", "lr");
        rejects(IllegalArgumentException.class, () -> new RMSProp(ps, 0.1f).setLearningRate(-1f), "RMSProp", "lr");
    }

    @Test
    void betasAndMomentum() {
        rejects(IllegalArgumentException.class, () -> new Adam(ps, 0.1f).betas(1f, 0.999f), "Adam", "beta1", "[0, 1)");
        rejects(IllegalArgumentException.class, () -> new Adam(ps, 0.1f).betas(0.9f, -0.1f), "beta2", "-0.1");
        rejects(IllegalArgumentException.class, () -> new AdamW(ps, 0.1f).betas(0.9f, 1.5f), "AdamW", "beta2");
        rejects(IllegalArgumentException.class, () -> new RMSProp(ps, 0.1f).beta(1f), "RMSProp", "beta", "1.0");
        rejects(IllegalArgumentException.class, () -> new SGD(ps, 0.1f).momentum(-0.5f), "SGD", "momentum");
    }

    @Test
    void epsAndDecay() {
        rejects(IllegalArgumentException.class, () -> new Adam(ps, 0.1f).eps(0f), "Adam", "eps", "> 0");
        rejects(IllegalArgumentException.class, () -> new AdaGrad(ps, 0.1f).eps(-1e-8f), "AdaGrad", "eps");
        rejects(IllegalArgumentException.class, () -> new RMSProp(ps, 0.1f).eps(0f), "RMSProp", "eps");
        rejects(IllegalArgumentException.class, () -> new AdamW(ps, 0.1f).weightDecay(-1f), "AdamW", "weightDecay");
        rejects(IllegalArgumentException.class, () -> new SGD(ps, 0.1f).weightDecay(-1f), "SGD", "l2");
        rejects(IllegalArgumentException.class, () -> new SGD(ps, 0.1f).l1(-1f), "SGD", "l1");
        rejects(IllegalArgumentException.class, () -> new Newton(ps).damping(-1f), "Newton", "damping");
        rejects(IllegalArgumentException.class, () -> new LBFGS(ps).historySize(0), "LBFGS", "historySize");
        rejects(IllegalArgumentException.class, () -> new NewtonCG(ps).maxCgIterations(0), "NewtonCG", "maxCgIterations");
    }

    @Test
    void parameters() {
        rejects(IllegalArgumentException.class, () -> new SGD(List.of(), 0.1f), "SGD", "empty");
        Tensor p = Problems.param(1, 1);
        rejects(IllegalArgumentException.class, () -> new Adam(List.of(p, p), 0.1f), "Adam", "parameter 1",
                "same tensor as parameter 0");
        Tensor nonLeaf = p.mul(2f);
        rejects(IllegalArgumentException.class, () -> new SGD(List.of(nonLeaf), 0.1f), "SGD", "not a leaf", "mul");
    }

    @Test
    void misuse() {
        rejects(IllegalStateException.class, () -> new Newton(ps).step(), "Newton", "closure");
        rejects(IllegalStateException.class, () -> new LBFGS(ps).step(), "LBFGS", "closure");
        rejects(IllegalStateException.class, () -> new NewtonCG(ps).step(), "NewtonCG", "closure");
        Tensor w = Problems.param(1, 1);
        SGD sgd = new SGD(List.of(w), 0.1f).nesterov(true);
        rejects(IllegalStateException.class, () -> Problems.iterate(sgd, () -> Problems.bowl(w)), "nesterov",
                "momentum");
    }

    @Test
    void stepSkipsParametersWithoutGradient() {
        Tensor a = Problems.param(1, 1), b = Problems.param(3, 4);
        Adam adam = new Adam(List.of(a, b), 0.1f);
        Problems.iterate(adam, () -> Problems.bowl(a));
        assertEquals(3f, b.data()[0]);
        assertEquals(4f, b.data()[1]);
        assertTrue(adam.state().buffers().containsKey("0.G"));
        assertTrue(!adam.state().buffers().containsKey("1.G"), "no state for a parameter never updated");
    }
}
