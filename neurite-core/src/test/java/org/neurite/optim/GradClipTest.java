package org.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Tensor;

class GradClipTest {
    private static Tensor withGrad(float[] grad) {
        Tensor p = Tensor.zeros(grad.length).requiresGrad(true);
        p.setGrad(Tensor.of(grad, grad.length));
        return p;
    }

    @Test
    void clipsByGlobalNormAndReturnsTheNormBefore() {
        Tensor a = withGrad(new float[]{3f, 0f}), b = withGrad(new float[]{0f, 4f}), c = Tensor.zeros(2);
        float[] original = a.grad().data();
        float norm = GradClip.clipGradNorm(List.of(a, b, c), 1f);
        assertEquals(5f, norm, 1e-6f); // |(3, 0, 0, 4)| = 5
        // scaled by 1 / (5 + 1e-6) together: (0.6, 0, 0, 0.8)
        assertArrayEquals(new float[]{0.6f, 0f}, a.grad().data(), 1e-6f);
        assertArrayEquals(new float[]{0f, 0.8f}, b.grad().data(), 1e-6f);
        assertArrayEquals(new float[]{3f, 0f}, original, "the old gradient array must not be written");
        assertNull(c.grad());
        assertEquals(1.0, GradClip.gradNorm(List.of(a, b), 2f), 1e-6);
    }

    @Test
    void leavesSmallGradientsAlone() {
        Tensor a = withGrad(new float[]{0.3f, 0.4f});
        Tensor before = a.grad();
        assertEquals(0.5f, GradClip.clipGradNorm(List.of(a), 1f), 1e-6f);
        assertSame(before, a.grad());
    }

    @Test
    void otherNorms() {
        Tensor a = withGrad(new float[]{3f, -4f});
        assertEquals(4f, GradClip.clipGradNorm(List.of(a), 2f, Float.POSITIVE_INFINITY), 1e-6f);
        assertArrayEquals(new float[]{1.5f, -2f}, a.grad().data(), 1e-5f);
        Tensor b = withGrad(new float[]{3f, -4f});
        assertEquals(7f, GradClip.clipGradNorm(List.of(b), 7f, 1f), 1e-6f);
    }

    @Test
    void clipsByValue() {
        Tensor a = withGrad(new float[]{-3f, 0.5f, 2f});
        float[] original = a.grad().data();
        GradClip.clipGradValue(List.of(a), 1f);
        assertArrayEquals(new float[]{-1f, 0.5f, 1f}, a.grad().data());
        assertArrayEquals(new float[]{-3f, 0.5f, 2f}, original);
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradValue(List.of(a), -1f));
        assertThrows(IllegalArgumentException.class, () -> GradClip.clipGradNorm(List.of(a), -1f));
    }
}
