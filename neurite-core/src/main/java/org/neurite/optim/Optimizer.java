package org.neurite.optim;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.neurite.kernel.Parallel;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Tensor;

/**
 * An optimiser: updates a fixed list of parameters W (leaf tensors of any shapes) from the gradients of a cost J.
 *
 * <p>First-order methods ({@link SGD}, {@link AdaGrad}, {@link RMSProp}, {@link Adam}, {@link AdamW}) read
 * {@code grad()} of each parameter, filled by {@code loss.backward()}, and write the new values into the parameter's
 * storage under no-grad: {@code opt.zeroGrad(); loss.backward(); opt.step();}. A parameter whose grad is null is
 * left alone. Second-order methods ({@link Newton}, {@link NewtonCG}, {@link LBFGS}) re-evaluate the loss and take
 * {@link #step(Supplier)} with a closure.
 *
 * <p>Regularisation in the update rule is available on every optimiser (the course's Definitions 2.10-2.11): the
 * gradient the method sees is {@code grad J + lambda W} with {@link #l2(float)} and {@code grad J + mu sign(W)} with
 * {@link #l1(float)}, so plain SGD takes W <- W - eta (grad J + lambda W). (For the second-order methods the matching
 * penalty lambda/2 |W|^2 + mu |W|_1 is added to the loss as well, so line searches see the same objective; the course
 * writes the L1 penalty as 1/2 sum mu |w| but its update rule as mu sign(W), and we follow the update rule.)
 *
 * <p>Per-parameter state (velocities, moments) is created lazily at a parameter's first update; {@link #state()} and
 * {@link #restore(OptimizerState)} save and restore it so that training resumes exactly.
 */
public abstract class Optimizer {
    /** Parameters above this many elements are updated in parallel chunks (the update is elementwise, so exact). */
    private static final int PARALLEL_GRAIN = 1 << 15;

    protected final List<Tensor> params;
    private final String name;
    private float lr;
    private float l2, l1;
    private long steps;
    private final ParamState[] states;
    private final float[][] scratch; // regularised gradients, reused each step; never saved

    /**
     * Per-parameter state: its update count and its buffers, named by {@link #bufferNames()} and each as long as the
     * parameter.
     */
    protected static final class ParamState {
        /** Updates of this parameter so far, including the one in progress (t in the course's Adam). */
        public long step;
        /** The buffers, in the order of {@link #bufferNames()}, initialised to zero. */
        public final float[][] buffers;

        ParamState(int count, int numel) {
            buffers = new float[count][numel];
        }
    }

    protected Optimizer(String name, List<Tensor> params, float lr) {
        this.name = name;
        if (params == null || params.isEmpty())
            throw new IllegalArgumentException(name + ": params is empty: an optimiser needs at least one parameter");
        Map<Tensor, Integer> seen = new IdentityHashMap<>();
        for (int i = 0; i < params.size(); i++) {
            Tensor p = params.get(i);
            if (p == null) throw new IllegalArgumentException(name + ": parameter " + i + " is null");
            if (!p.isLeaf())
                throw new IllegalArgumentException(name + ": parameter " + i + " is not a leaf (it is the output of '"
                        + p.node().op() + "'); optimise the leaf tensors");
            Integer before = seen.put(p, i);
            if (before != null)
                throw new IllegalArgumentException(name + ": parameter " + i + " is the same tensor as parameter " + before);
        }
        this.params = Collections.unmodifiableList(new ArrayList<>(params));
        this.lr = requireNonNegative("lr", lr);
        this.states = new ParamState[params.size()];
        this.scratch = new float[params.size()][];
    }

    // ---------------------------------------------------------------- public API

    /** The parameters, in the order they were given. */
    public List<Tensor> parameters() {
        return params;
    }

    /** The learning rate eta used by the next step. */
    public float learningRate() {
        return lr;
    }

    /** Sets eta for the following steps (schedules call this). */
    public void setLearningRate(float lr) {
        this.lr = requireNonNegative("lr", lr);
    }

    /** L2 regularisation: the method sees grad J + lambda W (the course's Definition 2.11). Returns this. */
    public Optimizer l2(float lambda) {
        this.l2 = requireNonNegative("l2", lambda);
        return this;
    }

