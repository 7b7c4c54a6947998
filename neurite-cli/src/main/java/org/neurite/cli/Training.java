package org.neurite.cli;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.neurite.nn.Module;
import org.neurite.nn.loss.Losses;
import org.neurite.nn.loss.Reduction;
import org.neurite.tensor.Tensor;
import org.neurite.optim.Optimizer;
import org.neurite.train.Callback;
import org.neurite.train.EarlyStopping;
import org.neurite.train.Evaluation;
import org.neurite.train.History;
import org.neurite.train.OverfittingMonitor;
import org.neurite.train.Trainer;
import org.neurite.train.report.BestModelCheckpoint;
import org.neurite.train.report.RunReport;

/**
 * One training run as {@code train} and {@code resume} do it: the trainer built from a RunConfig (the same objects in
 * the same order every time, so a checkpoint restores into them), fit or resumed with checkpoints in
 * {@code <run>/checkpoints}, then the test evaluation and the run directory's report.
 */
final class Training {
    static final String CHECKPOINTS = "checkpoints";
    /** The overfitting monitor's N: a gap growing this many epochs in a row is reported and shaded. */
    static final int WIDENING_EPOCHS = 3;

    private Training() {}

    /** Cross-entropy, label-smoothed when the run asks for it. */
    static java.util.function.BiFunction<Tensor, Tensor, Tensor> loss(RunConfig c) {
        if (c.labelSmoothing() == 0) return Losses::crossEntropy;
        double eps = c.labelSmoothing();
        return (logits, targets) -> Losses.crossEntropy(logits, targets, Reduction.MEAN, eps);
    }

    static History run(RunConfig c, Path runDir, DataChoice.Loaded data, Module model, boolean resume, int epochBudget,
                       PrintWriter out) throws IOException {
        long t0 = System.nanoTime();
        Optimizer opt = Optimizers.build(c, model.parameters());
        int b = Math.min(c.batchSize(), data.train().size());
        int stepsPerEpoch = (data.train().size() + b - 1) / b;
        Optimizers.Schedule sched = Optimizers.schedule(c, opt, stepsPerEpoch);
        BestModelCheckpoint best = new BestModelCheckpoint(runDir.resolve(RunReport.BEST_MODEL));
        OverfittingMonitor monitor = new OverfittingMonitor(WIDENING_EPOCHS);
        List<Callback> cbs = new ArrayList<>(List.of(best, monitor));
        if (c.patience() > 0) cbs.add(new EarlyStopping("val_loss", c.patience()));
        Trainer t = Trainer.of(model).loss(loss(c)).optimizer(opt).batchSize(c.batchSize())
                .epochs(epochBudget).seed(c.seed()).workers(c.workers()).augment(Augmentations.parse(c.augment()))
                .callbacks(cbs.toArray(Callback[]::new)).checkpoints(runDir.resolve(CHECKPOINTS)).log(printStream(out));
        if (sched != null) t.schedule(sched.scheduler(), sched.perBatch());
        History h = resume ? t.resume(runDir.resolve(CHECKPOINTS), data.train(), data.validation())
                : t.fit(data.train(), data.validation());
        Evaluation test = t.evaluate(data.test());
        out.printf("test: %s%n", test);
        Module viewed = Augmentations.testTime(c.tta(), model); // the model itself when there is no --tta
        Evaluation augmented = viewed == model ? null : Trainer.of(viewed).loss(loss(c)).evaluate(data.test());
        if (augmented != null) out.printf("test with %s test-time augmentation: %s%n", c.tta(), augmented);
        RunReport report = RunReport.in(runDir);
        if (sched != null) { // the schedule itself, step by step: a per-batch schedule is plotted per batch
            int steps = sched.perBatch() ? epochBudget * stepsPerEpoch : epochBudget;
            float[] v = sched.scheduler().values(steps);
            double[] lr = new double[v.length];
            for (int i = 0; i < v.length; i++) lr[i] = v[i];
            report.learningRates(lr, sched.perBatch() ? "batch" : "epoch");
        }
        report.title(c.dataset() + " / " + c.model()).history(h).model(model, data.shape())
                .hyperParameters(c.table()).best(best).wideningEpochs(WIDENING_EPOCHS).overfitting(monitor.detections())
                .test(test, data.classNames()).augmentedTest(augmented, c.tta())
                .timing("this " + (resume ? "resume" : "run") + " (wall clock, all steps)", (System.nanoTime() - t0) / 1e9)
                .write();
        out.printf("best epoch %d (val_loss %.4f) saved as %s%n", best.bestEpoch(), best.bestValue(),
                runDir.resolve(RunReport.BEST_MODEL));
        out.println("report: " + runDir.resolve(RunReport.HTML));
        out.flush();
        return h;
    }

    /** A PrintStream that forwards whole lines to out (the trainer logs to a PrintStream, picocli gives a writer). */
    static PrintStream printStream(PrintWriter out) {
        return new PrintStream(new OutputStream() {
            private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

            @Override
            public void write(int b) {
                line.write(b);
                if (b == '\n') flush();
            }

            @Override
            public void flush() {
                out.print(line.toString(StandardCharsets.UTF_8));
                out.flush();
                line.reset();
            }
        }, true, StandardCharsets.UTF_8);
    }
}
