package org.neurite.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * A layer or a model: a function forward(x) with parameters (tensors that require grad and that optimisers update),
 * buffers (state that is saved but not trained, like batch norm's running statistics) and child modules, as
 * torch.nn.Module.
 *
 * <p>Everything is registered in order, so {@link #parameters()}, {@link #namedParameters()} and
 * {@link #stateDict()} have a stable order: a module's own parameters first, then its children's, depth first.
 * Names are PyTorch's state_dict keys: {@code weight}, {@code 0.weight}, {@code 1.running_mean},
 * {@code block.0.bias}; with PyTorch's tensor layouts this lets weights move between the two by name.
 *
 * <p>java.lang also has a class named Module: with {@code import org.neurite.nn.*} write
 * {@code import org.neurite.nn.Module;} as well (a single-type import wins over java.lang).
 */
public abstract class Module {
    private final Map<String, Tensor> params = new LinkedHashMap<>();
    private final Map<String, Tensor> buffers = new LinkedHashMap<>();
    private final Map<String, Module> children = new LinkedHashMap<>();
    private final Map<String, Rng> generators = new LinkedHashMap<>();
    private boolean training = true;

    /** The layer's function. */
    public abstract Tensor forward(Tensor x);

    // ---------------------------------------------------------------- registration

    /** Registers a parameter (marked requiresGrad) under name; returns it. */
    protected final Tensor registerParameter(String name, Tensor p) {
        checkName(name);
        params.put(name, p.requiresGrad(true));
        return p;
    }

    /** Registers a buffer: saved in the state dict, never trained. */
    protected final Tensor registerBuffer(String name, Tensor b) {
        checkName(name);
        buffers.put(name, b);
        return b;
    }

    /**
     * Registers a random generator the layer draws from while training (dropout masks), so a checkpoint can save
     * and restore its state and a resumed run draws the same masks as an uninterrupted one.
     */
    protected final Rng registerGenerator(String name, Rng rng) {
        if (generators.containsKey(name)) throw new IllegalArgumentException(getClass().getSimpleName()
                + ": duplicate generator name '" + name + "'");
        generators.put(name, rng);
        return rng;
    }

    /** Every registered generator by its dotted name ("2.rng"), in a stable order. */
    public Map<String, Rng> namedGenerators() {
        Map<String, Rng> out = new LinkedHashMap<>();
        collectGenerators("", out);
        return Collections.unmodifiableMap(out);
    }

    private void collectGenerators(String prefix, Map<String, Rng> out) {
        generators.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collectGenerators(prefix + k + ".", out));
    }

    /** Registers a child module under name ("0", "1", ... in a Sequential); returns it. */
    protected final <M extends Module> M registerModule(String name, M m) {
        checkName(name);
        if (m == this) throw new IllegalArgumentException(getClass().getSimpleName() + ": a module cannot contain itself");
        children.put(name, m);
        return m;
    }

    private void checkName(String name) {
        if (name == null || name.isEmpty() || name.contains(".") || params.containsKey(name) || buffers.containsKey(name)
                || children.containsKey(name))
            throw new IllegalArgumentException(getClass().getSimpleName() + ": invalid or duplicate name '" + name + "'");
    }

    // ---------------------------------------------------------------- views

    /** All trainable parameters, own first then children's, depth first (a stable order). */
    public List<Tensor> parameters() {
        return new ArrayList<>(namedParameters().values());
    }

    /** Parameters by their state_dict names, in {@link #parameters()} order. */
    public Map<String, Tensor> namedParameters() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, false);
        return Collections.unmodifiableMap(out);
    }

    /** Buffers (running statistics) by name. */
    public Map<String, Tensor> namedBuffers() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, false, true);
        return Collections.unmodifiableMap(out);
    }

    /** Direct children by name, in registration order. */
    public Map<String, Module> children() {
        return Collections.unmodifiableMap(children);
    }

    /**
     * Parameters and buffers by name: for each module its parameters then its buffers, then its children
     * (PyTorch's state_dict order). The tensors are the live ones; copy them to keep a snapshot.
     */
    public Map<String, Tensor> stateDict() {
        Map<String, Tensor> out = new LinkedHashMap<>();
        collect("", out, true, true);
        return Collections.unmodifiableMap(out);
    }

    private void collect(String prefix, Map<String, Tensor> out, boolean withParams, boolean withBuffers) {
        if (withParams) params.forEach((k, v) -> out.put(prefix + k, v));
        if (withBuffers) buffers.forEach((k, v) -> out.put(prefix + k, v));
        children.forEach((k, m) -> m.collect(prefix + k + ".", out, withParams, withBuffers));
    }

    /**
     * Copies values into this module's parameters and buffers (in place, so optimisers holding them stay valid).
     * Strict: the keys must be exactly those of {@link #stateDict()} and each shape must match; everything is
     * checked before anything is copied, so on error the module is untouched.
     */
    public void loadStateDict(Map<String, Tensor> state) {
        Map<String, Tensor> own = stateDict();
        List<String> missing = new ArrayList<>(), unexpected = new ArrayList<>();
        for (String k : own.keySet()) if (!state.containsKey(k)) missing.add(k);
        for (String k : state.keySet()) if (!own.containsKey(k)) unexpected.add(k);
        if (!missing.isEmpty() || !unexpected.isEmpty())
            throw new IllegalArgumentException("loadStateDict(" + getClass().getSimpleName() + "): missing keys "
                    + missing + ", unexpected keys " + unexpected);
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            Tensor src = state.get(e.getKey());
            if (src == null || !Arrays.equals(src.shape(), e.getValue().shape()))
                throw new IllegalArgumentException("loadStateDict(" + getClass().getSimpleName() + "): '" + e.getKey()
                        + "' has shape " + (src == null ? "null" : Shape.str(src.shape())) + ", the module expects "
                        + Shape.str(e.getValue().shape()));
        }
        for (Map.Entry<String, Tensor> e : own.entrySet()) {
            float[] src = state.get(e.getKey()).data(), dst = e.getValue().data();
            if (src != dst) System.arraycopy(src, 0, dst, 0, dst.length);
        }
    }

    // ---------------------------------------------------------------- modes and gradients

    /** Training mode (the default): dropout drops, batch norm uses batch statistics. Applies to all children. */
    public Module train() {
        return train(true);
    }

    public Module train(boolean mode) {
        training = mode;
        for (Module m : children.values()) m.train(mode);
        return this;
    }

    /** Evaluation mode: dropout is the identity, batch norm uses its running statistics. */
    public Module eval() {
        return train(false);
    }

    public boolean isTraining() {
        return training;
    }

    /** Forgets the gradients of all parameters. */
    public void zeroGrad() {
        zeroGrad(true);
    }

    /** Zeroes the gradients of all parameters, keeping their storage unless setToNone (see Tensor.zeroGrad). */
    public void zeroGrad(boolean setToNone) {
        for (Tensor p : parameters()) p.zeroGrad(setToNone);
    }

    /** The number of parameter values (weights and biases). */
    public long parameterCount() {
        long n = 0;
        for (Tensor p : parameters()) n += p.numel();
        return n;
    }

    // ---------------------------------------------------------------- summary

    /**
     * A table of the layers, their output shapes and parameter counts for one input of the given shape (without the
     * batch dimension; a batch of 1 is run in eval mode without recording a graph), like Keras' model.summary().
     * Print it: {@code System.out.println(model.summary(1, 28, 28))}.
     */
    public String summary(int... inputShape) {
        int[] shape = new int[inputShape.length + 1];
        shape[0] = 1;
        System.arraycopy(inputShape, 0, shape, 1, inputShape.length);
        List<String[]> rows = new ArrayList<>();
        boolean mode = training;
        eval();
        try (var s = Autograd.noGradScope()) {
            summarize("", Tensor.zeros(shape), rows);
        } finally {
            train(mode);
        }
        return SummaryTable.format(rows, shape, parameterCount(), stateDict().size() - namedParameters().size(),
                countBuffers());
    }

    /** Runs forward, adding one row per leaf layer; containers (Sequential) describe their children instead. */
    protected Tensor summarize(String name, Tensor x, List<String[]> rows) {
        Tensor y = forward(x);
        rows.add(SummaryTable.row(name, this, y));
        return y;
    }

    private long countBuffers() {
        long n = 0;
        for (Tensor b : namedBuffers().values()) n += b.numel();
        return n;
    }

    /** The layer as PyTorch prints it, e.g. {@code Linear(784 -> 10)}. */
    @Override
    public String toString() {
        return getClass().getSimpleName() + "()";
    }
}
