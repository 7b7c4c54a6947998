package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Max, average, L^p and weighted-average pooling: values by hand, shapes, gradients with overlapping windows. */
class PoolingTest {
    private final Rng rng = new Rng(13);
    private static final Tensor X = Tensor.of(new float[]{
            1, 2, 3, 4,
            5, 6, 7, 8,
            -1, 0, 9, 2,
            3, 1, 4, -6}, 1, 1, 4, 4);

    private Tensor r(int... shape) {
        return Tensor.randn(rng, shape).requiresGrad(true);
    }

    private static void check(Function<List<Tensor>, Tensor> f, Tensor... xs) {
        Gradcheck.Result res = Gradcheck.check(f, List.of(xs));
        assertTrue(res.passed(), res.toString());
    }

    @Test
    void maxPoolByHand() {
        assertArrayEquals(new float[]{6, 8, 3, 9}, new MaxPool2d(2).forward(X).toFloatArray());
        // overlapping 3x3 windows with stride 1
        assertArrayEquals(new float[]{9, 9, 9, 9}, new MaxPool2d(3, 1).forward(X).toFloatArray());
    }

    @Test
    void avgPoolByHand() {
        assertArrayEquals(new float[]{3.5f, 5.5f, 0.75f, 2.25f}, new AvgPool2d(2, 2).forward(X).toFloatArray());
        // padding 1, kernel 2, stride 2: the corner window holds X[0][0] and three zeros, divided by 4
        Tensor p = new AvgPool2d(2, 2, 1).forward(X);
        assertArrayEquals(new int[]{1, 1, 3, 3}, p.shape());
        assertEquals(0.25f, p.get(0, 0, 0, 0), 1e-6);
    }

    @Test
    void lpPoolIsTheL2NormOfEachWindow() {
        Tensor y = new LpPool2d(2, 2).forward(X);
        assertEquals(Math.sqrt(1 + 4 + 25 + 36), y.get(0, 0, 0, 0), 1e-5);
        assertEquals(Math.sqrt(81 + 4 + 16 + 36), y.get(0, 0, 1, 1), 1e-5);
        Tensor y1 = new LpPool2d(1, 2).forward(X.relu());
        assertEquals(1 + 2 + 5 + 6, y1.get(0, 0, 0, 0), 1e-5); // p = 1: the window sum
    }

    @Test
    void weightedAveragePooling() {
        Tensor uniform = WeightedAvgPool2d.fixed(2, 2, new float[]{1, 1, 1, 1}).forward(X);
        assertArrayEquals(new AvgPool2d(2).forward(X).toFloatArray(), uniform.toFloatArray(), 1e-6f);
        Tensor topLeft = WeightedAvgPool2d.fixed(2, 2, new float[]{3, 0, 0, 1}).forward(X); // normalised to 3/4, 1/4
        assertEquals(0.75f * 1 + 0.25f * 6, topLeft.get(0, 0, 0, 0), 1e-6);
        WeightedAvgPool2d learned = WeightedAvgPool2d.learned(2, 2);
        assertEquals(1, learned.parameters().size());
        assertEquals(0, WeightedAvgPool2d.fixed(2, 2, new float[]{1, 1, 1, 1}).parameters().size());
        Tensor x = Tensor.randn(rng, 2, 3, 4, 4);
        learned.forward(x).sum().backward();
        // d/dw[i][j] of the sum = the sum of inputs at window position (i, j)
        float expected = 0;
        for (int n = 0; n < 2; n++) for (int c = 0; c < 3; c++) for (int i = 0; i < 4; i += 2) for (int j = 0; j < 4; j += 2)
            expected += x.get(n, c, i, j);
        assertEquals(expected, learned.weight().grad().get(0, 0), 1e-4);
    }

    @Test
    void shapes() {
        Tensor x = Tensor.zeros(2, 3, 28, 28);
        assertArrayEquals(new int[]{2, 3, 14, 14}, new MaxPool2d(2).forward(x).shape());
        assertArrayEquals(new int[]{2, 3, 13, 13}, new MaxPool2d(3, 2).forward(x).shape());
        assertArrayEquals(new int[]{2, 3, 14, 14}, new MaxPool2d(3, 2, 1).forward(x).shape());
        assertArrayEquals(new int[]{2, 3, 9, 9}, new AvgPool2d(3, 3).forward(x).shape());
        assertArrayEquals(new int[]{2, 3, 14, 14}, new LpPool2d(2, 2).forward(x.add(1f)).shape());
    }

    @Test void maxPoolGradientOverlapping() { check(v -> Functional.maxPool2d(v.get(0), 3, 2, 1), r(2, 2, 5, 7)); }
    @Test void avgPoolGradientOverlapping() { check(v -> Functional.avgPool2d(v.get(0), 3, 2, 1), r(2, 2, 5, 7)); }
    @Test void lpPoolGradient() {
        check(v -> Functional.lpPool2d(v.get(0), 2, 2, 1), Tensor.rand(rng, 1, 2, 4, 5).add(0.5f).requiresGrad(true));
    }
    @Test void weightedPoolGradient() { check(v -> Functional.weightedAvgPool2d(v.get(0), v.get(1), 1, 0), r(2, 2, 4, 5), r(3, 3)); }

    @Test
    void secondOrderThroughPooling() {
        Gradcheck.Result max = Gradcheck.checkSecondOrder(v -> Functional.maxPool2d(v.get(0).mul(v.get(1)), 2, 1, 0).square().sum(),
                List.of(r(1, 2, 3, 4), r(1, 2, 3, 4)));
        assertTrue(max.passed(), max.toString());
        Gradcheck.Result avg = Gradcheck.checkSecondOrder(v -> Functional.avgPool2d(v.get(0), 3, 2, 1).pow(3f).sum(),
                List.of(r(1, 2, 5, 5)));
        assertTrue(avg.passed(), avg.toString());
    }

    @Test
    void errors() {
        var e = assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2).forward(Tensor.zeros(4, 16)));
        assertTrue(e.getMessage().contains("MaxPool2d(kernel 2, stride 2): expected input [N, C, H, W], got [4, 16]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new MaxPool2d(2, 2, 2));
        assertThrows(IllegalArgumentException.class, () -> new AvgPool2d(5).forward(Tensor.zeros(1, 1, 3, 3)));
    }
}
