package org.neurite.train.tune;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * What a {@link Tuner} found: every trial in the order it ran, the best learning-rate trial of phase 1 and the best
 * trial overall, a text table and the files of {@link #write}.
 */
public final class TuningResult {
    private final List<Trial> trials;
    private final Trial bestLr;
    private final Trial best;

    TuningResult(List<Trial> trials, Trial bestLr, Trial best) {
        this.trials = List.copyOf(trials);
        this.bestLr = bestLr;
        this.best = best;
    }

    /** Every trial, phase 1 then phase 2, in the order run. */
    public List<Trial> trials() {
        return trials;
    }

    /** The best trial overall: highest validation accuracy, then least time. */
    public Trial best() {
        return best;
    }

    /** eta*, the learning rate chosen in phase 1 (and used throughout phase 2). */
    public double bestLearningRate() {
        return bestLr.learningRate();
    }

    /** b*, the batch size chosen in phase 2 (b_0 when no other size beat it). */
    public int bestBatchSize() {
        return best.batchSize();
    }

    /** The best trial of phase 1 (learning rate search at b_0). */
    public Trial bestLearningRateTrial() {
        return bestLr;
    }

    /** The trials of phase 1 ("lr"). */
    public List<Trial> learningRateTrials() {
        return trials.stream().filter(t -> t.phase().equals("lr")).toList();
    }

    /** The points of phase 2: the phase-1 winner at b_0 (not rerun) and the "batch" trials, all at eta*. */
    public List<Trial> batchSizeTrials() {
        List<Trial> out = new ArrayList<>();
        out.add(bestLr);
        trials.stream().filter(t -> t.phase().equals("batch")).forEach(out::add);
        return out;
    }

    /** An aligned text table of the trials; the chosen one is marked with '*'. */
    public String table() {
        String[] head = {"#", "phase", "lr", "batch", "seed", "val_acc", "val_loss", "epochs", "seconds", ""};
        List<String[]> rows = new ArrayList<>();
        rows.add(head);
        for (int i = 0; i < trials.size(); i++) {
            Trial t = trials.get(i);
            rows.add(new String[]{Integer.toString(i + 1), t.phase(), rate(t.learningRate()),
                    Integer.toString(t.batchSize()), Long.toString(t.seed()),
                    t.diverged() ? "diverged" : fmt("%.2f%%", 100 * t.valAccuracy()),
                    t.diverged() ? "-" : fmt("%.4f", t.valLoss()), Integer.toString(t.epochs()),
                    fmt("%.3f", t.seconds()), t == best ? "*" : ""});
        }
        int[] width = new int[head.length];
        for (String[] r : rows) for (int c = 0; c < r.length; c++) width[c] = Math.max(width[c], r[c].length());
        StringBuilder sb = new StringBuilder();
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int c = 0; c < r.length; c++) {
                if (c > 0) line.append("  ");
                boolean left = c == 1 || c == r.length - 1;
                line.append(left ? pad(r[c], width[c], false) : pad(r[c], width[c], true));
            }
            sb.append(line.toString().stripTrailing()).append('\n');
        }
        return sb.toString();
    }

    private static String pad(String s, int w, boolean right) {
        String fill = " ".repeat(w - s.length());
        return right ? fill + s : s + fill;
    }

    /** A learning rate as people write it: 0.001, 0.03, 1, 1e-05, 3.162e-06. */
    static String rate(double v) {
        java.math.BigDecimal d = new java.math.BigDecimal(v).round(new java.math.MathContext(4)).stripTrailingZeros();
        return d.doubleValue() >= 1e-4 && d.doubleValue() < 1e5 ? d.toPlainString() : d.toString().toLowerCase(Locale.ROOT);
    }

    private static String fmt(String f, double v) {
        return String.format(Locale.ROOT, f, v);
    }

    static final String CSV_HEADER = "phase,learning_rate,batch_size,seed,val_accuracy,val_loss,seconds,epochs,best";

    /** The trials as CSV (diverged trials have NaN accuracy and loss); the chosen one has best = 1. */
    public String toCsv() {
        StringBuilder sb = new StringBuilder(CSV_HEADER).append('\n');
        for (Trial t : trials)
            sb.append(String.format(Locale.ROOT, "%s,%.8g,%d,%d,%.6f,%.6f,%.4f,%d,%d%n", t.phase(), t.learningRate(),
                    t.batchSize(), t.seed(), t.valAccuracy(), t.valLoss(), t.seconds(), t.epochs(), t == best ? 1 : 0));
        return sb.toString();
    }

    /**
     * Writes trials.csv, tuning.png and tuning.svg into dir (created if needed), each to a temporary file first and
     * then moved into place. The plot shows validation accuracy against eta on a log axis (phase 1) and against b
     * (phase 2), the chosen points marked.
     */
    public void write(Path dir) throws IOException {
        Files.createDirectories(dir);
        writeAtomically(dir.resolve("trials.csv"), tmp -> Files.writeString(tmp, toCsv(), StandardCharsets.UTF_8));
        TuningPlot plot = new TuningPlot(this);
        writeAtomically(dir.resolve("tuning.png"), plot::writePng);
        writeAtomically(dir.resolve("tuning.svg"), tmp -> Files.writeString(tmp, plot.svg(), StandardCharsets.UTF_8));
    }

    interface FileWriter {
        void write(Path tmp) throws IOException;
    }

    static void writeAtomically(Path file, FileWriter writer) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Path tmp = Files.createTempFile(dir, "." + file.getFileName(), ".tmp");
        try {
            writer.write(tmp);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    @Override
    public String toString() {
        return table();
    }
}
