package org.neurite.train.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;
import org.neurite.io.SafeTensors;
import org.neurite.train.Callback;
import org.neurite.train.EpochRecord;
import org.neurite.train.Trainer;

/**
 * Keeps the best model of a run on disk: after every epoch whose monitored metric improves (by default the lowest
 * validation loss, the model that generalised best), the model's state dict is written to {@code file}
 * (safetensors, atomically). Unlike {@link org.neurite.train.EarlyStopping}'s restore, the training continues with
 * the current weights; the file is what to deploy. Its state (best value and epoch) goes into checkpoints, so a
 * resumed run keeps comparing against the same best.
 */
public final class BestModelCheckpoint implements Callback {
    private final Path file;
    private final String monitor;
    private final boolean lowerIsBetter;
    private double best;
    private int bestEpoch;

    /** Saves to file whenever val_loss reaches a new minimum. */
    public BestModelCheckpoint(Path file) {
        this(file, "val_loss");
    }

    /** Saves to file whenever monitor improves: a loss metric must fall, an accuracy must rise. */
    public BestModelCheckpoint(Path file, String monitor) {
        new EpochRecord(0, 0, 0, 0, 0, 0, 0, 0).get(monitor); // validates the name
        this.file = file;
        this.monitor = monitor;
        this.lowerIsBetter = monitor.contains("loss");
        this.best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    @Override
    public void onEpochEnd(Trainer.Run run, EpochRecord record) {
        double v = record.get(monitor);
        if (Double.isNaN(v))
            throw new IllegalStateException("BestModelCheckpoint: '" + monitor + "' is not measured (no validation "
                    + "set given?); monitor \"loss\" instead");
        if (lowerIsBetter ? v < best : v > best) {
            best = v;
            bestEpoch = record.epoch();
            try {
                SafeTensors.save(run.model().stateDict(), Map.of("epoch", String.valueOf(bestEpoch), monitor,
                        String.valueOf(v)), file);
            } catch (IOException e) {
                throw new UncheckedIOException("BestModelCheckpoint: cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** The epoch of the saved model (0 before the first epoch ends). */
    public int bestEpoch() {
        return bestEpoch;
    }

    /** The monitored value of the saved model. */
    public double bestValue() {
        return best;
    }

    public Path file() {
        return file;
    }

    public String monitor() {
        return monitor;
    }

    @Override
    public Map<String, Object> state(Path dir) {
        return Map.of("best", best, "bestEpoch", bestEpoch);
    }

    @Override
    public void restore(Map<String, Object> state, Path dir) {
        best = ((Number) state.get("best")).doubleValue();
        bestEpoch = ((Number) state.get("bestEpoch")).intValue();
    }
}
