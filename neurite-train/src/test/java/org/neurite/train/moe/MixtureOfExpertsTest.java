package org.neurite.train.moe;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.data.TensorDataset;
import org.neurite.nn.Linear;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Sequential;
import org.neurite.nn.loss.Losses;
import org.neurite.optim.Adam;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;
import org.neurite.train.History;
import org.neurite.train.Trainer;

/** Regions of the plane with their own linear rules: the experts must divide the plane between them. */
class MixtureOfExpertsTest {

    /** The quadrant of a point: 0 (+, +), 1 (-, +), 2 (-, -), 3 (+, -). */
    static int quadrant(float a, float b) {
        return a >= 0 ? (b >= 0 ? 0 : 3) : (b >= 0 ? 1 : 2);
    }

    /** A different linear rule y = w_q . x + c_q in each quadrant q (rows: w_q0, w_q1, c_q). */
    static final float[][] RULES = {{3, -2, 1}, {-2, 3, -1}, {2, 2, 2}, {-3, -1, -2}};

    /**
     * n points uniform on [-1, 1]^2 as [n, 2] and targets [n, 1]; with halves, the rule of quadrant 0 on the right
     * (x_0 >= 0) and that of quadrant 1 on the left.
     */
    static Tensor[] regions(int n, long seed, boolean halves) {
        Rng rng = new Rng(seed);
        float[] x = new float[2 * n], y = new float[n];
        for (int i = 0; i < n; i++) {
            float a = 2 * rng.nextFloat() - 1, b = 2 * rng.nextFloat() - 1;
            x[2 * i] = a;
            x[2 * i + 1] = b;
            float[] r = RULES[region(a, b, halves)];
            y[i] = r[0] * a + r[1] * b + r[2];
        }
        return new Tensor[]{Tensor.of(x, n, 2), Tensor.of(y, n, 1)};
    }

    static int region(float a, float b, boolean halves) {
        return halves ? (a >= 0 ? 0 : 1) : quadrant(a, b);
    }

    /** Full-batch Adam on the MSE (plus coefficient * L_aux when balance is given); returns the final training MSE. */
    static double train(Module m, Tensor[] data, int steps, MixtureOfExperts balance, double coefficient) {
        Adam opt = new Adam(m.parameters(), 0.05f);
        for (int s = 0; s < steps; s++) {
            opt.zeroGrad();
            Tensor l = Losses.mse(m.forward(data[0]), data[1]);
            if (balance != null) l = l.add(balance.loadBalancingLoss().mul((float) coefficient));
            l.backward();
            opt.step();
        }
        return Losses.mse(m.forward(data[0]), data[1]).item();
    }

    static MixtureOfExperts linearExperts(int k, long seed) {
        Rng rng = new Rng(seed);
        List<Module> experts = new ArrayList<>();
        for (int e = 0; e < k; e++) experts.add(new Linear(2, 1, rng));
        return new MixtureOfExperts(new Linear(2, k, rng), experts);
    }

    /** counts[r][e]: test points of region r that the gate sends first to expert e. */
    static int[][] routing(MixtureOfExperts moe, Tensor x, int regions, boolean halves) {
        int[] r = moe.route(x);
        int[][] counts = new int[regions][moe.numExperts()];
        for (int i = 0; i < r.length; i++) counts[region(x.get(i, 0), x.get(i, 1), halves)][r[i]]++;
        return counts;
    }

    /** Each region goes predominantly (at least `share` of its points) to one expert, a different one per region. */
    static void assertSpecialised(int[][] counts, double share, String msg) {
        Set<Integer> owners = new HashSet<>();
        for (int[] row : counts) {
            int total = Arrays.stream(row).sum(), owner = 0;
            for (int e = 1; e < row.length; e++) if (row[e] > row[owner]) owner = e;
            assertTrue(row[owner] >= share * total, msg);
            owners.add(owner);
        }
        assertEquals(counts.length, owners.size(), "a different expert per region\n" + msg);
    }

    static String describe(int[][] counts, double moeMse, double singleMse) {
        StringBuilder sb = new StringBuilder(String.format("test MSE: mixture %.4f, single expert %.4f%n", moeMse, singleMse));
        for (int r = 0; r < counts.length; r++) sb.append("region ").append(r).append(" -> experts ").append(Arrays.toString(counts[r])).append('\n');
        return sb.toString();
    }

    @Test
    void denseExpertsSpecialiseOnTheirQuadrantsAndBeatASingleExpert() {
        for (long seed = 1; seed <= 3; seed++) {
            Tensor[] train = regions(800, seed, false), test = regions(400, seed + 100, false);
            MixtureOfExperts moe = linearExperts(4, seed);
            train(moe, train, 800, null, 0);
            Module single = new Linear(2, 1, new Rng(seed)); // one expert of the same size, same budget
            train(single, train, 800, null, 0);
            double moeMse = Losses.mse(moe.forward(test[0]), test[1]).item();
            double singleMse = Losses.mse(single.forward(test[0]), test[1]).item();
            int[][] counts = routing(moe, test[0], 4, false);
            String msg = "seed " + seed + ", " + describe(counts, moeMse, singleMse);
            assertSpecialised(counts, 0.8, msg);
            assertTrue(moeMse < 0.25 * singleMse, msg);
        }
    }

