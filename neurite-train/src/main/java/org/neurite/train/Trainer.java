package org.neurite.train;

import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.BiFunction;
import org.neurite.data.Batch;
import org.neurite.data.DataLoader;
import org.neurite.data.Dataset;
import org.neurite.data.Epoch;
import org.neurite.data.augment.Transform;
import org.neurite.nn.Module;
import org.neurite.optim.Optimizer;
import org.neurite.optim.schedule.LRScheduler;
import org.neurite.optim.schedule.ReduceLROnPlateau;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Tensor;

/**
 * Trains a model by gradient descent on a dataset, as the course's Section 3 describes: for each epoch, for each
 * batch, the cost J on the batch, its gradient by backpropagation, and one optimiser step. The batch size selects
 * the variant: 1 is online gradient descent, N (the whole set, {@link #fullBatch()}) is full-batch gradient descent,
 * anything between is mini-batch SGD.
 *
 * <pre>{@code
 * History h = Trainer.of(model).loss(Losses::crossEntropy).optimizer(new Adam(model.parameters(), 1e-3f))
 *     .batchSize(64).epochs(10).callbacks(new EarlyStopping("val_loss", 3).restoreBest(true))
 *     .fit(FashionMnist.train(), FashionMnist.test());
 * }</pre>
 *
 * <p>After each epoch the model is evaluated on the validation set in eval mode under no-grad, and the epoch's
 * figures go to the {@link History}. Training stops at the epoch budget, when the training loss reaches a target,
 * or when a callback asks (early stopping). A NaN or infinite loss stops it with a {@link TrainingDivergedException}
 * naming the epoch and batch. With {@link #checkpoints(Path)} every epoch is saved, and {@link #resume} continues
 * a stopped run exactly where it left off.
 *
 * <p>Between batches the parameters keep their gradient buffers ({@code zeroGrad(false)}, PyTorch's
 * {@code zero_grad(set_to_none=False)}), so a parameter that the loss does not reach in some batch is stepped with
 * a zero gradient, as in PyTorch (momentum and weight decay still move it).
 */
public final class Trainer {
    private final Module model;
    private BiFunction<Tensor, Tensor, Tensor> loss;
    private Optimizer optimizer;
    private LRScheduler schedule;
    private boolean schedulePerBatch;
    private ReduceLROnPlateau plateau;
    private int batchSize = 32;
    private boolean fullBatch;
    private int epochs = 10;
    private double targetLoss = Double.NEGATIVE_INFINITY;
    private Transform augment;
    private long seed = 42;
    private int workers = 1;
    private int evalBatchSize = 1000;
    private final List<Callback> callbacks = new ArrayList<>();
    private Path checkpointDir;
    private PrintStream log = System.out;
    private Boolean progress;

    private Trainer(Module model) {
        this.model = Objects.requireNonNull(model, "model");
    }

    public static Trainer of(Module model) {
        return new Trainer(model);
    }

    // ---------------------------------------------------------------- configuration

    /** The cost J(prediction, target), e.g. {@code Losses::crossEntropy}; it must reduce to the batch mean. */
    public Trainer loss(BiFunction<Tensor, Tensor, Tensor> loss) {
        this.loss = loss;
        return this;
    }

    public Trainer optimizer(Optimizer optimizer) {
        this.optimizer = optimizer;
        return this;
    }

    /** A learning-rate schedule stepped once per epoch (or per batch with perBatch). */
    public Trainer schedule(LRScheduler schedule, boolean perBatch) {
        this.schedule = schedule;
        this.schedulePerBatch = perBatch;
        return this;
    }

    public Trainer schedule(LRScheduler schedule) {
        return schedule(schedule, false);
    }

    /** Reduce-on-plateau, fed the validation loss (the training loss without validation) after each epoch. */
    public Trainer reduceOnPlateau(ReduceLROnPlateau plateau) {
        this.plateau = plateau;
        return this;
    }

    /** Mini-batch size b (1 = online gradient descent). */
    public Trainer batchSize(int b) {
        if (b < 1) throw new IllegalArgumentException("Trainer.batchSize: must be >= 1, got " + b);
        this.batchSize = b;
        this.fullBatch = false;
        return this;
    }

    /** Online gradient descent: one example per step. */
    public Trainer online() {
        return batchSize(1);
    }

    /** Full-batch gradient descent: the whole training set per step. */
    public Trainer fullBatch() {
        this.fullBatch = true;
        return this;
    }

    public Trainer epochs(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("Trainer.epochs: must be >= 1, got " + epochs);
        this.epochs = epochs;
        return this;
    }

    /** Stop once an epoch's mean training loss is at or below this value. */
    public Trainer targetLoss(double target) {
        this.targetLoss = target;
        return this;
    }

    /** Online augmentation of training examples (never applied to validation or test data). */
    public Trainer augment(Transform augment) {
        this.augment = augment;
        return this;
    }

    /** Seed of the shuffling and augmentation (the model's and dropout's generators are the model's own). */
    public Trainer seed(long seed) {
        this.seed = seed;
        return this;
    }

