package org.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Linear;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Sequential;
import org.neurite.nn.loss.Losses;
import org.neurite.optim.Optimizer;
import org.neurite.optim.SGD;

/**
 * zeroGrad(false), PyTorch's zero_grad(set_to_none=False): the parameters keep their gradient storage and backward
 * passes add into it (the weight's GEMM writes there directly). Values must be those of a fresh gradient.
 */
class KeptGradTest {
    private static Module mlp(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(12, 9, rng), new ReLU(), new Linear(9, 4, rng));
    }

    private static Tensor loss(Module net, Tensor x, Tensor y) {
        return Losses.crossEntropy(net.forward(x), y);
    }

    @Test
    void sameGradientsAsFreshOnesAndTheSameStorageEachStep() {
        Module kept = mlp(1), fresh = mlp(1);
        Rng rng = new Rng(2);
        Tensor x = Tensor.randn(rng, 16, 12), y = Tensor.of(new float[]{0, 1, 2, 3, 0, 1, 2, 3, 0, 1, 2, 3, 3, 2, 1, 0}, 16);
        loss(kept, x, y).backward();
        List<Tensor> first = kept.parameters().stream().map(Tensor::grad).toList();
        for (int step = 0; step < 3; step++) {
            kept.zeroGrad(false);
            fresh.zeroGrad();
            Tensor xs = x.mul(step + 1f);
            loss(kept, xs, y).backward();
            loss(fresh, xs, y).backward();
            for (int i = 0; i < first.size(); i++) {
                Tensor p = kept.parameters().get(i);
                // exact: the GEMM writes with beta = 0 what a new product would hold
                assertArrayEquals(fresh.parameters().get(i).grad().toFloatArray(), p.grad().toFloatArray());
                if (step > 0) assertSame(kept.parameters().get(i).grad(), p.grad());
            }
        }
        // after the first zeroGrad(false) each parameter keeps one gradient tensor for good
        Tensor w = kept.parameters().get(0), g = w.grad();
        kept.zeroGrad(false);
        loss(kept, x, y).backward();
        assertSame(g, w.grad());
        assertNotSame(first.get(0), w.grad()); // the first one came from the engine and might be shared: replaced
    }

    @Test
    void backwardPassesAddUpAndZeroGradFalseReadsAsZeros() {
        Module net = mlp(3);
        Tensor x = Tensor.randn(new Rng(4), 5, 12), y = Tensor.of(new float[]{0, 1, 2, 3, 1}, 5);
        loss(net, x, y).backward();
        net.zeroGrad(false);
        for (Tensor p : net.parameters()) assertArrayEquals(new float[p.numel()], p.grad().toFloatArray());
        loss(net, x, y).backward();
        List<float[]> once = net.parameters().stream().map(p -> p.grad().toFloatArray()).toList();
        loss(net, x, y).backward(); // accumulates in place: twice the gradient (weights and biases)
        for (int k = 0; k < once.size(); k++) {
            float[] o = once.get(k), twice = net.parameters().get(k).grad().toFloatArray();
            for (int i = 0; i < o.length; i++) assertEquals(2 * o[i], twice[i], 1e-6f * (1 + Math.abs(o[i])));
        }
        net.zeroGrad(); // set to none forgets, as before
        for (Tensor p : net.parameters()) assertNull(p.grad());
        net.zeroGrad(false); // a gradient never computed stays null
        for (Tensor p : net.parameters()) assertNull(p.grad());
    }

    @Test
    void aSharedGradientIsNotWrittenThrough() {
        // add's backward hands the same gradient tensor to both leaves: each must end up with storage of its own
        Tensor a = Tensor.randn(new Rng(5), 3, 4).requiresGrad(true), b = Tensor.randn(new Rng(6), 3, 4)
                .requiresGrad(true);
        Tensor m = Tensor.randn(new Rng(7), 4, 2);
        a.add(b).matmul(m).sum().backward();
        float[] bGrad = b.grad().toFloatArray();
        a.zeroGrad(false);
        a.matmul(m).mul(3f).sum().backward();
        assertArrayEquals(bGrad, b.grad().toFloatArray());
        a.zeroGrad(false);
        Tensor w = Tensor.randn(new Rng(8), 4, 4).requiresGrad(true);
        a.matmul(w).sum().backward(); // a's gradient through the GEMM straight into its storage
        assertArrayEquals(bGrad, b.grad().toFloatArray());
        assertArrayEquals(Tensor.ones(3, 4).matmul(w.detach().transpose(0, 1)).toFloatArray(), a.grad().toFloatArray());
    }

    @Test
    void autogradGradAndCreateGraphLeaveKeptStorageAlone() {
        Tensor w = Tensor.randn(new Rng(9), 4, 3).requiresGrad(true), x = Tensor.randn(new Rng(10), 2, 4);
        x.matmul(w).sum().backward();
        w.zeroGrad(false);
        x.matmul(w).sum().backward();
        Tensor kept = w.grad();
        float[] before = kept.toFloatArray();
        List<Tensor> g = Autograd.grad(x.matmul(w).mul(2f).sum(), List.of(w), false);
        assertArrayEquals(before, kept.toFloatArray()); // Autograd.grad does not touch grad()
        for (int i = 0; i < before.length; i++) assertEquals(2 * before[i], g.get(0).toFloatArray()[i], 1e-6f);
        // with createGraph the sum is recorded, so it is a new, differentiable tensor
        Tensor y = x.matmul(w).pow(2f).sum();
        Autograd.backward(y, null, false, true);
        assertNotSame(kept, w.grad());
    }

    @Test
    void aTensorWithANodePassesItsGradientOnEvenWithKeptStorage() {
        Tensor w = Tensor.randn(new Rng(13), 4, 3).requiresGrad(true), x = Tensor.randn(new Rng(14), 2, 4);
        Tensor v = Tensor.randn(new Rng(15), 3, 5);
        Tensor h = x.matmul(w); // not a leaf
        h.setGrad(Tensor.zeros(2, 3));
        h.zeroGrad(false); // storage of its own, but its gradient must still reach w
        h.matmul(v).sum().backward();
        Tensor w2 = w.detach().requiresGrad(true);
        x.matmul(w2).matmul(v).sum().backward();
        assertArrayEquals(w2.grad().toFloatArray(), w.grad().toFloatArray());
    }

    @Test
    void trainingWithKeptGradientsFollowsTheSamePath() {
        Module a = mlp(11), b = mlp(11);
        Optimizer oa = new SGD(a.parameters(), 0.1f).momentum(0.9f), ob = new SGD(b.parameters(), 0.1f).momentum(0.9f);
        Rng rng = new Rng(12);
        for (int step = 0; step < 5; step++) {
            Tensor x = Tensor.randn(rng, 8, 12), y = Tensor.of(new float[]{0, 1, 2, 3, 3, 2, 1, 0}, 8);
            oa.zeroGrad();
            loss(a, x, y).backward();
            oa.step();
            ob.zeroGrad(false);
            loss(b, x, y).backward();
            ob.step();
        }
        for (int i = 0; i < a.parameters().size(); i++)
            assertArrayEquals(a.parameters().get(i).toFloatArray(), b.parameters().get(i).toFloatArray());
    }
}