    /** L1 regularisation: the method sees grad J + mu sign(W) (the course's Definition 2.10). Returns this. */
    public Optimizer l1(float mu) {
        this.l1 = requireNonNegative("l1", mu);
        return this;
    }

    /** The L2 coefficient lambda. */
    public float l2Coefficient() {
        return l2;
    }

    /** The L1 coefficient mu. */
    public float l1Coefficient() {
        return l1;
    }

    /** Calls to step() so far. */
    public long stepCount() {
        return steps;
    }

    /** Forgets every parameter's gradient (as PyTorch's zero_grad(set_to_none=True)). */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /**
     * setToNone false zeroes the gradients in storage the parameters keep, so the next backward pass writes into
     * the same buffers (as PyTorch's zero_grad(set_to_none=False)): see {@link Tensor#zeroGrad(boolean)}.
     */
    public void zeroGrad(boolean setToNone) {
        for (Tensor p : params) p.zeroGrad(setToNone);
    }

    /** One update of every parameter that has a gradient. */
    public void step() {
        try (var s = Autograd.noGradScope()) {
            beforeStep();
            steps++;
            for (int i = 0; i < params.size(); i++) {
                Tensor p = params.get(i);
                Tensor g = p.grad();
                if (g == null) continue;
                ParamState st = states[i];
                if (st == null) st = states[i] = new ParamState(bufferNames().length, p.numel());
                st.step++;
                updateParameter(i, p.data(), g.data(), st);
            }
        }
    }

    /**
     * Evaluates the loss, backpropagates and steps: {@code zeroGrad(); loss = closure.get(); loss.backward(); step()}.
     * The closure builds the loss (a scalar tensor) from the parameters and must not call backward itself. Returns
     * the loss before the update. Second-order methods override this and may evaluate the closure several times.
     */
    public float step(Supplier<Tensor> closure) {
        Tensor loss;
        try (var s = Autograd.enableGradScope()) {
            zeroGrad();
            loss = closure.get();
            loss.backward();
        }
        step();
        return loss.item();
    }

    /** A snapshot of the state (see {@link OptimizerState} for the keys). */
    public OptimizerState state() {
        Map<String, Long> counters = new LinkedHashMap<>();
        Map<String, Double> scalars = new LinkedHashMap<>();
        Map<String, float[]> buffers = new LinkedHashMap<>();
        counters.put("step", steps);
        scalars.put("lr", (double) lr);
        String[] names = bufferNames();
        for (int i = 0; i < states.length; i++) {
            if (states[i] == null) continue;
            counters.put(i + ".step", states[i].step);
            for (int b = 0; b < names.length; b++) buffers.put(i + "." + names[b], states[i].buffers[b]);
        }
        saveExtra(counters, scalars, buffers);
        return new OptimizerState(name, counters, scalars, buffers);
    }

    /**
     * Restores a snapshot taken from an optimiser of the same kind over parameters of the same shapes. The parameter
     * values themselves are not part of the state (save them with the model).
     */
    public void restore(OptimizerState state) {
        if (!name.equals(state.optimizer()))
            throw new IllegalArgumentException(name + ".restore: the state is from " + state.optimizer());
        String[] names = bufferNames();
        ParamState[] fresh = new ParamState[states.length];
        for (String key : state.counters().keySet()) {
            int dot = key.indexOf('.');
            if (dot < 0) continue;
            int i = parameterIndex(key, dot);
            fresh[i] = new ParamState(names.length, params.get(i).numel());
            fresh[i].step = state.counters().get(key);
            for (int b = 0; b < names.length; b++) {
                float[] src = state.buffers().get(i + "." + names[b]);
                if (src == null)
                    throw new IllegalArgumentException(name + ".restore: missing buffer '" + i + "." + names[b] + "'");
                if (src.length != params.get(i).numel())
                    throw new IllegalArgumentException(name + ".restore: buffer '" + i + "." + names[b] + "' has "
                            + src.length + " values, parameter " + i + " has " + params.get(i).numel());
                System.arraycopy(src, 0, fresh[i].buffers[b], 0, src.length);
            }
        }
        restoreExtra(state);
        System.arraycopy(fresh, 0, states, 0, states.length);
        steps = state.counter("step", 0);
        setLearningRate((float) state.scalar("lr", lr));
    }

