package org.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.autodiff.Hessian;

/** Gradients of gradients: the property Newton's method stands on. */
class SecondOrderTest {
    @Test
    void secondDerivativeOfCube() {
        Tensor x = Tensor.scalar(2f).requiresGrad(true);
        Tensor y = x.pow(3f);
        Tensor dy = Autograd.grad(y, List.of(x), true).get(0);
        assertEquals(12f, dy.item(), 1e-5); // 3x^2
        Tensor d2y = Autograd.grad(dy, List.of(x), false).get(0);
        assertEquals(12f, d2y.item(), 1e-5); // 6x
    }

    @Test
    void hessianOfQuadraticFormIsAPlusATranspose() {
        Tensor a = Tensor.of(new float[]{1, 2, 0, 3, 4, 5, -1, 0, 2}, 3, 3);
        Tensor x = Tensor.of(new float[]{0.5f, -1, 2}, 3, 1).requiresGrad(true);
        Tensor h = Hessian.hessian(v -> v.transpose(0, 1).matmul(a).matmul(v).sum(), x);
        Tensor expected = a.add(a.transpose(0, 1));
        assertArrayEquals(expected.toFloatArray(), h.toFloatArray(), 1e-5f);
    }

    @Test
    void hessianVectorProductMatchesHessianTimesVector() {
        Rng rng = new Rng(3);
        Tensor x = Tensor.randn(rng, 4).requiresGrad(true);
        Tensor v = Tensor.randn(rng, 4);
        Function<Tensor, Tensor> f = t -> t.tanh().mul(t).sum().add(t.pow(3f).sum());
        Tensor h = Hessian.hessian(f, x);
        Tensor hv = Hessian.hvp(f, x, v);
        Tensor expected = h.matmul(v.reshape(4, 1)).reshape(4);
        assertArrayEquals(expected.toFloatArray(), hv.toFloatArray(), 1e-4f);
    }

    @Test
    void secondOrderGradcheckOfCompositeOps() {
        Rng rng = new Rng(5);
        Tensor w = Tensor.randn(rng, 3, 2).requiresGrad(true);
        Tensor x = Tensor.randn(rng, 4, 3);
        Gradcheck.Result r = Gradcheck.checkSecondOrder(
                ps -> x.matmul(ps.get(0)).sigmoid().logSoftmax(1).mul(-1f).mean(), List.of(w));
        assertTrue(r.passed(), r.toString());
        Gradcheck.Result r2 = Gradcheck.checkSecondOrder(
                ps -> ps.get(0).exp().div(ps.get(0).pow(2f).add(1f)).softmax(0).max(), List.of(w));
        assertTrue(r2.passed(), r2.toString());
    }
}
