package org.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;

/** Every differentiable op against central differences, including broadcasting and transposed inputs. */
class OpsGradcheckTest {
    private final Rng rng = new Rng(7);

    private Tensor r(int... shape) {
        return Tensor.randn(rng, shape).requiresGrad(true);
    }

    private Tensor pos(int... shape) { // strictly positive, away from 0 (log, sqrt, div, pow)
        return Tensor.rand(rng, shape).add(0.5f).detach().requiresGrad(true);
    }

    private static void check(Function<List<Tensor>, Tensor> f, Tensor... xs) {
        Gradcheck.Result r = Gradcheck.check(f, List.of(xs));
        assertTrue(r.passed(), r.toString());
    }

    @Test void add() { check(x -> x.get(0).add(x.get(1)), r(3, 4), r(3, 4)); }
    @Test void addBroadcastRow() { check(x -> x.get(0).add(x.get(1)), r(3, 4), r(4)); }
    @Test void addBroadcastColumn() { check(x -> x.get(0).add(x.get(1)), r(3, 1), r(1, 4)); }
    @Test void addBroadcastChannels() { check(x -> x.get(0).add(x.get(1)), r(2, 3, 2, 2), r(1, 3, 1, 1)); }
    @Test void addScalar() { check(x -> x.get(0).add(x.get(1)), r(2, 3), r()); }
    @Test void sub() { check(x -> x.get(0).sub(x.get(1)), r(2, 3), r(3)); }
    @Test void mul() { check(x -> x.get(0).mul(x.get(1)), r(2, 3), r(2, 1)); }
    @Test void div() { check(x -> x.get(0).div(x.get(1)), r(2, 3), pos(3)); }
    @Test void powScalar() { check(x -> x.get(0).pow(3f), r(2, 3)); }
    @Test void powTensor() { check(x -> x.get(0).pow(x.get(1)), pos(2, 3), r(3)); }
    @Test void neg() { check(x -> x.get(0).neg(), r(5)); }
    @Test void exp() { check(x -> x.get(0).exp(), r(2, 5)); }
    @Test void log() { check(x -> x.get(0).log(), pos(2, 5)); }
    @Test void sqrt() { check(x -> x.get(0).sqrt(), pos(2, 5)); }
    @Test void abs() { check(x -> x.get(0).abs(), Tensor.of(new float[]{-2, -0.5f, 0.7f, 3}, 4).requiresGrad(true)); }
    @Test void tanh() { check(x -> x.get(0).tanh(), r(3, 3)); }
    @Test void sigmoid() { check(x -> x.get(0).sigmoid(), r(3, 3)); }
    @Test void relu() { check(x -> x.get(0).relu(), Tensor.of(new float[]{-2, -0.5f, 0.7f, 3, 1.5f, -1}, 2, 3).requiresGrad(true)); }
    @Test void clamp() { check(x -> x.get(0).clamp(-1f, 1f), Tensor.of(new float[]{-2, -0.5f, 0.7f, 3}, 4).requiresGrad(true)); }
    @Test void maximumMinimum() {
        Tensor a = Tensor.of(new float[]{1, 5, -2, 4}, 4).requiresGrad(true), b = Tensor.of(new float[]{2, 3, 0, 7}, 4).requiresGrad(true);
        check(x -> x.get(0).maximum(x.get(1)).add(x.get(0).minimum(x.get(1)).mul(2f)), a, b);
    }
    @Test void where() {
        Tensor mask = Tensor.of(new float[]{1, 0, 1, 0, 0, 1}, 2, 3);
        check(x -> Tensor.where(mask, x.get(0), x.get(1)), r(2, 3), r(3));
    }
    @Test void matmul() { check(x -> x.get(0).matmul(x.get(1)), r(3, 4), r(4, 5)); }
    @Test void matmulTransposedFlags() {
        check(x -> x.get(0).matmul(x.get(1), true, true), r(4, 3), r(5, 4));
        check(x -> x.get(0).matmul(x.get(1), false, true), r(3, 4), r(5, 4));
        check(x -> x.get(0).matmul(x.get(1), true, false), r(4, 3), r(4, 5));
    }
    @Test void addmm() {
        check(x -> Tensor.addmm(x.get(0), x.get(1), x.get(2), false, true), r(5), r(3, 4), r(5, 4));
        check(x -> Tensor.addmm(x.get(0), x.get(1), x.get(2), true, false), r(5), r(4, 3), r(4, 5));
        check(x -> Tensor.addmm(x.get(0), x.get(1), x.get(2), false, false), r(5), r(3, 4), r(4, 5));
    }
    @Test void addmmEqualsMatmulPlusBias() {
        Tensor b = r(5), a = r(3, 4), w = r(5, 4);
        org.junit.jupiter.api.Assertions.assertArrayEquals(a.matmul(w, false, true).add(b).toFloatArray(),
                Tensor.addmm(b, a, w, false, true).toFloatArray(), 1e-5f);
    }
    @Test void reluSecondOrder() {
        Gradcheck.Result res = Gradcheck.checkSecondOrder(x -> x.get(0).relu().mul(x.get(0)).sum(),
                List.of(Tensor.of(new float[]{-2, -0.5f, 0.7f, 3}, 4).requiresGrad(true)));
        assertTrue(res.passed(), res.toString());
    }
    @Test void matmulOfTransposedInput() { check(x -> x.get(0).transpose(0, 1).matmul(x.get(1)), r(4, 3), r(4, 2)); }
    @Test void batchedMatmul() { check(x -> x.get(0).matmul(x.get(1)), r(2, 3, 4), r(2, 4, 2)); }
    @Test void batchedTimesMatrix() { check(x -> x.get(0).matmul(x.get(1)), r(2, 3, 4), r(4, 2)); }
    @Test void matrixTimesBatched() { check(x -> x.get(0).matmul(x.get(1)), r(3, 4), r(2, 4, 2)); }
    @Test void sumAll() { check(x -> x.get(0).sum(), r(2, 3)); }
    @Test void sumDims() { check(x -> x.get(0).sum(new int[]{0, 2}, false), r(2, 3, 4)); }
    @Test void sumKeepDim() { check(x -> x.get(0).sum(1, true), r(2, 3, 4)); }
    @Test void mean() { check(x -> x.get(0).mean(1, false), r(2, 3, 4)); }
    @Test void max() { check(x -> x.get(0).max(1), r(3, 4)); }
    @Test void maxAll() { check(x -> x.get(0).max(), r(3, 4)); }
    @Test void min() { check(x -> x.get(0).min(0, true), r(3, 4)); }
    @Test void var() { check(x -> x.get(0).var(1, true, false), r(3, 5)); }
    @Test void varAll() { check(x -> x.get(0).var(), r(3, 5)); }
    @Test void softmax() { check(x -> x.get(0).softmax(1), r(3, 5)); }
    @Test void softmaxMiddleDim() { check(x -> x.get(0).softmax(1), r(2, 3, 2)); }
    @Test void logSoftmax() { check(x -> x.get(0).logSoftmax(-1), r(3, 5)); }
    @Test void reshape() { check(x -> x.get(0).reshape(3, -1).mul(x.get(0).reshape(3, 2)), r(2, 3)); }
    @Test void transpose() { check(x -> x.get(0).transpose(0, 2), r(2, 3, 4)); }
    @Test void permute() { check(x -> x.get(0).permute(2, 0, 1), r(2, 3, 4)); }
    @Test void squeezeUnsqueezeFlatten() { check(x -> x.get(0).unsqueeze(1).squeeze().flatten(), r(2, 3)); }
    @Test void slice() { check(x -> x.get(0).slice(1, 1, 3), r(2, 4, 2)); }
    @Test void concat() { check(x -> Tensor.concat(List.of(x.get(0), x.get(1)), 1), r(2, 3), r(2, 2)); }
    @Test void stack() { check(x -> Tensor.stack(List.of(x.get(0), x.get(1)), 0), r(2, 3), r(2, 3)); }
    @Test void expand() { check(x -> x.get(0).expand(3, 2, 4), r(2, 1)); }
    @Test void indexSelect() { check(x -> x.get(0).indexSelect(0, new int[]{2, 0, 2}), r(3, 2)); }
    @Test void gather() {
        Tensor idx = Tensor.of(new float[]{1, 0, 2, 2}, 4, 1);
        check(x -> x.get(0).gather(1, idx), r(4, 3));
    }
    @Test void composite() {
        check(x -> x.get(0).matmul(x.get(1)).add(x.get(2)).tanh().logSoftmax(1).mean(), r(4, 3), r(3, 5), r(5));
    }
}
