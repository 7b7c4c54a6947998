package org.neurite.train.tune;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import org.neurite.data.Dataset;
import org.neurite.tensor.Rng;
import org.neurite.train.History;
import org.neurite.train.EpochRecord;
import org.neurite.train.Trainer;
import org.neurite.train.TrainingDivergedException;

/**
 * Hyper-parameter search in the course's order (Proposition 4.1): first the learning rate eta, with the batch size
 * fixed, then the batch size b at the best eta. The objective is validation accuracy (Remark 4.1: maximise test, not
 * training, accuracy), with ties broken by compute time (and minimise computational load).
 *
 * <pre>{@code
 * TuningResult r = new Tuner((lr, b, seed) -> {
 *         Module m = mlp(new Rng(seed));
 *         return Trainer.of(m).loss(Losses::crossEntropy).optimizer(new SGD(m.parameters(), (float) lr)).batchSize(b);
 *     })
 *     .logGrid(1e-4, 1, 5).batchSizes(32, 8, 128).epochs(5).seed(42)
 *     .run(split.train(), split.validation());
 * r.write(Path.of("runs/tune"));      // trials.csv, tuning.png, tuning.svg
 * }</pre>
 *
 * <p><b>Phase 1 ("lr")</b>: one trial per learning rate (a log grid, a random log-uniform sample, or an explicit list)
 * at b_0, the first of {@link #batchSizes} (32 when none is given). <b>Phase 2 ("batch")</b>: one trial per other
 * batch size at the best rate of phase 1; the phase-1 trial at (eta*, b_0) is its first point and is not rerun.
 *
 * <p><b>Each trial</b> gets a fresh Trainer from the {@link TrialFactory}; the Tuner sets its epoch budget, its seed,
 * silences its log and turns its progress bar off, then fits it and scores it by the best epoch's validation accuracy
 * from the {@link History} (so a rate that learns and then oscillates is judged by its best point, as early stopping
 * with restore would keep it). Its compute time is the training time up to the first epoch that reached that
 * accuracy: the load the configuration needed to get there. So at equal accuracy, a rate that gets there in one epoch
 * beats one that needs three, and a batch size that runs faster per epoch beats a slower one. A trial whose loss
 * becomes NaN or infinite is recorded as diverged and ranks last.
 *
 * <p><b>Seeds</b>: every trial uses the same seed, the Tuner's {@link #seed} (common random numbers): the factory
 * builds the same initial weights and the Trainer shuffles in the same order for every configuration, so the
 * differences between trials are due to eta and b, not to the luck of the draw. One line per trial goes to
 * {@link #log} (System.out by default).
 */
public final class Tuner {

    /** Builds one trial: a fresh model and a fresh optimiser at learning rate eta, and a Trainer at batch size b. */
    @FunctionalInterface
    public interface TrialFactory {
        /**
         * @param learningRate the trial's eta: give it to the optimiser
         * @param batchSize    the trial's b: give it to {@link Trainer#batchSize}
         * @param seed         the trial's seed: draw the initial weights (and dropout masks) from {@code new Rng(seed)}
         * @return a Trainer with model, loss, optimiser and batch size set (epochs, seed and log are set by the Tuner)
         */
        Trainer create(double learningRate, int batchSize, long seed);
    }

    /** The default batch size of the learning-rate phase when {@link #batchSizes} is not given. */
    public static final int DEFAULT_BATCH_SIZE = 32;

    private final TrialFactory factory;
    private double[] learningRates;
    private int[] batchSizes = {DEFAULT_BATCH_SIZE};
    private int epochs = 5;
    private long seed = 42;
    private PrintStream log = System.out;

    public Tuner(TrialFactory factory) {
        this.factory = Objects.requireNonNull(factory, "Tuner: factory");
    }

    /** The learning rates of phase 1, tried in the order given. */
    public Tuner learningRates(double... rates) {
        if (rates == null || rates.length == 0)
            throw new IllegalArgumentException("Tuner.learningRates: need at least one rate");
        for (double r : rates)
            if (!(r > 0) || Double.isInfinite(r))
                throw new IllegalArgumentException("Tuner.learningRates: rates must be positive and finite, got "
                        + Arrays.toString(rates));
        this.learningRates = rates.clone();
        return this;
    }

