package org.neurite.train.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.neurite.data.io.AtomicFiles;
import org.neurite.io.SafeTensors;
import org.neurite.nn.Module;
import org.neurite.train.Evaluation;
import org.neurite.train.History;

/**
 * Writes a run directory: everything needed to see how a training run went and to use its result.
 * <pre>
 *   history.csv              one row per epoch (History.writeCsv)
 *   final.safetensors        the weights at the end of training
 *   best.safetensors         the weights of the best epoch (written during training by {@link BestModelCheckpoint})
 *   loss.png, loss.svg       training vs validation loss, best epoch marked, the widening gap shaded
 *   accuracy.png, .svg       training vs validation accuracy
 *   lr.png, lr.svg           the learning rate per epoch
 *   confusion.png, .svg      the test set's confusion matrix (when a test result is given)
 *   report.html              all of the above with the model summary, hyper-parameters, timings and test result
 * </pre>
 * Every file is written to a temporary name and moved into place. The HTML refers to the pictures next to it by
 * relative paths and loads nothing from the network, so the folder can be copied or archived as it is.
 *
 * <pre>{@code
 * RunReport.in(dir).title("digits / cnn").history(h).model(model, 1, 8, 8).hyperParameters(params)
 *     .best(bestCheckpoint).test(trainer.evaluate(test), test.classNames()).write();
 * }</pre>
 */
public final class RunReport {
    static {
        Headless.ensure();
    }

    /** File names inside the run directory. */
    public static final String HISTORY = "history.csv", FINAL_MODEL = "final.safetensors",
            BEST_MODEL = "best.safetensors", HTML = "report.html";

    private final Path dir;
    String title = "Training run";
    History history;
    Module model;
    int[] inputShape;
    final Map<String, String> hyperParameters = new LinkedHashMap<>();
    final Map<String, String> timings = new LinkedHashMap<>();
    Evaluation test;
    Evaluation augmentedTest;
    String testTimeViews;
    List<String> classNames = List.of();
    int bestEpoch = -1;
    String bestFile;
    int wideningEpochs = 3;
    List<Integer> overfittingDetections = List.of();
    double[] lrValues;
    String lrStepLabel = "epoch";

    private RunReport(Path dir) {
        this.dir = Objects.requireNonNull(dir, "dir");
    }

    /** A report to be written into dir (created if needed). */
    public static RunReport in(Path dir) {
        return new RunReport(dir);
    }

    public RunReport title(String title) {
        this.title = title;
        return this;
    }

    public RunReport history(History history) {
        this.history = history;
        return this;
    }

    /** The trained model (saved as final.safetensors) and one example's input shape for its summary table. */
    public RunReport model(Module model, int... inputShape) {
        this.model = model;
        this.inputShape = inputShape.clone();
        return this;
    }

    /** The run's settings, shown as a table in their insertion order. */
    public RunReport hyperParameters(Map<String, String> params) {
        hyperParameters.putAll(params);
        return this;
    }

    /** An extra timing line (e.g. "data loading", "total wall clock"), in seconds. */
    public RunReport timing(String what, double seconds) {
        timings.put(what, formatSeconds(seconds));
        return this;
    }

    /** The test-set result: accuracy, top-5, per-class precision/recall/F1 and the confusion-matrix picture. */
    public RunReport test(Evaluation test, List<String> classNames) {
        this.test = test;
        this.classNames = List.copyOf(classNames);
        return this;
    }

    /** The test result with test-time augmentation (views, e.g. "flip"), shown beside the plain one; null for none. */
    public RunReport augmentedTest(Evaluation test, String views) {
        this.augmentedTest = test;
        this.testTimeViews = views;
        return this;
    }

    /** The best model as kept by a BestModelCheckpoint (its epoch is marked on the plots). */
    public RunReport best(BestModelCheckpoint best) {
        this.bestEpoch = best.bestEpoch();
        this.bestFile = best.file().getFileName().toString();
        return this;
    }

    /** The epoch to mark as best when no BestModelCheckpoint was used (default: the lowest val_loss, if any). */
    public RunReport bestEpoch(int epoch) {
        this.bestEpoch = epoch;
        return this;
    }

    /** Shade stretches where the gap grew at least this many epochs in a row (the OverfittingMonitor's N; default 3). */
    public RunReport wideningEpochs(int n) {
        if (n < 1) throw new IllegalArgumentException("RunReport.wideningEpochs: must be >= 1, got " + n);
        this.wideningEpochs = n;
        return this;
    }

    /** The epochs where an OverfittingMonitor reported a widening gap (listed in the report). */
    public RunReport overfitting(List<Integer> detections) {
        this.overfittingDetections = List.copyOf(detections);
        return this;
    }

    /** Plot these learning rates (e.g. a schedule's values per step) instead of the per-epoch rates in the history. */
    public RunReport learningRates(double[] values, String stepLabel) {
        this.lrValues = values.clone();
        this.lrStepLabel = stepLabel;
        return this;
    }

    /** Writes every file; returns the paths written, report.html last. */
    public List<Path> write() throws IOException {
        if (history == null) throw new IllegalStateException("RunReport: no history; call history(h) before write()");
        Files.createDirectories(dir);
        List<Path> written = new ArrayList<>();
        Path csv = dir.resolve(HISTORY);
        history.writeCsv(csv);
        written.add(csv);
        if (model != null) {
            Path f = dir.resolve(FINAL_MODEL);
            SafeTensors.save(model, f);
            written.add(f);
        }
        if (bestEpoch < 0) bestEpoch = hasValidation() ? history.best("val_loss").epoch() : 0;
        List<GapWidening> widening = GapWidening.find(history, wideningEpochs);
        int w = 800, h = 450;
        written.addAll(List.of(ChartFiles.write(Plots.lossCurve(history, bestEpoch, widening), dir, "loss", w, h)));
        written.addAll(List.of(ChartFiles.write(Plots.accuracy(history, bestEpoch), dir, "accuracy", w, h)));
        written.addAll(List.of(ChartFiles.write(lrValues != null ? Plots.learningRate(lrValues, 0, lrStepLabel)
                : Plots.learningRate(history), dir, "lr", w, h)));
        if (test != null) {
            int side = Math.max(520, 60 * test.confusion().classes() + 200);
            written.addAll(List.of(ChartFiles.write(ConfusionMatrixChart.of(test.confusion(), classNames), dir,
                    "confusion", side, side)));
        }
        String summary = model != null ? model.summary(inputShape) : null;
        String html = ReportHtml.render(this, summary, widening);
        Path report = dir.resolve(HTML);
        AtomicFiles.write(report, out -> out.write(html.getBytes(StandardCharsets.UTF_8)));
        written.add(report);
        return written;
    }

    boolean hasValidation() {
        return history.epochs().stream().anyMatch(r -> !Double.isNaN(r.valLoss()));
    }

    static String formatSeconds(double s) {
        if (s < 60) return String.format("%.1f s", s);
        long m = (long) (s / 60);
        return s < 3600 ? String.format("%d min %.0f s", m, s - 60 * m) : String.format("%d h %d min", m / 60, m % 60);
    }
}
