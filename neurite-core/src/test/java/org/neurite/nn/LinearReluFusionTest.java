package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * Sequential runs a Linear layer directly followed by a ReLU as one op (Functional.linearRelu): the same values, input
 * gradients and parameter gradients as the two layers one after the other, exactly (no tolerance).
 */
class LinearReluFusionTest {
    private static void sameAsLayerByLayer(Sequential net, Tensor x) {
        Tensor a = x.detach().requiresGrad(true), b = x.detach().requiresGrad(true);
        Tensor ya = net.forward(a);
        Tensor w = Tensor.randn(new Rng(3), ya.shape()); // a random upstream gradient
        ya.mul(w).sum().backward();
        List<float[]> fusedGrads = net.parameters().stream().map(p -> p.grad().toFloatArray()).toList();
        net.zeroGrad();
        Tensor yb = b;
        for (int i = 0; i < net.size(); i++) yb = net.get(i).forward(yb); // one layer at a time: nothing fused
        assertArrayEquals(yb.toFloatArray(), ya.toFloatArray());
        yb.mul(w).sum().backward();
        assertArrayEquals(b.grad().toFloatArray(), a.grad().toFloatArray());
        for (int i = 0; i < fusedGrads.size(); i++)
            assertArrayEquals(net.parameters().get(i).grad().toFloatArray(), fusedGrads.get(i), "parameter " + i);
    }

    @Test
    void valuesAndGradientsMatchLayerByLayer() {
        Rng rng = new Rng(1);
        // 800 inputs: more than one block of the GEMM's inner dimension; 300 rows: split across threads
        sameAsLayerByLayer(new Sequential(new Linear(800, 37, rng), new ReLU(), new Linear(37, 300, rng), new ReLU(),
                new Linear(300, 10, rng)), Tensor.randn(new Rng(5), 300, 800));
        sameAsLayerByLayer(new Sequential(new Flatten(), new Linear(12, 5, false, rng), new ReLU()),
                Tensor.randn(new Rng(6), 3, 3, 2, 2));
    }

    /**
     * At inference (gradients off) the intermediate results of Linear layers reuse two arrays per thread: the same
     * values as with gradients on, batch after batch and for a new batch size, and the result a caller got is not
     * overwritten by the next call.
     */
    @Test
    void inferenceReusesIntermediateArraysWithoutChangingResults() {
        Rng rng = new Rng(4);
        // 800 -> 800: two blocks of the inner dimension and columns split across threads, so a product written
        // into the array it reads would go wrong
        Sequential net = new Sequential(new Flatten(), new Linear(20, 800, rng), new ReLU(), new Linear(800, 800, rng),
                new Linear(800, 12, rng), new ReLU(), new Linear(12, 3, rng));
        Tensor[] xs = {Tensor.randn(new Rng(7), 9, 4, 5), Tensor.randn(new Rng(8), 9, 4, 5),
            Tensor.randn(new Rng(9), 2, 20)};
        float[][] expected = new float[xs.length][];
        for (int k = 0; k < xs.length; k++) expected[k] = net.forward(xs[k]).toFloatArray(); // recorded: new arrays
        Tensor[] got = new Tensor[xs.length];
        try (var s = org.neurite.tensor.Autograd.noGradScope()) {
            for (int round = 0; round < 2; round++)
                for (int k = 0; k < xs.length; k++) got[k] = net.forward(xs[k]);
        }
        for (int k = 0; k < xs.length; k++) assertArrayEquals(expected[k], got[k].toFloatArray(), "batch " + k);
    }

    @Test
    void gradcheckThroughTheFusedOp() {
        Rng rng = new Rng(2);
        Tensor x = Tensor.randn(rng, 4, 6).requiresGrad(true), w = Tensor.randn(rng, 5, 6).requiresGrad(true);
        // A bias that keeps every pre-activation at least 0.5 from the ReLU's kink, so no finite difference
        // (step 0.01, moving a pre-activation by well under 0.5) crosses it; some columns end up active, some not.
        float[] z = x.matmul(w, false, true).toFloatArray(), b = new float[5];
        for (int j = 0; j < 5; j++) {
            float lo = Float.MAX_VALUE, hi = -Float.MAX_VALUE;
            for (int i = 0; i < 4; i++) {
                lo = Math.min(lo, z[i * 5 + j]);
                hi = Math.max(hi, z[i * 5 + j]);
            }
            b[j] = j % 2 == 0 ? 0.5f - lo : -0.5f - hi; // all active, or all inactive
        }
        Tensor bias = Tensor.of(b, 5).requiresGrad(true);
        Gradcheck.Result res = Gradcheck.check(
                in -> Functional.linearRelu(in.get(0), in.get(1), in.get(2)).square().sum(), List.of(x, w, bias));
        assertTrue(res.passed(), res.toString());
        // Without a bias: positive inputs, and weights of one sign per output (all active or all inactive)
        float[] wv = w.toFloatArray();
        for (int i = 0; i < wv.length; i++) wv[i] = (Math.abs(wv[i]) + 0.1f) * ((i / 6) % 2 == 0 ? 1 : -1);
        Tensor xp = x.detach().abs().add(0.5f).requiresGrad(true), wp = Tensor.of(wv, 5, 6).requiresGrad(true);
        Gradcheck.Result noBias = Gradcheck.check(
                in -> Functional.linearRelu(in.get(0), in.get(1), null).square().sum(), List.of(xp, wp));
        assertTrue(noBias.passed(), noBias.toString());
    }

    @Test
    void badShapesNameTheOp() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.addmmRelu(Tensor.zeros(4), Tensor.zeros(2, 3), Tensor.zeros(5, 3), false, true));
        assertTrue(e.getMessage().startsWith("addmmRelu: bias [4]"), e.getMessage());
    }
}
