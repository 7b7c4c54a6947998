package org.neurite.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.data.Split;
import org.neurite.data.catalog.Digits;
import org.neurite.nn.Flatten;
import org.neurite.nn.Linear;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Sequential;
import org.neurite.nn.loss.Losses;
import org.neurite.optim.Adam;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

class EnsembleTest {

    /** A "model" that ignores its input's values and returns fixed logits, one row per input row. */
    private static Module fixed(float[] logits, int c) {
        return new Module() {
            @Override
            public Tensor forward(Tensor x) {
                int n = x.size(0);
                float[] out = new float[n * c];
                for (int i = 0; i < n; i++) System.arraycopy(logits, 0, out, i * c, c);
                return Tensor.of(out, n, c).add(x.sum(1, true).mul(0f)); // keeps x in the graph for gradcheck
            }
        };
    }

    @Test
    void averagesProbabilitiesByHand() {
        // member 0: logits (0, ln 3) -> p = (1/4, 3/4); member 1: logits (ln 3, 0) -> p = (3/4, 1/4)
        float ln3 = (float) Math.log(3);
        Ensemble e = new Ensemble(fixed(new float[]{0, ln3}, 2), fixed(new float[]{ln3, 0}, 2));
        Tensor out = e.forward(Tensor.zeros(1, 3));
        assertArrayEquals(new float[]{(float) Math.log(0.5), (float) Math.log(0.5)}, out.toFloatArray(), 1e-6f);
        e.weights(3, 1); // p̄ = 3/4 (1/4, 3/4) + 1/4 (3/4, 1/4) = (3/8, 5/8)
        assertArrayEquals(new float[]{3f / 8, 5f / 8}, e.forward(Tensor.zeros(1, 3)).exp().toFloatArray(), 1e-6f);
        assertArrayEquals(new float[]{3f / 8, 5f / 8}, e.probabilities(Tensor.zeros(1, 3)).toFloatArray(), 1e-6f);
        e.averaging(Ensemble.Averaging.LOGITS); // 3/4 (0, ln 3) + 1/4 (ln 3, 0)
        assertArrayEquals(new float[]{ln3 / 4, 3 * ln3 / 4}, e.forward(Tensor.zeros(1, 3)).toFloatArray(), 1e-6f);
    }

    @Test
    void softmaxOfTheOutputIsTheMeanOfTheMembersProbabilitiesAndGradientsCheck() {
        Rng rng = new Rng(3);
        Linear a = new Linear(4, 5, rng), b = new Linear(4, 5, rng), c = new Linear(4, 5, rng);
        Ensemble e = new Ensemble(a, b, c);
        Tensor x = Tensor.randn(rng, 6, 4).mul(3f);
        Tensor mean = a.forward(x).softmax(1).add(b.forward(x).softmax(1)).add(c.forward(x).softmax(1)).div(3f);
        assertArrayEquals(mean.toFloatArray(), e.forward(x).softmax(1).toFloatArray(), 1e-6f);
        assertArrayEquals(mean.toFloatArray(), e.forward(x).exp().toFloatArray(), 1e-6f);
        assertEquals(3 * (4 * 5 + 5), e.parameterCount());
        var r = Gradcheck.check(in -> new Ensemble(a, b).weights(1, 2).forward(in.get(0)), List.of(Tensor.randn(rng, 3, 4).requiresGrad(true)));
        assertTrue(r.passed(), r.toString());
        var rp = Gradcheck.check(in -> e.forward(Tensor.ones(2, 4)).sum(), List.of(a.weight()));
        assertTrue(rp.passed(), rp.toString());
    }

    @Test
    void ensembleOfTrainedMlpsIsEvaluatedByTheTrainer() {
        Split digits = Digits.split(0.8, 1);
        var small = digits.train().subset(java.util.stream.IntStream.range(0, 300).toArray());
        List<Module> members = new ArrayList<>();
        List<Evaluation> single = new ArrayList<>();
        for (long seed = 1; seed <= 3; seed++) {
            Rng rng = new Rng(seed);
            Module m = new Sequential(new Flatten(), new Linear(64, 32, rng), new ReLU(), new Linear(32, 10, rng));
            Trainer t = Trainer.of(m).loss(Losses::crossEntropy).optimizer(new Adam(m.parameters(), 0.01f))
                    .batchSize(32).epochs(6).seed(seed).workers(0).log(null);
            t.fit(small);
            single.add(t.evaluate(digits.validation()));
            members.add(m);
        }
        Ensemble ens = new Ensemble(members);
        Evaluation ev = Trainer.of(ens).loss(Losses::crossEntropy).evaluate(digits.validation());
        double meanLoss = single.stream().mapToDouble(Evaluation::loss).average().orElseThrow();
        double worst = single.stream().mapToDouble(Evaluation::accuracy).min().orElseThrow();
        // Jensen: -log of the mean probability is at most the mean of -log p, example by example
        assertTrue(ev.loss() <= meanLoss + 1e-9, ev + " vs member losses " + single);
        assertTrue(ev.accuracy() >= worst, ev + " vs members " + single);
        assertTrue(ev.accuracy() > 0.85, ev.toString());
        assertEquals(digits.validation().size(), ev.confusion().total());
    }

    @Test
    void errorsNameTheEnsembleAndShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> new Ensemble(fixed(new float[]{0, 1}, 2), fixed(new float[]{0, 1, 2}, 3)).forward(Tensor.zeros(4, 3)));
        assertTrue(e.getMessage().contains("member 1 returned [4, 3] but member 0 returned [4, 2]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new Ensemble(List.of()));
        e = assertThrows(IllegalArgumentException.class, () -> new Ensemble(fixed(new float[]{0}, 1)).weights(1, 2));
        assertTrue(e.getMessage().contains("2 weights for 1 members"), e.getMessage());
    }
}
