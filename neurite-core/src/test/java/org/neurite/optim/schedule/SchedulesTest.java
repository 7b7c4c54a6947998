package org.neurite.optim.schedule;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.optim.Optimizer;
import org.neurite.optim.SGD;
import org.neurite.tensor.Tensor;

class SchedulesTest {
    private static Optimizer sgd(float lr) {
        return new SGD(List.of(Tensor.zeros(2).requiresGrad(true)), lr);
    }

    @Test
    void linearAnnealingGoesFromEta0ToEtaTau() {
        Optimizer opt = sgd(0.1f);
        LinearAnnealing s = new LinearAnnealing(opt, 4, 0.02f);
        // eta_k = (1 - k/4) 0.1 + (k/4) 0.02: 0.1, 0.08, 0.06, 0.04, 0.02, then 0.02 for ever
        assertEquals(0.1f, opt.learningRate(), 1e-7f); // k = 0: eta_0
        assertArrayEquals(new float[]{0.1f, 0.08f, 0.06f, 0.04f, 0.02f, 0.02f, 0.02f}, s.values(7), 1e-7f);
        for (int k = 1; k <= 4; k++) s.step();
        assertEquals(0.02f, opt.learningRate(), 1e-7f); // k = tau: eta_tau
        s.step();
        assertEquals(0.02f, opt.learningRate(), 1e-7f);
        assertEquals(5, s.stepCount());
    }

    @Test
    void stepExponentialAndCosine() {
        // StepDecay: 1.0 * 0.5^floor(k/2)
        assertArrayEquals(new float[]{1f, 1f, 0.5f, 0.5f, 0.25f}, new StepDecay(sgd(1f), 2, 0.5f).values(5), 1e-7f);
        // Exponential: 1.0 * 0.9^k
        assertArrayEquals(new float[]{1f, 0.9f, 0.81f, 0.729f}, new ExponentialDecay(sgd(1f), 0.9f).values(4), 1e-6f);
        // Cosine over T = 4 from 1 to 0.1: 0.1 + 0.9 (1 + cos(pi k/4))/2 = 1, 0.8681981, 0.55, 0.2318019, 0.1, 0.1
        assertArrayEquals(new float[]{1f, 0.8681981f, 0.55f, 0.2318019f, 0.1f, 0.1f},
                new CosineAnnealing(sgd(1f), 4, 0.1f).values(6), 1e-6f);
    }

    @Test
    void warmupComposesWithAnotherSchedule() {
        Optimizer opt = sgd(1f);
        LinearWarmup s = new LinearWarmup(new StepDecay(opt, 2, 0.5f), 4);
        // warm-up over 4 steps from 0 to the inner eta_0 = 1, then the step decay from its own k = 0
        assertArrayEquals(new float[]{0f, 0.25f, 0.5f, 0.75f, 1f, 1f, 0.5f, 0.5f}, s.values(8), 1e-7f);
        assertEquals(0f, opt.learningRate());
        s.startFactor(0.2f); // 0.2 + 0.8 k/4
        assertEquals(0.2f, opt.learningRate(), 1e-7f);
        float[] seen = new float[6];
        for (int k = 0; k < 6; k++) seen[k] = s.step();
        assertArrayEquals(new float[]{0.4f, 0.6f, 0.8f, 1f, 1f, 0.5f}, seen, 1e-6f);
    }

    @Test
    void scheduleStateRestores() {
        Optimizer a = sgd(0.1f), b = sgd(0.1f);
        CosineAnnealing s = new CosineAnnealing(a, 10);
        for (int k = 0; k < 3; k++) s.step();
        Map<String, Double> state = s.state();
        CosineAnnealing r = new CosineAnnealing(b, 10);
        r.restore(state);
        assertEquals(a.learningRate(), b.learningRate());
        assertEquals(s.step(), r.step());
        assertThrows(IllegalArgumentException.class, () -> r.restore(Map.of()));
    }

    @Test
    void reduceOnPlateau() {
        Optimizer opt = sgd(1f);
        ReduceLROnPlateau p = new ReduceLROnPlateau(opt).patience(1).factor(0.5f).cooldown(1);
        float[] losses = {1f, 0.9f, 0.9f, 0.95f, 0.95f, 0.95f, 0.8f, 0.8f, 0.8f};
        float[] lrs = new float[losses.length];
        for (int i = 0; i < losses.length; i++) lrs[i] = p.step(losses[i]);
        // epochs: 1.0 best; 0.9 best; 0.9 bad 1; 0.95 bad 2 > patience: halve, cooldown 1; 0.95 cooldown (bad reset);
        // 0.95 bad 1; 0.8 best; 0.8 bad 1; 0.8 bad 2: halve
        assertArrayEquals(new float[]{1f, 1f, 1f, 0.5f, 0.5f, 0.5f, 0.5f, 0.5f, 0.25f}, lrs);
        assertArrayEquals(lrs, p.values());
        assertEquals(0.8, p.best(), 1e-7);

        ReduceLROnPlateau q = new ReduceLROnPlateau(sgd(1f)).patience(1).factor(0.5f).cooldown(1);
        q.restore(p.state());
        assertEquals(0.25f, q.learningRate());
        assertEquals(p.step(0.8f), q.step(0.8f));
        // max mode and the floor
        ReduceLROnPlateau m = new ReduceLROnPlateau(sgd(1f)).maximize(true).patience(0).factor(0.1f).minLr(0.05f);
        assertEquals(1f, m.step(0.5f));
        assertEquals(1f, m.step(0.6f));
        assertEquals(0.1f, m.step(0.6f), 1e-7f);
        assertEquals(0.05f, m.step(0.6f), 1e-7f);
    }

    @Test
    void validation() {
        var e = assertThrows(IllegalArgumentException.class, () -> new LinearAnnealing(sgd(1f), 0, 0.1f));
        assertTrue(e.getMessage().contains("LinearAnnealing") && e.getMessage().contains("tau"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new StepDecay(sgd(1f), 2, -0.5f));
        assertTrue(e.getMessage().contains("gamma"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new ReduceLROnPlateau(sgd(1f)).factor(1f));
        assertTrue(e.getMessage().contains("factor"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> new LinearWarmup(new ExponentialDecay(sgd(1f), 0.9f), 0));
        assertTrue(e.getMessage().contains("warmupSteps"), e.getMessage());
    }
}