    @Test
    void topOneGatingWithLoadBalancingSplitsTheHalves() {
        for (long seed = 1; seed <= 3; seed++) {
            Tensor[] train = regions(600, seed, true), test = regions(300, seed + 100, true);
            MixtureOfExperts moe = linearExperts(2, seed).topK(1);
            train(moe, train, 600, moe, 0.1);
            Module single = new Linear(2, 1, new Rng(seed));
            train(single, train, 600, null, 0);
            double moeMse = Losses.mse(moe.forward(test[0]), test[1]).item();
            double singleMse = Losses.mse(single.forward(test[0]), test[1]).item();
            int[][] counts = routing(moe, test[0], 2, true);
            String msg = "seed " + seed + ", " + describe(counts, moeMse, singleMse);
            assertSpecialised(counts, 0.9, msg);
            assertTrue(moeMse < 0.25 * singleMse, msg);
        }
    }

    @Test
    void topTwoOfFourBeatsASingleExpertOnTheQuadrants() {
        for (long seed = 1; seed <= 2; seed++) {
            Tensor[] train = regions(800, seed, false), test = regions(400, seed + 100, false);
            MixtureOfExperts moe = linearExperts(4, seed).topK(2);
            train(moe, train, 800, null, 0);
            Module single = new Linear(2, 1, new Rng(seed));
            train(single, train, 800, null, 0);
            double moeMse = Losses.mse(moe.forward(test[0]), test[1]).item();
            double singleMse = Losses.mse(single.forward(test[0]), test[1]).item();
            assertTrue(moeMse < 0.25 * singleMse, describe(routing(moe, test[0], 4, false), moeMse, singleMse));
        }
    }

    /** Records the batch sizes it is run on. */
    static final class Counting extends Module {
        final Linear inner;
        final List<Integer> batches = new ArrayList<>();

        Counting(Linear inner) {
            this.inner = registerModule("inner", inner);
        }

        @Override
        public Tensor forward(Tensor x) {
            batches.add(x.size(0));
            return inner.forward(x);
        }
    }

    @Test
    void forwardMatchesANaiveLoopDenseAndSparse() {
        Rng rng = new Rng(7);
        Linear gate = new Linear(3, 4, rng);
        List<Counting> experts = new ArrayList<>();
        for (int e = 0; e < 4; e++) experts.add(new Counting(new Linear(3, 2, rng)));
        MixtureOfExperts moe = new MixtureOfExperts(gate, experts);
        Tensor x = Tensor.randn(rng, 5, 3);
        float[] h = gate.forward(x).toFloatArray();
        float[][] ex = new float[4][];
        for (int e = 0; e < 4; e++) ex[e] = experts.get(e).inner.forward(x).toFloatArray();
        for (int k : new int[]{4, 2, 1}) {
            moe.topK(k);
            for (Counting c : experts) c.batches.clear();
            float[] got = moe.forward(x).toFloatArray();
            int evaluated = 0;
            for (Counting c : experts) for (int b : c.batches) evaluated += b;
            assertEquals(5 * k, evaluated, "top-" + k + ": each example is evaluated by exactly k experts");
            for (int i = 0; i < 5; i++) {
                // naive: softmax over the row, the k largest, weights renormalised (k >= 2) or g itself (k = 1)
                double[] g = new double[4];
                double z = 0;
                for (int e = 0; e < 4; e++) z += g[e] = Math.exp(h[i * 4 + e]);
                for (int e = 0; e < 4; e++) g[e] /= z;
                Integer[] order = {0, 1, 2, 3};
                final int row = i;
                Arrays.sort(order, (p, q) -> Float.compare(h[row * 4 + q], h[row * 4 + p]));
                double kept = 0;
                for (int j = 0; j < k; j++) kept += g[order[j]];
                for (int o = 0; o < 2; o++) {
                    double want = 0;
                    for (int j = 0; j < k; j++) {
                        int e = order[j];
                        want += (k == 1 ? g[e] : g[e] / kept) * ex[e][i * 2 + o];
                    }
                    assertEquals(want, got[i * 2 + o], 1e-5, "top-" + k + " example " + i + " output " + o);
                }
            }
        }
    }

    @Test
    void gradientsCheckDenseAndSparse() {
        Rng rng = new Rng(8);
        MixtureOfExperts moe = new MixtureOfExperts(new Linear(3, 3, rng),
                new Sequential(new Linear(3, 4, rng), new ReLU(), new Linear(4, 2, rng)), new Linear(3, 2, rng),
                new Linear(3, 2, rng));
        for (int k : new int[]{3, 2, 1}) {
            moe.topK(k);
            Tensor x = Tensor.randn(rng, 4, 3).requiresGrad(true);
            var r = Gradcheck.check(in -> moe.forward(in.get(0)), List.of(x));
            assertTrue(r.passed(), "top-" + k + " w.r.t. x: " + r);
            Tensor gw = ((Linear) moe.gate()).weight();
            Tensor xs = Tensor.randn(rng, 6, 3);
            var rg = Gradcheck.check(in -> moe.forward(xs).add(moe.loadBalancingLoss()), List.of(gw));
            assertTrue(rg.passed(), "top-" + k + " w.r.t. the gate's weight: " + rg);
        }
    }

