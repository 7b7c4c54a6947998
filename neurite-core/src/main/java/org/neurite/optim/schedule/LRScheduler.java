package org.neurite.optim.schedule;

import java.util.LinkedHashMap;
import java.util.Map;
import org.neurite.optim.Optimizer;

/**
 * A learning-rate schedule eta_k, a function of the number k of calls to {@link #step()}, that drives an optimiser
 * as PyTorch's LRScheduler does: on construction the optimiser's rate becomes eta_0, and each step() advances k and
 * sets eta_k. Call step() once per epoch or once per batch, whichever k should count. The base rate eta_0 is the
 * optimiser's learning rate when the schedule is built (unless a schedule says otherwise).
 *
 * <p>{@link #values(int)} lists eta_0 .. eta_{n-1} for plotting without touching the optimiser; {@link #state()}
 * and {@link #restore(Map)} save and restore k so that a resumed run continues the same schedule.
 */
public abstract class LRScheduler {
    protected final Optimizer optimizer;
    protected final String name;
    private long k;

    protected LRScheduler(String name, Optimizer optimizer) {
        if (optimizer == null) throw new IllegalArgumentException(name + ": optimizer is null");
        this.name = name;
        this.optimizer = optimizer;
    }

    /** eta_k, for any k >= 0. */
    public abstract float valueAt(long k);

    /** Advances k by one and sets the optimiser's learning rate to eta_k; returns it. */
    public float step() {
        k++;
        float v = valueAt(k);
        optimizer.setLearningRate(v);
        return v;
    }

    /** The number of step() calls so far (k). */
    public long stepCount() {
        return k;
    }

    /** The optimiser's current learning rate (eta_k once the schedule drives it). */
    public float learningRate() {
        return optimizer.learningRate();
    }

    /** The optimiser this schedule drives. */
    public Optimizer optimizer() {
        return optimizer;
    }

    /** eta_0 .. eta_{steps-1}, for plotting. */
    public float[] values(int steps) {
        if (steps < 0) throw new IllegalArgumentException(name + ".values: steps must be >= 0, got " + steps);
        float[] out = new float[steps];
        for (int i = 0; i < steps; i++) out[i] = valueAt(i);
        return out;
    }

    /** The schedule's state: {@code "k"} (and whatever a subclass adds). */
    public Map<String, Double> state() {
        Map<String, Double> s = new LinkedHashMap<>();
        s.put("k", (double) k);
        return s;
    }

    /** Restores k from {@link #state()} and sets the optimiser's rate to eta_k. */
    public void restore(Map<String, Double> state) {
        Double kk = state.get("k");
        if (kk == null || kk < 0 || kk != Math.floor(kk))
            throw new IllegalArgumentException(name + ".restore: missing or invalid 'k': " + kk);
        k = kk.longValue();
        optimizer.setLearningRate(valueAt(k));
    }

    /** Sets the optimiser to eta_k for the current k; concrete schedules call it at the end of their constructor. */
    protected final void apply() {
        optimizer.setLearningRate(valueAt(k));
    }

    protected final float requireNonNegative(String arg, float v) {
        if (!(v >= 0f) || Float.isInfinite(v))
            throw new IllegalArgumentException(name + ": " + arg + " must be finite and >= 0, got " + v);
        return v;
    }

    protected final int requirePositive(String arg, int v) {
        if (v < 1) throw new IllegalArgumentException(name + ": " + arg + " must be >= 1, got " + v);
        return v;
    }

    @Override
    public String toString() {
        return name + "(k=" + k + ", lr=" + learningRate() + ")";
    }
}
