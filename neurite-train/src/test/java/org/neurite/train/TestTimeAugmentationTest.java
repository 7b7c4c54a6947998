package org.neurite.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.data.TensorDataset;
import org.neurite.nn.Flatten;
import org.neurite.nn.Linear;
import org.neurite.nn.Module;
import org.neurite.nn.Sequential;
import org.neurite.nn.loss.Losses;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

class TestTimeAugmentationTest {

    @Test
    void flipReversesTheLastDimension() {
        Tensor x = Tensor.of(new float[]{1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}, 2, 1, 2, 3);
        assertArrayEquals(new float[]{3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10},
                TestTimeAugmentation.flipHorizontal(x).toFloatArray());
        var r = Gradcheck.check(in -> TestTimeAugmentation.flipHorizontal(in.get(0)).mul(in.get(0)).sum(),
                List.of(Tensor.randn(new Rng(1), 2, 1, 2, 3).requiresGrad(true)));
        assertTrue(r.passed(), r.toString());
        var e = assertThrows(IllegalArgumentException.class, () -> TestTimeAugmentation.flipHorizontal(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("flipHorizontal") && e.getMessage().contains("[4]"), e.getMessage());
    }

    @Test
    void averagesTheProbabilitiesOfTheImageAndItsMirrorByHand() {
        Rng rng = new Rng(5);
        Linear lin = new Linear(6, 4, rng);
        Module m = new Sequential(new Flatten(), lin);
        Tensor x = Tensor.randn(rng, 3, 1, 2, 3).mul(2f);
        float[] xs = x.toFloatArray(), mirror = new float[xs.length];
        for (int r = 0; r < 6; r++)          // 3 images x 2 rows of 3 pixels, each row reversed by hand
            for (int c = 0; c < 3; c++) mirror[r * 3 + c] = xs[r * 3 + 2 - c];
        Tensor expected = m.forward(x).softmax(1).add(m.forward(Tensor.of(mirror, 3, 1, 2, 3)).softmax(1)).div(2f);
        TestTimeAugmentation tta = TestTimeAugmentation.horizontalFlip(m);
        Tensor out = tta.forward(x);
        assertArrayEquals(expected.toFloatArray(), out.exp().toFloatArray(), 1e-6f);
        assertArrayEquals(expected.toFloatArray(), out.softmax(1).toFloatArray(), 1e-6f);
        assertEquals(m.parameterCount(), tta.parameterCount());
        assertTrue(tta.stateDict().containsKey("model.1.weight"), tta.stateDict().keySet().toString());
        var rx = Gradcheck.check(in -> tta.forward(in.get(0)), List.of(x.detach().requiresGrad(true)));
        assertTrue(rx.passed(), rx.toString());
        var rw = Gradcheck.check(in -> tta.forward(x).sum(), List.of(lin.weight()));
        assertTrue(rw.passed(), rw.toString());
    }

    @Test
    void aMirrorSymmetricModelPredictsAsWithoutAugmentation() {
        // Each output sums the pixels of one row: mirroring does not change it, so p̄ = softmax(z).
        Module rowSums = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x.sum(3, false).reshape(x.size(0), x.size(2));
            }
        };
        Tensor x = Tensor.randn(new Rng(2), 4, 1, 3, 5);
        assertArrayEquals(rowSums.forward(x).logSoftmax(1).toFloatArray(),
                TestTimeAugmentation.horizontalFlip(rowSums).forward(x).toFloatArray(), 1e-6f);
    }

    @Test
    void theTrainerEvaluatesTheAugmentedModel() {
        // Two classes told apart by which half of the image is bright; the model looks at the left half only, so it
        // is right on the originals and wrong on their mirrors: averaged, every prediction is (1/2, 1/2).
        float[] xs = new float[2 * 4];
        xs[0] = xs[1] = 1;      // image 0, class 0: left half bright
        xs[6] = xs[7] = 1;      // image 1, class 1: right half bright
        Tensor x = Tensor.of(xs, 2, 1, 1, 4), y = Tensor.of(new float[]{0, 1}, 2);
        Module leftHalf = new Module() {
            @Override
            public Tensor forward(Tensor in) {
                Tensor left = in.slice(3, 0, 2).sum(3, false).reshape(in.size(0), 1).mul(5f).add(-5f);
                return Tensor.concat(List.of(left, left.neg()), 1);   // bright left -> class 0, else class 1
            }
        };
        var data = new TensorDataset(x, y);
        assertEquals(1.0, Trainer.of(leftHalf).loss(Losses::crossEntropy).evaluate(data).accuracy(), 1e-9);
        Evaluation ev = Trainer.of(TestTimeAugmentation.horizontalFlip(leftHalf)).loss(Losses::crossEntropy).evaluate(data);
        assertEquals(Math.log(2), ev.loss(), 1e-6); // p̄ = (1/2, 1/2) for both images
    }

    @Test
    void rejectsModelsThatDoNotGiveLogits() {
        Module identity = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return x;
            }
        };
        var e = assertThrows(IllegalArgumentException.class,
                () -> TestTimeAugmentation.horizontalFlip(identity).forward(Tensor.zeros(2, 1, 3, 3)));
        assertTrue(e.getMessage().contains("logits [N, C]") && e.getMessage().contains("[2, 1, 3, 3]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TestTimeAugmentation(identity, List.of(), "none"));
    }
}