    @Test
    void loadBalancingLossByHand() {
        // A gate with fixed logits: example 0 prefers expert 0, examples 1 and 2 prefer expert 1.
        float[] logits = {2, 0, 0, 0, 1, 0, 0, 3, 1};
        Module gate = new Module() {
            @Override
            public Tensor forward(Tensor x) {
                return Tensor.of(logits, 3, 3).add(x.sum(1, true).mul(0f));
            }
        };
        Rng rng = new Rng(9);
        MixtureOfExperts moe = new MixtureOfExperts(gate, new Linear(2, 1, rng), new Linear(2, 1, rng), new Linear(2, 1, rng));
        Tensor x = Tensor.zeros(3, 2);
        Tensor g = Tensor.of(logits, 3, 3).softmax(1);
        float[] p = g.mean(0).toFloatArray();
        moe.forward(x); // dense: f = argmax fractions (1/3, 2/3, 0)
        assertEquals(3 * (p[0] / 3 + 2 * p[1] / 3), moe.loadBalancingLoss().item(), 1e-6);
        assertArrayEquals(new int[]{1, 2, 0}, moe.lastExpertCounts());
        moe.topK(2).forward(x); // top-2 slots: {0, 1}, {1, 0 or 2 tie -> 0}, {1, 2}: f = (2/6, 3/6, 1/6)
        assertArrayEquals(new int[]{2, 3, 1}, moe.lastExpertCounts());
        assertEquals(3 * (2 * p[0] + 3 * p[1] + p[2]) / 6, moe.loadBalancingLoss().item(), 1e-6);
        // uniform routing gives 1, collapse onto one expert gives K
        Arrays.fill(logits, 0);
        logits[0] = logits[3] = logits[6] = 50;
        moe.topK(1).forward(x);
        assertEquals(3, moe.loadBalancingLoss().item(), 1e-4);
        Arrays.fill(logits, 0);
        logits[0] = logits[4] = logits[8] = 50;
        moe.forward(x);
        assertEquals(1, moe.loadBalancingLoss().item(), 1e-4);
    }

    @Test
    void trainsWithTheTrainerAndTheBalancedLoss() {
        // XOR of the halves: label 1 above the axis on the right, below it on the left; one linear classifier cannot.
        Rng rng = new Rng(10);
        int n = 600;
        float[] x = new float[2 * n], y = new float[n];
        for (int i = 0; i < n; i++) {
            float a = 2 * rng.nextFloat() - 1, b = 2 * rng.nextFloat() - 1;
            x[2 * i] = a;
            x[2 * i + 1] = b;
            y[i] = (a >= 0) == (b >= 0) ? 1 : 0;
        }
        var data = new TensorDataset(Tensor.of(x, n, 2), Tensor.of(y, n)).split(0.7, 1);
        List<Module> experts = List.of(new Linear(2, 2, rng), new Linear(2, 2, rng));
        MixtureOfExperts moe = new MixtureOfExperts(new Linear(2, 2, rng), experts).topK(1);
        History h = Trainer.of(moe).loss(moe.withLoadBalancing(Losses::crossEntropy, 0.05))
                .optimizer(new Adam(moe.parameters(), 0.05f)).batchSize(32).epochs(30).seed(1).workers(0).log(null)
                .fit(data.train(), data.validation());
        assertTrue(h.best("val_accuracy").valAccuracy() > 0.9, h.toCsv());
        moe.eval();
        Tensor probe = Tensor.of(new float[]{0.5f, 0.5f}, 1, 2);
        assertEquals(Losses.crossEntropy(moe.forward(probe), Tensor.of(new float[]{1}, 1)).item(),
                moe.withLoadBalancing(Losses::crossEntropy, 0.05).apply(moe.forward(probe), Tensor.of(new float[]{1}, 1)).item(),
                1e-7, "eval mode: the task loss only");
    }

    @Test
    void errorsNameTheMixtureAndShapes() {
        Rng rng = new Rng(11);
        var e = assertThrows(IllegalArgumentException.class,
                () -> new MixtureOfExperts(new Linear(2, 3, rng), new Linear(2, 1, rng), new Linear(2, 1, rng)).forward(Tensor.zeros(5, 2)));
        assertTrue(e.getMessage().contains("gate returned [5, 3] for input [5, 2], expected [5, 2]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class,
                () -> new MixtureOfExperts(new Linear(2, 2, rng), new Linear(2, 1, rng), new Linear(2, 3, rng)).forward(Tensor.zeros(5, 2)));
        assertTrue(e.getMessage().contains("expert 1 returned [5, 3], an earlier expert [5, 1]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> linearExperts(3, 1).topK(4));
        assertTrue(e.getMessage().contains("k must be in [1, 3], got 4"), e.getMessage());
        assertThrows(IllegalStateException.class, () -> linearExperts(2, 1).loadBalancingLoss());
    }
}
