package org.neurite.train;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.nio.file.Path;

/**
 * Reports overfitting as the course identifies it (Proposition 2.11): the validation loss pulling away from the
 * training loss. When the gap val_loss - train_loss is positive and has grown for {@code epochs} epochs in a row, it logs a warning
 * naming the epoch where the widening began, and remembers it (for the loss-curve plot's shading).
 */
public final class OverfittingMonitor implements Callback {
    private final int epochs;
    private int growing;
    private double lastGap = Double.NaN;
    private final List<Integer> detections = new ArrayList<>();

    public OverfittingMonitor(int epochs) {
        if (epochs < 1) throw new IllegalArgumentException("OverfittingMonitor: epochs must be >= 1, got " + epochs);
        this.epochs = epochs;
    }

    @Override
    public void onEpochEnd(Trainer.Run run, EpochRecord r) {
        double gap = r.gap();
        if (Double.isNaN(gap)) return;
        growing = widened(lastGap, gap) ? growing + 1 : 0;
        lastGap = gap;
        if (growing == epochs) {
            int start = r.epoch() - epochs;
            detections.add(start);
            run.log(String.format("overfitting: the gap between validation and training loss has grown for %d epochs "
                    + "in a row since epoch %d (now %.4f)", epochs, start, gap));
        }
    }

    /**
     * The rule, shared with the loss plot's shading ({@code report.GapWidening}): the gap widened from one epoch to the
     * next when it is positive and larger than before. A negative gap shrinking towards zero (validation loss below
     * training loss, as dropout gives early on) is not overfitting. False when either gap is NaN.
     */
    public static boolean widened(double previousGap, double gap) {
        return gap > 0 && gap > previousGap;
    }

    /** The epochs at which a widening gap began, one per detection. */
    public List<Integer> detections() {
        return List.copyOf(detections);
    }

    /** The first epoch of the first widening detected, or -1. */
    public int firstDetection() {
        return detections.isEmpty() ? -1 : detections.get(0);
    }

    @Override
    public Map<String, Object> state(Path dir) {
        return Map.of("growing", growing, "lastGap", Double.isNaN(lastGap) ? "NaN" : lastGap, "detections", detections);
    }

    @Override
    @SuppressWarnings("unchecked")
    public void restore(Map<String, Object> s, Path dir) {
        growing = ((Number) s.get("growing")).intValue();
        Object g = s.get("lastGap");
        lastGap = g instanceof Number n ? n.doubleValue() : Double.NaN;
        detections.clear();
        for (Object o : (List<Object>) s.get("detections")) detections.add(((Number) o).intValue());
    }
}
