package org.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Parameters large enough to be updated in parallel chunks get the same element-by-element update. */
class LargeParameterTest {
    @Test
    void adamOnALargeParameterMatchesTheFormula() {
        int n = 150_000;
        Rng rng = new Rng(5);
        Tensor w = Tensor.randn(rng, n).requiresGrad(true);
        Tensor g = Tensor.randn(rng, n);
        float[] w0 = w.toFloatArray();
        Adam adam = new Adam(List.of(w), 0.01f).l2(0.1f);
        w.setGrad(g);
        adam.step();
        for (int i = 0; i < n; i += 997) {
            // t = 1: G^ = g', A^ = g'^2 with g' = g + 0.1 w: W <- W - 0.01 g' / (|g'| + 1e-8)
            double gi = g.data()[i] + 0.1 * w0[i];
            assertEquals(w0[i] - 0.01 * gi / (Math.abs(gi) + 1e-8), w.data()[i], 1e-6, "element " + i);
        }
    }
}