    /** Threads preparing batches in the background (0 = prepare on the training thread). */
    public Trainer workers(int workers) {
        this.workers = workers;
        return this;
    }

    public Trainer evalBatchSize(int b) {
        if (b < 1) throw new IllegalArgumentException("Trainer.evalBatchSize: must be >= 1, got " + b);
        this.evalBatchSize = b;
        return this;
    }

    public Trainer callbacks(Callback... cs) {
        callbacks.addAll(List.of(cs));
        return this;
    }

    /** Save a checkpoint after every epoch into dir (see {@link Checkpoint}). */
    public Trainer checkpoints(Path dir) {
        this.checkpointDir = dir;
        return this;
    }

    /** Where epoch lines and messages go (null for silence). */
    public Trainer log(PrintStream log) {
        this.log = log;
        return this;
    }

    /** Force the terminal progress bar on or off (default: on when the output is a terminal). */
    public Trainer progress(boolean on) {
        this.progress = on;
        return this;
    }

    public Module model() {
        return model;
    }

    public Optimizer optimizer() {
        return optimizer;
    }

    public LRScheduler schedule() {
        return schedule;
    }

    public ReduceLROnPlateau plateau() {
        return plateau;
    }

    List<Callback> callbackList() {
        return callbacks;
    }

    // ---------------------------------------------------------------- the run

    /** What callbacks see of a run in progress, and how they stop it. */
    public final class Run {
        final History history = new History();
        private String stopReason;
        int epoch;
        int batchesPerEpoch;

        public Trainer trainer() {
            return Trainer.this;
        }

        public Module model() {
            return model;
        }

        public History history() {
            return history;
        }

        public int epochs() {
            return epochs;
        }

        public int batchesPerEpoch() {
            return batchesPerEpoch;
        }

        /** Asks the trainer to stop after the current epoch. */
        public void requestStop(String reason) {
            if (stopReason == null) stopReason = reason;
        }

        public boolean stopRequested() {
            return stopReason != null;
        }

        /** Prints a line to the trainer's log. */
        public void log(String line) {
            if (log != null) log.println(line);
        }
    }

    /** Trains from scratch (or continues from the model's current weights) for the configured epochs. */
    public History fit(Dataset train, Dataset validation) {
        return run(train, validation, null);
    }

    public History fit(Dataset train) {
        return fit(train, null);
    }

