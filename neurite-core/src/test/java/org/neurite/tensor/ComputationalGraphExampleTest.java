package org.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** The course's Example 3.1/3.2: a = b c, b = d + e, c = e + 2, d = 3 + f, e = f g at f = 4, g = 2. */
class ComputationalGraphExampleTest {
    @Test
    void valuesAndGradientsMatchTheCourse() {
        Tensor f = Tensor.scalar(4f).requiresGrad(true), g = Tensor.scalar(2f).requiresGrad(true);
        Tensor e = f.mul(g), d = f.add(3f), b = d.add(e), c = e.add(2f), a = b.mul(c);
        assertEquals(150f, a.item());
        a.backward();
        assertEquals(60f, f.grad().item()); // c + gc + gb = 10 + 20 + 30
        assertEquals(100f, g.grad().item()); // (f)(c) + (f)(b) = 40 + 60
        // The course's closed form after substitution: da/df = 2 + 5g + 2fg + 2fg^2.
        float fv = 4, gv = 2;
        assertEquals(2 + 5 * gv + 2 * fv * gv + 2 * fv * gv * gv, f.grad().item());
    }

    @Test
    void gradientsAccumulateUntilZeroGrad() {
        Tensor x = Tensor.scalar(3f).requiresGrad(true);
        x.mul(x).backward();
        x.mul(x).backward();
        assertEquals(12f, x.grad().item());
        x.zeroGrad();
        x.mul(2f).backward();
        assertEquals(2f, x.grad().item());
    }
}
