package org.neurite.train;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurite.io.SafeTensors;
import org.neurite.tensor.Tensor;

/**
 * Early stopping, the course's remedy for overfitting (Proposition 2.11): watch a validation metric, stop when it
 * has not improved for {@code patience} epochs, and (with {@link #restoreBest}) put back the weights of the best
 * epoch at the end, so the model returned is the one that generalised best, not the last one.
 */
public final class EarlyStopping implements Callback {
    private final String monitor;
    private final int patience;
    private final boolean lowerIsBetter;
    private double minDelta;
    private boolean restoreBest;
    private double best;
    private int bestEpoch, wait;
    private Map<String, Tensor> bestWeights;

    /** monitor: "val_loss" (lower is better) or "val_accuracy" (higher is better), or the training ones. */
    public EarlyStopping(String monitor, int patience) {
        if (patience < 0) throw new IllegalArgumentException("EarlyStopping: patience must be >= 0, got " + patience);
        new EpochRecord(0, 0, 0, 0, 0, 0, 0, 0).get(monitor); // validates the name
        this.monitor = monitor;
        this.patience = patience;
        this.lowerIsBetter = monitor.contains("loss");
        this.best = lowerIsBetter ? Double.POSITIVE_INFINITY : Double.NEGATIVE_INFINITY;
    }

    /** Keep a copy of the best epoch's weights and restore them when training ends. */
    public EarlyStopping restoreBest(boolean on) {
        this.restoreBest = on;
        return this;
    }

    /** The smallest change that counts as an improvement. */
    public EarlyStopping minDelta(double d) {
        this.minDelta = d;
        return this;
    }

    public int bestEpoch() {
        return bestEpoch;
    }

    public double bestValue() {
        return best;
    }

    @Override
    public void onEpochEnd(Trainer.Run run, EpochRecord record) {
        double v = record.get(monitor);
        if (Double.isNaN(v))
            throw new IllegalStateException("EarlyStopping: '" + monitor + "' is not measured (no validation set given?)");
        boolean improved = lowerIsBetter ? v < best - minDelta : v > best + minDelta;
        if (improved) {
            best = v;
            bestEpoch = record.epoch();
            wait = 0;
            if (restoreBest) bestWeights = snapshot(run.model().stateDict());
        } else if (++wait > patience) {
            run.requestStop("early stopping: " + monitor + " has not improved for " + patience
                    + " epochs (best " + String.format("%.4f", best) + " at epoch " + bestEpoch + ")");
        }
    }

    @Override
    public void onTrainEnd(Trainer.Run run, History history) {
        if (restoreBest && bestWeights != null) {
            run.model().loadStateDict(bestWeights);
            run.log("restored the weights of epoch " + bestEpoch + " (" + monitor + " " + String.format("%.4f", best) + ")");
        }
    }

    private static Map<String, Tensor> snapshot(Map<String, Tensor> state) {
        Map<String, Tensor> copy = new LinkedHashMap<>();
        state.forEach((k, t) -> copy.put(k, t.copy()));
        return copy;
    }

    @Override
    public Map<String, Object> state(Path dir) throws IOException {
        if (bestWeights != null) {
            Files.createDirectories(dir);
            SafeTensors.save(bestWeights, dir.resolve("best.safetensors"));
        }
        return Map.of("best", best, "bestEpoch", bestEpoch, "wait", wait);
    }

    @Override
    public void restore(Map<String, Object> state, Path dir) throws IOException {
        best = ((Number) state.get("best")).doubleValue();
        bestEpoch = ((Number) state.get("bestEpoch")).intValue();
        wait = ((Number) state.get("wait")).intValue();
        Path f = dir.resolve("best.safetensors");
        bestWeights = Files.exists(f) ? SafeTensors.load(f) : null;
    }
}
