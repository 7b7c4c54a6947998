package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** The course's perceptron (Definition 2.3, Propositions 2.3 and 2.4): convergence, XOR, the rule by hand. */
class PerceptronTest {
    private static final Tensor XS = Tensor.of(new float[]{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);

    @Test
    void learningRuleByHand() {
        Perceptron p = new Perceptron(2);
        // AND with labels -1/1; w starts at 0 so sign(0) = 1 misclassifies (0, 0):
        // w <- 0 + 1 * (-1) * (x0 = -1, 0, 0) = (1, 0, 0)
        var r = p.fit(XS.slice(0, 0, 1), Tensor.of(new float[]{-1}, 1), 1f, 1);
        assertEquals(1, r.mistakes());
        assertArrayEquals(new float[]{1, 0, 0}, p.weights());
        assertFalse(r.converged());
    }

    @Test
    void convergesOnLinearlySeparableData() {
        Perceptron p = new Perceptron(2);
        Tensor and = Tensor.of(new float[]{-1, -1, -1, 1}, 4);
        Perceptron.Result r = p.fit(XS, and, 0.5f, 100);
        assertTrue(r.converged(), r.message());
        assertTrue(r.epochs() > 1 && r.mistakes() > 0, r.toString());
        assertArrayEquals(and.toFloatArray(), p.forward(XS).toFloatArray());
        assertTrue(r.message().contains("linearly separable"), r.message());
    }

    @Test
    void convergesOnARandomSeparableCloud() {
        Rng rng = new Rng(5);
        int n = 200;
        float[] x = new float[n * 3], y = new float[n];
        for (int i = 0; i < n; i++) {
            float a = rng.nextFloat() * 2 - 1, b = rng.nextFloat() * 2 - 1, c = rng.nextFloat() * 2 - 1;
            float s = 0.7f * a - 1.3f * b + 0.4f * c - 0.2f;
            if (Math.abs(s) < 0.05f) s = 0.05f * Math.signum(s == 0 ? 1 : s); // a margin keeps the bound small
            x[3 * i] = a;
            x[3 * i + 1] = b;
            x[3 * i + 2] = c;
            y[i] = s >= 0 ? 1 : -1;
        }
        Perceptron p = new Perceptron(3);
        Tensor xs = Tensor.of(x, n, 3);
        Perceptron.Result r = p.fit(xs, Tensor.of(y, n), 1f, 1000);
        assertTrue(r.converged(), r.message());
        assertArrayEquals(y, p.forward(xs).toFloatArray());
    }

    @Test
    void xorIsNotLinearlySeparable() {
        Perceptron p = new Perceptron(2);
        Perceptron.Result r = p.fit(XS, Tensor.of(new float[]{-1, 1, 1, -1}, 4), 1f, 50);
        assertFalse(r.converged());
        assertEquals(50, r.epochs());
        assertTrue(r.message().contains("not linearly separable"), r.message());
        assertThrows(IllegalArgumentException.class, () -> p.fit(XS, Tensor.of(new float[]{0, 1, 1, 0}, 4), 1f, 5));
    }
}
