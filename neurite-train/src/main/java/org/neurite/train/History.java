package org.neurite.train;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/** Every epoch of a training run, in order, with CSV export (history.csv) and the best epoch by a metric. */
public final class History {
    private final List<EpochRecord> epochs = new ArrayList<>();
    private String stopReason = "epoch budget reached";

    public void add(EpochRecord r) {
        epochs.add(r);
    }

    public List<EpochRecord> epochs() {
        return Collections.unmodifiableList(epochs);
    }

    public int size() {
        return epochs.size();
    }

    public EpochRecord last() {
        if (epochs.isEmpty()) throw new IllegalStateException("History: no epoch recorded yet");
        return epochs.get(epochs.size() - 1);
    }

    /** Why training stopped (epoch budget, early stopping, target loss reached, ...). */
    public String stopReason() {
        return stopReason;
    }

    public void setStopReason(String reason) {
        this.stopReason = reason;
    }

    /** The epoch with the lowest value of a loss metric, or the highest of an accuracy metric. */
    public EpochRecord best(String metric) {
        if (epochs.isEmpty()) throw new IllegalStateException("History: no epoch recorded yet");
        boolean lower = metric.contains("loss");
        EpochRecord best = null;
        for (EpochRecord r : epochs) {
            double v = r.get(metric);
            if (Double.isNaN(v)) continue;
            if (best == null || (lower ? v < best.get(metric) : v > best.get(metric))) best = r;
        }
        return best != null ? best : last();
    }

    public double[] series(String metric) {
        return epochs.stream().mapToDouble(r -> r.get(metric)).toArray();
    }

    static final String HEADER = "epoch,train_loss,train_accuracy,val_loss,val_accuracy,learning_rate,seconds,examples_per_second";

    public String toCsv() {
        StringBuilder sb = new StringBuilder(HEADER).append('\n');
        for (EpochRecord r : epochs)
            sb.append(String.format(Locale.ROOT, "%d,%.6f,%.6f,%.6f,%.6f,%.6g,%.3f,%.1f%n", r.epoch(), r.trainLoss(),
                    r.trainAccuracy(), r.valLoss(), r.valAccuracy(), r.learningRate(), r.seconds(), r.examplesPerSecond()));
        return sb.toString();
    }

    /** Writes history.csv atomically. */
    public void writeCsv(Path file) throws IOException {
        Files2.writeAtomically(file, toCsv());
    }

    /** Reads a history.csv written by {@link #writeCsv}. */
    public static History readCsv(Path file) throws IOException {
        List<String> lines = java.nio.file.Files.readAllLines(file);
        if (lines.isEmpty() || !lines.get(0).equals(HEADER))
            throw new IOException(file + ": not a Neurite history.csv (header should be: " + HEADER + ")");
        History h = new History();
        for (int i = 1; i < lines.size(); i++) {
            String[] f = lines.get(i).split(",");
            if (f.length != 8) throw new IOException(file + ": line " + (i + 1) + " has " + f.length + " fields, expected 8");
            try {
                h.add(new EpochRecord(Integer.parseInt(f[0]), Double.parseDouble(f[1]), Double.parseDouble(f[2]),
                        Double.parseDouble(f[3]), Double.parseDouble(f[4]), Double.parseDouble(f[5]),
                        Double.parseDouble(f[6]), Double.parseDouble(f[7])));
            } catch (NumberFormatException e) {
                throw new IOException(file + ": line " + (i + 1) + ": " + e.getMessage(), e);
            }
        }
        return h;
    }
}
