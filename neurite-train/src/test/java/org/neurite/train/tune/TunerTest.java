package org.neurite.train.tune;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.Dataset;
import org.neurite.data.TensorDataset;
import org.neurite.nn.Linear;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Sequential;
import org.neurite.nn.loss.Losses;
import org.neurite.optim.SGD;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;
import org.neurite.train.Trainer;

/** The tuner on synthetic problems where the right learning rate is known to lie in the middle of the grid. */
class TunerTest {

    /** Four Gaussian blobs in 2-D (one per class), centres at (+-2, +-2), standard deviation 0.7. */
    static Dataset blobs(int n, long seed) {
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n], y = new float[n];
        for (int i = 0; i < n; i++) {
            int c = i % 4;
            x[2 * i] = (float) ((c % 2 == 0 ? -2 : 2) + 0.7 * rng.nextGaussian());
            x[2 * i + 1] = (float) ((c / 2 == 0 ? -2 : 2) + 0.7 * rng.nextGaussian());
            y[i] = c;
        }
        return new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n));
    }

    static Module mlp(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(2, 16, rng), new ReLU(), new Linear(16, 4, rng));
    }

    static Tuner.TrialFactory sgdMlp(List<long[]> seen) {
        return (lr, b, seed) -> {
            seen.add(new long[]{Double.doubleToLongBits(lr), b, seed});
            Module m = mlp(seed);
            return Trainer.of(m).loss(Losses::crossEntropy).optimizer(new SGD(m.parameters(), (float) lr)).batchSize(b)
                    .workers(0);
        };
    }

    @Test
    void picksAMiddleLearningRateThenSearchesBatchSizesAtIt(@TempDir Path dir) throws Exception {
        Dataset train = blobs(400, 1), val = blobs(200, 2);
        List<long[]> seen = new ArrayList<>();
        ByteArrayOutputStream logBytes = new ByteArrayOutputStream();
        TuningResult r = new Tuner(sgdMlp(seen)).logGrid(1e-5, 1e3, 9).batchSizes(16, 4, 64).epochs(3).seed(11)
                .log(new PrintStream(logBytes, true)).run(train, val);
        String table = r.table();
        List<Trial> lr = r.learningRateTrials();
        assertEquals(9, lr.size(), table);
        assertEquals(11, r.trials().size(), table);
        // too small: hardly moves from the initial weights in 3 epochs
        assertTrue(lr.get(0).valAccuracy() < 0.6, table);
        // too large: diverges or oscillates far from the optimum
        Trial largest = lr.get(8);
        assertTrue(largest.diverged() || largest.valAccuracy() < 0.6, table);
        // a sensible middle rate, which learns the (almost separable) blobs
        assertTrue(r.bestLearningRate() >= 1e-3 && r.bestLearningRate() <= 10, table);
        assertTrue(r.bestLearningRateTrial().valAccuracy() > 0.95, table);
        for (Trial t : lr) assertTrue(!t.betterThan(r.bestLearningRateTrial()), table);
        // phase 1 ran at b_0 = 16; phase 2 ran the other sizes at the best rate
        for (Trial t : lr) assertEquals(16, t.batchSize());
        List<Trial> batch = r.trials().stream().filter(t -> t.phase().equals("batch")).toList();
        assertEquals(List.of(4, 64), batch.stream().map(Trial::batchSize).toList(), table);
        for (Trial t : batch) assertEquals(r.bestLearningRate(), t.learningRate(), table);
        assertEquals(3, r.batchSizeTrials().size());
        for (Trial t : r.batchSizeTrials()) assertFalse(t.betterThan(r.best()), table);
        assertEquals(r.best().batchSize(), r.bestBatchSize());
        // every trial seeded with the tuner's seed, and built at its own (lr, b)
        assertEquals(11, seen.size());
        for (int i = 0; i < seen.size(); i++) {
            assertEquals(11, seen.get(i)[2]);
            assertEquals(r.trials().get(i).learningRate(), Double.longBitsToDouble(seen.get(i)[0]));
            assertEquals(r.trials().get(i).batchSize(), seen.get(i)[1]);
            assertEquals(11, r.trials().get(i).seed());
        }
        // logged, tabulated, written
        String log = logBytes.toString();
        assertEquals(11, log.lines().filter(l -> l.startsWith("trial ")).count(), log);
        assertEquals(12, table.lines().count(), table);
        assertEquals(1, table.lines().filter(l -> l.endsWith("*")).count(), table);
        r.write(dir);
        List<String> csv = Files.readAllLines(dir.resolve("trials.csv"));
        assertEquals(TuningResult.CSV_HEADER, csv.get(0));
        assertEquals(12, csv.size());
        byte[] png = Files.readAllBytes(dir.resolve("tuning.png"));
        assertEquals((byte) 0x89, png[0]);
        assertEquals('P', png[1]);
        String svg = Files.readString(dir.resolve("tuning.svg"));
        assertTrue(svg.contains("<svg") && svg.contains("learning rate"), svg.substring(0, 200));
        try (var files = Files.list(dir)) {
            assertEquals(3, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void sameSeedGivesTheSameTrials() {
        Dataset train = blobs(200, 3), val = blobs(100, 4);
        Tuner t = new Tuner(sgdMlp(new ArrayList<>())).learningRates(0.01, 0.1).epochs(2).seed(5).log(null);
        TuningResult a = t.run(train, val), b = t.run(train, val);
        for (int i = 0; i < 2; i++) {
            assertEquals(a.trials().get(i).valAccuracy(), b.trials().get(i).valAccuracy());
            assertEquals(a.trials().get(i).valLoss(), b.trials().get(i).valLoss());
        }
    }

    @Test
    void tiesInAccuracyGoToTheFasterTrial() {
        Trial slow = new Trial("batch", 0.1, 4, 1, 0.9, 0.3, 5.0, 3);
        Trial fast = new Trial("batch", 0.1, 64, 1, 0.9, 0.35, 1.0, 3);
        Trial better = new Trial("batch", 0.1, 8, 1, 0.91, 0.4, 9.0, 3);
        Trial diverged = new Trial("lr", 10, 16, 1, Double.NaN, Double.NaN, 0.1, 1);
        assertTrue(fast.betterThan(slow));
        assertFalse(slow.betterThan(fast));
        assertTrue(better.betterThan(fast), "accuracy first, time only on a tie");
        assertTrue(slow.betterThan(diverged));
        assertFalse(diverged.betterThan(slow));
        assertTrue(diverged.diverged());

        // On a problem every configuration solves perfectly the winner is the fastest of the tied trials.
        Dataset train = blobs(200, 5), val = farBlobs();
        TuningResult r = new Tuner(sgdMlp(new ArrayList<>())).learningRates(0.05, 0.1).batchSizes(8, 32, 100)
                .epochs(3).seed(2).log(null).run(train, val);
        double top = r.trials().stream().mapToDouble(Trial::valAccuracy).max().orElseThrow();
        List<Trial> tied = r.batchSizeTrials().stream().filter(t -> t.valAccuracy() == top).toList();
        assertTrue(tied.size() >= 2, r.table());
        double fastest = tied.stream().mapToDouble(Trial::seconds).min().orElseThrow();
        assertEquals(fastest, r.best().seconds(), r.table());
    }

    /** Validation points at the four blob centres themselves: every trained configuration classifies them all. */
    private static Dataset farBlobs() {
        float[] x = {-2, -2, 2, -2, -2, 2, 2, 2};
        return new TensorDataset(Tensor.of(x, 4, 2), Tensor.of(new float[]{0, 1, 2, 3}, 4));
    }

    @Test
    void gridsAndArgumentErrors() {
        Tuner t = new Tuner((lr, b, s) -> null);
        double[] g = t.logGrid(1e-4, 1, 5).learningRates();
        double[] want = {1e-4, 1e-3, 1e-2, 1e-1, 1};
        for (int i = 0; i < 5; i++) assertEquals(want[i], g[i], want[i] * 1e-12);
        double[] rs = t.randomSearch(50, 1e-3, 1e-1, 9).learningRates();
        int below = 0;
        for (int i = 0; i < rs.length; i++) {
            assertTrue(rs[i] >= 1e-3 && rs[i] <= 1e-1);
            if (i > 0) assertTrue(rs[i] >= rs[i - 1], "sorted");
            if (rs[i] < 1e-2) below++;
        }
        assertTrue(below > 15 && below < 35, "log-uniform: about half below the geometric middle, got " + below);
        assertEquals(rs[7], new Tuner((lr, b, s) -> null).randomSearch(50, 1e-3, 1e-1, 9).learningRates()[7]);
        var e = assertThrows(IllegalArgumentException.class, () -> t.logGrid(0, 1, 3));
        assertTrue(e.getMessage().contains("logGrid"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.batchSizes(16, 0));
        assertTrue(e.getMessage().contains("batchSizes"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.learningRates(0.1, -1));
        assertTrue(e.getMessage().contains("[0.1, -1.0]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> t.run(blobs(8, 1), null));
        assertTrue(e.getMessage().contains("validation"), e.getMessage());
        var s = assertThrows(IllegalStateException.class, () -> t.learningRates(0.1).log(null).run(blobs(8, 1), blobs(8, 2)));
        assertTrue(s.getMessage().contains("factory returned null"), s.getMessage());
    }
}