    /**
     * Continues the run whose checkpoints are in dir: restores model, optimiser, schedule, generators, callbacks
     * and history, then trains the remaining epochs. With the same configuration and seed, the final weights equal
     * those of a run that was never interrupted.
     */
    public History resume(Path dir, Dataset train, Dataset validation) {
        try {
            return run(train, validation, Checkpoint.latest(dir));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private History run(Dataset train, Dataset validation, Checkpoint.Loaded from) {
        if (loss == null) throw new IllegalStateException("Trainer: no loss function; call loss(Losses::crossEntropy)");
        if (optimizer == null) throw new IllegalStateException("Trainer: no optimizer; call optimizer(...)");
        if (train.size() == 0) throw new IllegalArgumentException("Trainer.fit: the training set is empty");
        int b = fullBatch ? train.size() : Math.min(batchSize, train.size());
        DataLoader.TrainingBuilder builder = DataLoader.training(train, b, seed).workers(workers);
        if (augment != null) builder.augment(augment);
        Run run = new Run();
        List<Callback> all = new ArrayList<>(callbacks);
        if (log != null && (progress != null ? progress : isTerminal())) all.add(0, new ProgressBarCallback());
        else if (log != null) all.add(0, new EpochLogger());
        int startEpoch = 1;
        if (from != null) {
            try {
                startEpoch = from.restoreInto(this, run, all) + 1;
            } catch (IOException e) {
                throw new UncheckedIOException("resume from " + from.dir() + " failed: " + e.getMessage(), e);
            }
            run.log("resumed from " + from.dir() + " after epoch " + (startEpoch - 1));
        }
        try (DataLoader loader = builder.build()) {
            run.batchesPerEpoch = loader.batchesPerEpoch();
            for (Callback c : all) c.onTrainBegin(run);
            for (int epoch = startEpoch; epoch <= epochs && !run.stopRequested(); epoch++) {
                run.epoch = epoch;
                EpochRecord record = trainEpoch(run, loader, epoch, validation, all);
                if (record.trainLoss() <= targetLoss) run.requestStop("target loss " + targetLoss + " reached");
                if (checkpointDir != null) {
                    try {
                        Checkpoint.save(checkpointDir, this, run, all, epoch);
                    } catch (IOException e) {
                        throw new UncheckedIOException("checkpoint after epoch " + epoch + " failed: " + e.getMessage(), e);
                    }
                }
            }
        }
        run.history.setStopReason(run.stopReason != null ? run.stopReason : "epoch budget reached");
        for (Callback c : all) c.onTrainEnd(run, run.history);
        return run.history;
    }

    private EpochRecord trainEpoch(Run run, DataLoader loader, int epoch, Dataset validation, List<Callback> all) {
        for (Callback c : all) c.onEpochBegin(run, epoch);
        model.train();
        double lossSum = 0;
        long correct = 0, seen = 0;
        long t0 = System.nanoTime();
        try (Epoch batches = loader.epoch(epoch - 1)) {
            int i = 0;
            for (Batch batch : batches) {
                i++;
                for (Callback c : all) c.onBatchBegin(run, epoch, i);
                // The parameters keep their gradient buffers from step to step (zero_grad(set_to_none=False)): no
                // weight-gradient array is allocated after the first batch. The values are those of fresh gradients.
                optimizer.zeroGrad(false);
                Tensor out = model.forward(batch.inputs());
                Tensor l = loss.apply(out, batch.targets());
                double lv = l.item();
                if (!Double.isFinite(lv))
                    throw new TrainingDivergedException(epoch, i, lv, checkpointDir != null
                            ? "the last good checkpoint is in " + checkpointDir
                            : "lower the learning rate, or add gradient clipping");
                l.backward();
                optimizer.step();
                if (schedule != null && schedulePerBatch) schedule.step();
                int n = batch.size(), ok = countCorrect(out, batch.targets());
                lossSum += lv * n;
                correct += ok;
                seen += n;
                for (Callback c : all) c.onBatchEnd(run, epoch, i, lv, ok, n);
            }
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        double valLoss = Double.NaN, valAcc = Double.NaN;
        if (validation != null) {
            Evaluation ev = evaluate(validation);
            valLoss = ev.loss();
            valAcc = ev.accuracy();
        }
        EpochRecord record = new EpochRecord(epoch, lossSum / seen, (double) correct / seen, valLoss, valAcc,
                optimizer.learningRate(), seconds, seen / seconds);
        run.history.add(record);
        if (schedule != null && !schedulePerBatch) schedule.step();
        if (plateau != null) plateau.step((float) (validation != null ? valLoss : record.trainLoss()));
        for (Callback c : all) c.onEpochEnd(run, record);
        return record;
    }

    /** Correct predictions when the output is class scores [N, C] and the target class indices [N]; else 0. */
    static int countCorrect(Tensor out, Tensor targets) {
        if (out.dim() != 2 || targets.dim() != 1 || out.size(0) != targets.size(0) || out.size(1) < 2) return 0;
        return Metrics.correct(out, targets);
    }

    /** Loss, accuracy, top-5 accuracy and confusion matrix on a dataset, in eval mode under no-grad. */
    public Evaluation evaluate(Dataset data) {
        if (loss == null) throw new IllegalStateException("Trainer.evaluate: no loss function set");
        boolean wasTraining = model.isTraining();
        model.eval();
        long t0 = System.nanoTime();
        int classes = Math.max(2, data.numClasses());
        ConfusionMatrix cm = new ConfusionMatrix(classes);
        double lossSum = 0;
        long top5 = 0, n = 0;
        try (var s = Autograd.noGradScope(); DataLoader loader = DataLoader.evaluation(data, evalBatchSize)) {
            for (Batch batch : loader.epoch()) {
                Tensor out = model.forward(batch.inputs());
                lossSum += loss.apply(out, batch.targets()).item() * batch.size();
                if (out.dim() == 2 && out.size(1) == classes) {
                    Metrics.addToConfusion(cm, out, batch.targets());
                    top5 += Metrics.topKCorrect(out, batch.targets(), Math.min(5, classes));
                }
                n += batch.size();
            }
        } finally {
            model.train(wasTraining);
        }
        return new Evaluation(lossSum / n, cm.accuracy(), (double) top5 / n, cm, (int) n, (System.nanoTime() - t0) / 1e9);
    }

    /** The model's outputs for every example of a dataset, in order, stacked: [N, ...]. */
    public Tensor predict(Dataset data) {
        boolean wasTraining = model.isTraining();
        model.eval();
        List<Tensor> parts = new ArrayList<>();
        try (var s = Autograd.noGradScope(); DataLoader loader = DataLoader.evaluation(data, evalBatchSize)) {
            for (Batch batch : loader.epoch()) parts.add(model.forward(batch.inputs()));
        } finally {
            model.train(wasTraining);
        }
        return parts.size() == 1 ? parts.get(0) : Tensor.concat(parts, 0);
    }

    /** The model's output for one batch of inputs, in eval mode under no-grad. */
    public Tensor predict(Tensor inputs) {
        boolean wasTraining = model.isTraining();
        model.eval();
        try (var s = Autograd.noGradScope()) {
            return model.forward(inputs);
        } finally {
            model.train(wasTraining);
        }
    }

    /** Since JDK 22 System.console() exists even when output is piped; only a real terminal gets the bar. */
    private static boolean isTerminal() {
        java.io.Console c = System.console();
        return c != null && c.isTerminal();
    }

    long seed() {
        return seed;
    }
}
