package org.neurite.train;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.Dataset;
import org.neurite.data.Split;
import org.neurite.data.catalog.Digits;
import org.neurite.nn.Dropout;
import org.neurite.nn.Flatten;
import org.neurite.nn.Linear;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Sequential;
import org.neurite.nn.loss.Losses;
import org.neurite.optim.Adam;
import org.neurite.optim.SGD;
import org.neurite.optim.schedule.StepDecay;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Small seeded runs on the embedded digits that must learn, stop, restore and resume as documented. */
class TrainerTest {
    private static final Split DIGITS = Digits.split(0.8, 1);

    private static Module mlp(long seed, double dropout) {
        Rng rng = new Rng(seed);
        return new Sequential(new Flatten(), new Linear(64, 32, rng), new ReLU(), new Dropout(dropout, rng.split()),
                new Linear(32, 10, rng));
    }

    private static Trainer trainer(Module m) {
        return Trainer.of(m).loss(Losses::crossEntropy).optimizer(new Adam(m.parameters(), 0.01f)).batchSize(32)
                .seed(7).workers(0).log(null);
    }

    @Test
    void mlpLearnsDigits() {
        Module m = mlp(1, 0.0);
        History h = trainer(m).epochs(8).fit(DIGITS.train(), DIGITS.validation());
        assertEquals(8, h.size());
        assertTrue(h.last().trainLoss() < h.epochs().get(0).trainLoss() / 3, h.toCsv());
        assertTrue(h.last().valAccuracy() > 0.9, h.toCsv());
        Evaluation ev = trainer(m).evaluate(DIGITS.validation());
        assertEquals(h.last().valAccuracy(), ev.accuracy(), 1e-9);
        assertEquals(DIGITS.validation().size(), ev.confusion().total());
        assertTrue(ev.top5Accuracy() >= ev.accuracy());
        assertArrayEquals(new int[]{DIGITS.validation().size(), 10}, trainer(m).predict(DIGITS.validation()).shape());
    }

    @Test
    void onlineAndFullBatchGradientDescent() {
        Dataset small = DIGITS.train().subset(java.util.stream.IntStream.range(0, 200).toArray());
        Module online = mlp(2, 0);
        History ho = Trainer.of(online).loss(Losses::crossEntropy).optimizer(new SGD(online.parameters(), 0.01f))
                .online().epochs(2).workers(0).log(null).fit(small);
        assertTrue(ho.last().trainLoss() < ho.epochs().get(0).trainLoss(), ho.toCsv());
        Module full = mlp(2, 0);
        History hf = Trainer.of(full).loss(Losses::crossEntropy).optimizer(new SGD(full.parameters(), 0.5f))
                .fullBatch().epochs(30).workers(0).log(null).fit(small);
        assertTrue(hf.last().trainLoss() < hf.epochs().get(0).trainLoss() * 0.7, hf.toCsv());
    }

    @Test
    void targetLossStopsTraining() {
        Module m = mlp(3, 0);
        History h = trainer(m).epochs(50).targetLoss(0.5).fit(DIGITS.train());
        assertTrue(h.size() < 50);
        assertTrue(h.last().trainLoss() <= 0.5);
        assertTrue(h.stopReason().contains("target loss"));
    }

    @Test
    void earlyStoppingRestoresTheBestWeights() {
        // A large learning rate and many epochs on a small training set: validation loss bottoms out, then rises.
        Dataset small = DIGITS.train().subset(java.util.stream.IntStream.range(0, 150).toArray());
        Module m = mlp(4, 0);
        EarlyStopping es = new EarlyStopping("val_loss", 2).restoreBest(true);
        History h = Trainer.of(m).loss(Losses::crossEntropy).optimizer(new Adam(m.parameters(), 0.05f)).batchSize(16)
                .epochs(60).workers(0).log(null).callbacks(es).fit(small, DIGITS.validation());
        assertTrue(h.size() < 60, "stopped early: " + h.stopReason());
        assertTrue(h.stopReason().startsWith("early stopping"), h.stopReason());
        assertEquals(h.best("val_loss").epoch(), es.bestEpoch());
        assertEquals(es.bestEpoch() + 3, h.size()); // patience 2: two more epochs without improvement, then the stop
        Evaluation after = trainer(m).evaluate(DIGITS.validation());
        assertEquals(h.best("val_loss").valLoss(), after.loss(), 1e-6);
    }

    @Test
    void resumedRunEqualsUninterruptedRun(@TempDir Path dir) {
        Module a = mlp(5, 0.2);
        var schedA = new StepDecay(new SGD(a.parameters(), 0.1f).momentum(0.9f), 2, 0.5f);
        Trainer.of(a).loss(Losses::crossEntropy).optimizer(schedA.optimizer()).schedule(schedA).batchSize(32).seed(9)
                .epochs(4).workers(0).log(null).fit(DIGITS.train(), DIGITS.validation());

        Module b = mlp(5, 0.2);
        var schedB = new StepDecay(new SGD(b.parameters(), 0.1f).momentum(0.9f), 2, 0.5f);
        Trainer first = Trainer.of(b).loss(Losses::crossEntropy).optimizer(schedB.optimizer()).schedule(schedB)
                .batchSize(32).seed(9).epochs(2).workers(0).log(null).checkpoints(dir);
        first.fit(DIGITS.train(), DIGITS.validation()); // "interrupted" after epoch 2

        Module c = mlp(99, 0.2); // a fresh process: different initial weights, restored from the checkpoint
        var schedC = new StepDecay(new SGD(c.parameters(), 0.1f).momentum(0.9f), 2, 0.5f);
        History h = Trainer.of(c).loss(Losses::crossEntropy).optimizer(schedC.optimizer()).schedule(schedC)
                .batchSize(32).seed(9).epochs(4).workers(0).log(null).checkpoints(dir)
                .resume(dir, DIGITS.train(), DIGITS.validation());
        assertEquals(4, h.size());
        for (Map.Entry<String, Tensor> e : a.stateDict().entrySet())
            assertArrayEquals(e.getValue().toFloatArray(), c.stateDict().get(e.getKey()).toFloatArray(), e.getKey());
    }

    @Test
    void nanLossStopsWithEpochAndBatch() {
        Module m = mlp(6, 0);
        var e = assertThrows(TrainingDivergedException.class, () -> Trainer.of(m)
                .loss((out, t) -> Losses.crossEntropy(out, t).mul(Float.NaN)).optimizer(new SGD(m.parameters(), 0.1f))
                .batchSize(32).epochs(2).workers(0).log(null).fit(DIGITS.train()));
        assertEquals(1, e.epoch());
        assertEquals(1, e.batch());
        assertTrue(e.getMessage().contains("epoch 1, batch 1"), e.getMessage());
    }

    @Test
    void overfittingMonitorSeesTheGapWiden() {
        Dataset tiny = DIGITS.train().subset(java.util.stream.IntStream.range(0, 60).toArray());
        Module m = mlp(7, 0);
        OverfittingMonitor mon = new OverfittingMonitor(3);
        Trainer.of(m).loss(Losses::crossEntropy).optimizer(new Adam(m.parameters(), 0.03f)).batchSize(10).epochs(40)
                .workers(0).log(null).callbacks(mon).fit(tiny, DIGITS.validation());
        assertTrue(mon.firstDetection() > 0, "the gap grew 3 epochs in a row at some point");
    }
}