    /** n rates evenly spaced on a log scale from lo to hi inclusive: eta_i = lo (hi / lo)^(i / (n - 1)). */
    public Tuner logGrid(double lo, double hi, int n) {
        checkRange("logGrid", lo, hi, n);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = n == 1 ? lo : Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * i / (n - 1));
        if (n > 1) r[n - 1] = hi; // exactly hi, not exp(log(hi)) rounded
        return learningRates(r);
    }

    /**
     * n rates drawn log-uniformly from [lo, hi] (log eta uniform on [log lo, log hi]) by {@code new Rng(seed)}, then
     * sorted ascending so the table reads from small to large.
     */
    public Tuner randomSearch(int n, double lo, double hi, long seed) {
        checkRange("randomSearch", lo, hi, n);
        Rng rng = new Rng(seed);
        double[] r = new double[n];
        for (int i = 0; i < n; i++) r[i] = Math.exp(Math.log(lo) + (Math.log(hi) - Math.log(lo)) * rng.nextDouble());
        Arrays.sort(r);
        return learningRates(r);
    }

    private static void checkRange(String op, double lo, double hi, int n) {
        if (!(lo > 0) || !(hi >= lo) || Double.isInfinite(hi) || n < 1)
            throw new IllegalArgumentException("Tuner." + op + ": need 0 < lo <= hi and n >= 1, got lo " + lo + ", hi "
                    + hi + ", n " + n);
    }

    /** The batch sizes: the first is b_0 of phase 1, the others are tried in phase 2. */
    public Tuner batchSizes(int... sizes) {
        if (sizes == null || sizes.length == 0)
            throw new IllegalArgumentException("Tuner.batchSizes: need at least one batch size");
        for (int b : sizes)
            if (b < 1) throw new IllegalArgumentException("Tuner.batchSizes: sizes must be >= 1, got " + Arrays.toString(sizes));
        this.batchSizes = Arrays.stream(sizes).distinct().toArray();
        return this;
    }

    /** The epoch budget of every trial (5 by default). */
    public Tuner epochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("Tuner.epochs: must be >= 1, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    /** The seed every trial uses (42 by default); see the class comment. */
    public Tuner seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Where one line per trial goes (null for silence). */
    public Tuner log(PrintStream log) {
        this.log = log;
        return this;
    }

    /** The learning rates phase 1 will try: the configured ones, or a log grid 1e-4 .. 1 of 5 points by default. */
    public double[] learningRates() {
        return learningRates != null ? learningRates.clone() : new double[]{1e-4, 1e-3, 1e-2, 1e-1, 1};
    }

    /** Runs phase 1 then phase 2 and returns every trial with the chosen (eta*, b*). */
    public TuningResult run(Dataset train, Dataset validation) {
        Objects.requireNonNull(train, "Tuner.run: train");
        if (validation == null || validation.size() == 0)
            throw new IllegalArgumentException("Tuner.run: a non-empty validation set is needed (the objective is "
                    + "validation accuracy)");
        double[] rates = learningRates();
        int b0 = batchSizes[0];
        List<Trial> trials = new ArrayList<>();
        say(String.format(Locale.ROOT, "tuning: %d learning rates at batch size %d, then %d batch sizes; %d epochs per "
                + "trial, seed %d", rates.length, b0, batchSizes.length - 1, epochs, seed));
        Trial bestLr = null;
        for (double lr : rates) {
            Trial t = runTrial("lr", lr, b0, train, validation, trials.size() + 1, rates.length + batchSizes.length - 1);
            trials.add(t);
            if (t.betterThan(bestLr)) bestLr = t;
        }
        if (bestLr.diverged())
            throw new IllegalStateException("Tuner: every learning-rate trial diverged (rates " + Arrays.toString(rates)
                    + " at batch size " + b0 + "); try smaller rates");
        Trial best = bestLr;
        for (int i = 1; i < batchSizes.length; i++) {
            Trial t = runTrial("batch", bestLr.learningRate(), batchSizes[i], train, validation, trials.size() + 1,
                    rates.length + batchSizes.length - 1);
            trials.add(t);
            if (t.betterThan(best)) best = t;
        }
        say(String.format(Locale.ROOT, "tuning: best learning rate %.4g, batch size %d: validation accuracy %.2f%%",
                best.learningRate(), best.batchSize(), 100 * best.valAccuracy()));
        return new TuningResult(trials, bestLr, best);
    }

    private Trial runTrial(String phase, double lr, int b, Dataset train, Dataset validation, int index, int total) {
        Trainer trainer = factory.create(lr, b, seed);
        if (trainer == null)
            throw new IllegalStateException("Tuner: the trial factory returned null for lr " + lr + ", batch size " + b);
        trainer.epochs(epochs).seed(seed).log(null).progress(false);
        long t0 = System.nanoTime();
        Trial t;
        try {
            History h = trainer.fit(train, validation);
            EpochRecord best = h.best("val_accuracy"); // the first epoch that reached the highest accuracy
            double seconds = 0;
            for (EpochRecord r : h.epochs()) if (r.epoch() <= best.epoch()) seconds += r.seconds();
            t = new Trial(phase, lr, b, seed, best.valAccuracy(), best.valLoss(), seconds, best.epoch());
        } catch (TrainingDivergedException e) {
            t = new Trial(phase, lr, b, seed, Double.NaN, Double.NaN, (System.nanoTime() - t0) / 1e9, e.epoch());
        }
        say(String.format(Locale.ROOT, "trial %d/%d [%s] lr %.4g, batch %d: %s (%d epochs, %.1f s)", index, total,
                phase, lr, b, t.diverged() ? "diverged" : String.format(Locale.ROOT, "val accuracy %.2f%%, val loss %.4f",
                        100 * t.valAccuracy(), t.valLoss()), t.epochs(), t.seconds()));
        return t;
    }

    private void say(String line) {
        if (log != null) log.println(line);
    }
}