    @Override
    public String toString() {
        return name + "(lr=" + lr + (l2 != 0 ? ", l2=" + l2 : "") + (l1 != 0 ? ", l1=" + l1 : "") + ", "
                + params.size() + " parameters)";
    }

    // ---------------------------------------------------------------- for subclasses

    /** The names of the per-parameter buffers the method keeps, in the course's notation (e.g. {"G", "A"}). */
    protected abstract String[] bufferNames();

    /**
     * Updates w[from, to) in place from the (regularised) gradient g[from, to) and the state st. Called once per
     * parameter per step, possibly on several disjoint ranges in parallel for a large parameter.
     */
    protected abstract void update(ParamState st, float[] w, float[] g, int from, int to);

    /** Called once at the start of each step(), before any parameter is updated (checks of the configuration). */
    protected void beforeStep() {}

    /** Adds method-specific state (beyond per-parameter buffers) to a snapshot. */
    protected void saveExtra(Map<String, Long> counters, Map<String, Double> scalars, Map<String, float[]> buffers) {}

    /** Restores what {@link #saveExtra} saved. */
    protected void restoreExtra(OptimizerState state) {}

    /** Counts a step for methods that override step() (the second-order methods). */
    protected final void countStep() {
        steps++;
    }

    /** The state of parameter i, or null before its first update. */
    protected ParamState paramState(int i) {
        return states[i];
    }

    /** The optimiser's class name, used in messages. */
    protected String name() {
        return name;
    }

    private void updateParameter(int i, float[] w, float[] g, ParamState st) {
        int n = w.length;
        if (g.length != n)
            throw new IllegalStateException(name + ": parameter " + i + " has " + n + " elements but its grad has "
                    + g.length);
        final float[] grad;
        if (l2 == 0f && l1 == 0f) {
            grad = g;
        } else {
            if (scratch[i] == null) scratch[i] = new float[n];
            grad = scratch[i];
        }
        // One call site of update for every size (forRange runs a single chunk inline): each copy of the update's
        // loops that C2 inlines is another compile (three in W1's measured epochs with two call sites, now two).
        Parallel.forRange(n, PARALLEL_GRAIN, (from, to) -> {
            regularise(w, g, grad, from, to);
            update(st, w, grad, from, to);
        });
    }

    // out = g + l2 w + l1 sign(w); never written into g itself, which may be shared with other tensors.
    private void regularise(float[] w, float[] g, float[] out, int from, int to) {
        if (out == g) return;
        float a = l2, b = l1;
        for (int j = from; j < to; j++) out[j] = g[j] + a * w[j] + b * Math.signum(w[j]);
    }

    private int parameterIndex(String key, int dot) {
        try {
            int i = Integer.parseInt(key.substring(0, dot));
            if (i < 0 || i >= params.size()) throw new NumberFormatException();
            return i;
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException(name + ".restore: key '" + key + "' does not name one of the "
                    + params.size() + " parameters");
        }
    }

    // ---------------------------------------------------------------- argument checks

    /** Checks v >= 0 and finite; the message names the optimiser and the argument. */
    protected final float requireNonNegative(String arg, float v) {
        if (!(v >= 0f) || Float.isInfinite(v))
            throw new IllegalArgumentException(name + ": " + arg + " must be finite and >= 0, got " + v);
        return v;
    }

    /** Checks v > 0 and finite. */
    protected final float requirePositive(String arg, float v) {
        if (!(v > 0f) || Float.isInfinite(v))
            throw new IllegalArgumentException(name + ": " + arg + " must be finite and > 0, got " + v);
        return v;
    }

    /** Checks 0 <= v < 1 (betas, momentum). */
    protected final float requireUnit(String arg, float v) {
        if (!(v >= 0f && v < 1f))
            throw new IllegalArgumentException(name + ": " + arg + " must be in [0, 1), got " + v);
        return v;
    }

    /** Checks v >= 1 for counts. */
    protected final int requireAtLeastOne(String arg, int v) {
        if (v < 1) throw new IllegalArgumentException(name + ": " + arg + " must be >= 1, got " + v);
        return v;
    }

    static String shapes(List<Tensor> ps) {
        StringBuilder sb = new StringBuilder();
        for (Tensor p : ps) sb.append(sb.isEmpty() ? "" : ", ").append(Arrays.toString(p.shape()));
        return sb.toString();
    }
}
