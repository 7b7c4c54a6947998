package org.neurite.optim.schedule;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.optim.Optimizer;

/**
 * Reduce-on-plateau (PyTorch's ReduceLROnPlateau): fed a metric once per epoch (a validation loss, or an accuracy in
 * max mode), it multiplies the learning rate by factor when the metric has not improved for more than patience
 * epochs, then waits cooldown epochs before counting again; the rate never goes below minLr. A value improves on
 * the best so far when it is better by more than threshold relative to it: metric < best - threshold |best| in min
 * mode (metric > best + threshold |best| in max mode).
 */
public final class ReduceLROnPlateau {
    private final Optimizer optimizer;
    private boolean maximize;
    private float factor = 0.1f;
    private int patience = 10;
    private float threshold = 1e-4f;
    private int cooldown;
    private float minLr;

    private double best = Double.NaN;
    private int badEpochs, cooldownLeft;
    private long epochs;
    private final List<Float> history = new ArrayList<>();

    public ReduceLROnPlateau(Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException("ReduceLROnPlateau: optimizer is null");
        this.optimizer = optimizer;
    }

    /** Whether a larger metric is better (an accuracy) instead of a smaller one (a loss, the default). */
    public ReduceLROnPlateau maximize(boolean on) {
        this.maximize = on;
        return this;
    }

    /** The multiplier in [0, 1) applied on a plateau (default 0.1). */
    public ReduceLROnPlateau factor(float f) {
        if (!(f >= 0f && f < 1f))
            throw new IllegalArgumentException("ReduceLROnPlateau: factor must be in [0, 1), got " + f);
        this.factor = f;
        return this;
    }

    /** Epochs without improvement tolerated before a reduction (default 10). */
    public ReduceLROnPlateau patience(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("ReduceLROnPlateau: patience must be >= 0, got " + epochs);
        this.patience = epochs;
        return this;
    }

    /** The relative improvement that counts (default 1e-4). */
    public ReduceLROnPlateau threshold(float t) {
        if (!(t >= 0f)) throw new IllegalArgumentException("ReduceLROnPlateau: threshold must be >= 0, got " + t);
        this.threshold = t;
        return this;
    }

    /** Epochs to wait after a reduction before counting bad epochs again (default 0). */
    public ReduceLROnPlateau cooldown(int epochs) {
        if (epochs < 0) throw new IllegalArgumentException("ReduceLROnPlateau: cooldown must be >= 0, got " + epochs);
        this.cooldown = epochs;
        return this;
    }

    /** The lower bound on the rate (default 0). */
    public ReduceLROnPlateau minLr(float lr) {
        if (!(lr >= 0f)) throw new IllegalArgumentException("ReduceLROnPlateau: minLr must be >= 0, got " + lr);
        this.minLr = lr;
        return this;
    }

    /** Records one epoch's metric; reduces the optimiser's rate on a plateau. Returns the rate for the next epoch. */
    public float step(float metric) {
        if (Float.isNaN(metric)) throw new IllegalArgumentException("ReduceLROnPlateau.step: metric is NaN");
        epochs++;
        if (improves(metric)) {
            best = metric;
            badEpochs = 0;
        } else {
            badEpochs++;
        }
        if (cooldownLeft > 0) {
            cooldownLeft--;
            badEpochs = 0;
        }
        if (badEpochs > patience) {
            float old = optimizer.learningRate();
            float lr = Math.max(old * factor, minLr);
            if (old - lr > 1e-8f * old) optimizer.setLearningRate(lr);
            cooldownLeft = cooldown;
            badEpochs = 0;
        }
        float lr = optimizer.learningRate();
        history.add(lr);
        return lr;
    }

    private boolean improves(double m) {
        if (Double.isNaN(best)) return true;
        double margin = threshold * Math.abs(best);
        return maximize ? m > best + margin : m < best - margin;
    }

    /** The optimiser's current rate. */
    public float learningRate() {
        return optimizer.learningRate();
    }

    /** The best metric so far (NaN before the first step). */
    public double best() {
        return best;
    }

    /** The rates set after each step so far, for plotting. */
    public float[] values() {
        float[] out = new float[history.size()];
        for (int i = 0; i < out.length; i++) out[i] = history.get(i);
        return out;
    }

    /** The schedule's state: best, bad-epoch and cooldown counters, epochs, the current rate. */
    public Map<String, Double> state() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("best", best);
        s.put("badEpochs", (double) badEpochs);
        s.put("cooldownLeft", (double) cooldownLeft);
        s.put("epochs", (double) epochs);
        s.put("lr", (double) optimizer.learningRate());
        return s;
    }

    /** Restores what {@link #state()} returned (the history for plotting is not part of the state). */
    public void restore(Map<String, Double> s) {
        for (String key : List.of("best", "badEpochs", "cooldownLeft", "epochs", "lr"))
            if (!s.containsKey(key)) throw new IllegalArgumentException("ReduceLROnPlateau.restore: missing '" + key + "'");
        best = s.get("best");
        badEpochs = s.get("badEpochs").intValue();
        cooldownLeft = s.get("cooldownLeft").intValue();
        epochs = s.get("epochs").longValue();
        optimizer.setLearningRate(s.get("lr").floatValue());
    }
}
