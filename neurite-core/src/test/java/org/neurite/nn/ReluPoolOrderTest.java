package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * Sequential runs a ReLU next to a max pooling as one op, relu(maxPool(x)) (Functional.maxPool2dRelu): the same
 * values and gradients as the layers in their written order, exactly (no tolerance), including windows whose maximum
 * is negative, zero or tied, and second-order gradients.
 */
class ReluPoolOrderTest {
    /** Windows (2x2, stride 2): all negative; max 0 beside negatives; tied positives; a zero beside a positive. */
    private static final Tensor X = Tensor.of(new float[]{
            -1, -2, 0, -3, 2, 2, 0, 5,
            -4, -3, -1, -2, 1, 2, 3, 0,
            0, 0, 7, 7, 1, -1, -5, 4,
            0, 0, 7, 1, -2, 3, -5, -6}, 1, 2, 2, 8);

    private static void sameAsWrittenOrder(Sequential fused, Tensor x) {
        Tensor a = x.detach().requiresGrad(true), b = x.detach().requiresGrad(true);
        Tensor ya = fused.forward(a);
        Tensor yb = b;
        for (int i = 0; i < fused.size(); i++) yb = fused.get(i).forward(yb); // the layers one by one, as written
        assertArrayEquals(yb.toFloatArray(), ya.toFloatArray());
        Tensor w = Tensor.randn(new Rng(3), ya.shape()); // a random upstream gradient
        ya.mul(w).sum().backward();
        yb.mul(w).sum().backward();
        assertArrayEquals(b.grad().toFloatArray(), a.grad().toFloatArray());
    }

    @Test
    void valuesAndGradientsMatchTheWrittenOrder() {
        sameAsWrittenOrder(new Sequential(new ReLU(), new MaxPool2d(2)), X);
        sameAsWrittenOrder(new Sequential(new ReLU(), new MaxPool2d(3, 1, 1)), X); // overlapping, padded windows
        sameAsWrittenOrder(new Sequential(new MaxPool2d(2), new ReLU()), X); // the other order: the same fused op
        sameAsWrittenOrder(new Sequential(new MaxPool2d(3, 1, 1), new ReLU()), X);
        Tensor r = Tensor.randn(new Rng(5), 4, 3, 6, 6);
        sameAsWrittenOrder(new Sequential(new Conv2d(3, 4, 3, new Rng(1)).padding(1), new ReLU(), new MaxPool2d(2),
                new Flatten(), new Linear(36, 2, new Rng(2))), r);
    }

    /**
     * Second order: the gradient with respect to x of sum(w * net(x)) is linear in the upstream weights w, and its
     * derivative with respect to w runs the fused backward's own backward. Equal to the written order's, exactly.
     */
    @Test
    void gradientOfTheGradientMatchesTheWrittenOrder() {
        Sequential net = new Sequential(new ReLU(), new MaxPool2d(2));
        Tensor v = Tensor.randn(new Rng(7), X.shape());
        float[][] got = new float[2][];
        for (int k = 0; k < 2; k++) {
            Tensor x = X.detach().requiresGrad(true), w = Tensor.randn(new Rng(4), 1, 2, 1, 4).requiresGrad(true);
            Tensor y = x;
            if (k == 0) y = net.forward(y);
            else for (int i = 0; i < net.size(); i++) y = net.get(i).forward(y);
            Tensor gx = org.neurite.tensor.Autograd.grad(y.mul(w).sum(), List.of(x), true).get(0);
            got[k] = org.neurite.tensor.Autograd.grad(gx.mul(v).sum(), List.of(w), false).get(0).toFloatArray();
        }
        assertArrayEquals(got[1], got[0]);
        boolean nonZero = false;
        for (float g : got[0]) nonZero |= g != 0;
        assertTrue(nonZero, "a gradient that is all zeros would prove nothing");
    }

    @Test
    void gradcheckThroughTheReorderedPair() {
        Sequential net = new Sequential(new ReLU(), new MaxPool2d(2));
        // distinct values 0.1 apart, none within 0.05 of 0: no finite difference crosses a kink or a tie
        float[] v = new float[64];
        for (int i = 0; i < v.length; i++) v[i] = ((i * 37) % 64 - 31.5f) * 0.1f;
        Tensor x = Tensor.of(v, 2, 2, 4, 4).requiresGrad(true);
        Gradcheck.Result res = Gradcheck.check(in -> net.forward(in.get(0)).square().sum(), List.of(x));
        assertTrue(res.passed(), res.toString());
    }
}
