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

/** Conv2d: hand-worked values, shapes with stride and padding, gradients (first and second order), errors. */
class ConvolutionTest {
    private final Rng rng = new Rng(11);

    private Tensor r(int... shape) {
        return Tensor.randn(rng, shape).requiresGrad(true);
    }

    private static void check(Function<List<Tensor>, Tensor> f, Tensor... xs) {
        Gradcheck.Result res = Gradcheck.check(f, List.of(xs));
        assertTrue(res.passed(), res.toString());
    }

    @Test
    void crossCorrelationByHand() {
        // (X * w)(i, j) = sum_m sum_n X[i+m][j+n] w[m][n], the kernel not flipped (Remark 2.5)
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9}, 1, 1, 3, 3);
        Tensor w = Tensor.of(new float[]{1, 0, 0, -1}, 1, 1, 2, 2);
        Tensor y = Functional.conv2d(x, w, null, 1, 0);
        assertArrayEquals(new int[]{1, 1, 2, 2}, y.shape());
        assertArrayEquals(new float[]{1 - 5, 2 - 6, 4 - 8, 5 - 9}, y.toFloatArray());
        // zero padding 1 and stride 2: outputs at (-1,-1), (-1,1), (1,-1), (1,1) of the padded grid
        Tensor p = Functional.conv2d(x, w, Tensor.of(new float[]{10}, 1), 2, 1);
        assertArrayEquals(new float[]{10 - 1, 10 - 3, 10 - 7, 10 + 5 - 9}, p.toFloatArray());
    }

    @Test
    void multiChannelAgainstNaiveLoop() {
        Conv2d conv = new Conv2d(3, 2, 3, new Rng(1)).stride(2).padding(1);
        Tensor x = Tensor.randn(rng, 2, 3, 5, 6);
        Tensor y = conv.forward(x);
        assertArrayEquals(new int[]{2, 2, 3, 3}, y.shape());
        Tensor w = conv.weight(), b = conv.bias();
        for (int n = 0; n < 2; n++)
            for (int o = 0; o < 2; o++)
                for (int i = 0; i < 3; i++)
                    for (int j = 0; j < 3; j++) {
                        double s = b.get(o);
                        for (int c = 0; c < 3; c++)
                            for (int m = 0; m < 3; m++)
                                for (int q = 0; q < 3; q++) {
                                    int yy = 2 * i - 1 + m, xx = 2 * j - 1 + q;
                                    if (yy >= 0 && yy < 5 && xx >= 0 && xx < 6) s += w.get(o, c, m, q) * x.get(n, c, yy, xx);
                                }
                        assertEquals(s, y.get(n, o, i, j), 1e-5);
                    }
    }

    @Test
    void shapes() {
        Tensor x = Tensor.zeros(2, 1, 28, 28);
        assertArrayEquals(new int[]{2, 32, 28, 28}, new Conv2d(1, 32, 5).padding(2).forward(x).shape());
        assertArrayEquals(new int[]{2, 4, 24, 24}, new Conv2d(1, 4, 5).forward(x).shape());
        assertArrayEquals(new int[]{2, 4, 14, 14}, new Conv2d(1, 4, 3).stride(2).padding(1).forward(x).shape());
        assertArrayEquals(new int[]{2, 4, 28, 28}, new Conv2d(1, 4, 3).padding("same").forward(x).shape());
        assertArrayEquals(new int[]{2, 4, 28, 28}, new Conv2d(1, 4, 4).padding("same").forward(x).shape());
        assertEquals(32 * 25 + 32, new Conv2d(1, 32, 5).parameterCount());
        assertArrayEquals(new int[]{32, 1, 5, 5}, new Conv2d(1, 32, 5).weight().shape());
    }

    @Test
    void samePaddingWithEvenKernelPadsAfter() {
        // kernel 2, "same": one zero row/column after the image, as PyTorch
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4}, 1, 1, 2, 2);
        Tensor w = Tensor.of(new float[]{1, 1, 1, 1}, 1, 1, 2, 2);
        assertArrayEquals(new float[]{10, 6, 7, 4}, Functional.conv2dSame(x, w, null).toFloatArray());
    }

    @Test void gradientsStride2Padding1() {
        check(v -> Functional.conv2d(v.get(0), v.get(1), v.get(2), 2, 1), r(2, 3, 5, 6), r(4, 3, 3, 3), r(4));
    }

    @Test void gradientsNoPaddingPointwise() {
        check(v -> Functional.conv2d(v.get(0), v.get(1), null, 1, 0), r(2, 3, 3, 4), r(2, 3, 1, 1));
    }

    @Test void gradientsSameEvenKernel() {
        check(v -> Functional.conv2dSame(v.get(0), v.get(1), null), r(1, 2, 4, 5), r(3, 2, 2, 2));
    }

    /**
     * 5x5 "same" with 16 channels and filters: forward, input and weight gradients all by Winograd's algorithm. Its
     * rounding (about 1e-6 of the outputs' scale) divided by the default step 2 x 0.01 swamps the finite differences;
     * the checked function is linear in each input, so a step of 0.5 is exact and divides the rounding by 1.
     */
    @Test void gradientsThroughWinograd() {
        Gradcheck.Result res = Gradcheck.check(v -> Functional.conv2d(v.get(0), v.get(1), v.get(2), 1, 2),
                List.of(r(2, 16, 4, 6), r(16, 16, 5, 5), r(16)), 0.5, 1e-2, 1e-2);
        assertTrue(res.passed(), res.toString());
    }

    @Test
    void secondOrderThroughConvolution() {
        // sum(conv(x, w)^2): its Hessian mixes x and w, so second order exercises all three conv ops
        Gradcheck.Result res = Gradcheck.checkSecondOrder(
                v -> Functional.conv2d(v.get(0), v.get(1), v.get(2), 2, 1).square().sum(), List.of(r(1, 2, 4, 5), r(2, 2, 3, 3), r(2)));
        assertTrue(res.passed(), res.toString());
    }

    @Test
    void errorsNameTheLayerAndExpectedShape() {
        Conv2d conv = new Conv2d(1, 32, 5);
        var e = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(64, 784)));
        assertTrue(e.getMessage().contains("Conv2d(1 -> 32"), e.getMessage());
        assertTrue(e.getMessage().contains("expected input [N, 1, H, W], got [64, 784]"), e.getMessage());
        var c = assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(2, 3, 28, 28)));
        assertTrue(c.getMessage().contains("got [2, 3, 28, 28]"), c.getMessage());
        assertThrows(IllegalArgumentException.class, () -> conv.forward(Tensor.zeros(2, 1, 3, 3)));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 2, 3).stride(2).padding("same"));
        assertThrows(IllegalArgumentException.class, () -> new Conv2d(1, 2, 3).stride(0));
    }
}
