package org.neurite.nn;

import java.util.ArrayList;
import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * Modules applied one after the other: forward(x) = m_k(...m_1(m_0(x))). The children are named "0", "1", ... so
 * state dict keys are PyTorch's ({@code 0.weight}, {@code 1.running_mean}).
 *
 * <pre>{@code
 * Module model = new Sequential(new Linear(2, 4), new Tanh(), new Linear(4, 1));
 * }</pre>
 */
public class Sequential extends Module {
    private final List<Module> layers = new ArrayList<>();

    public Sequential(Module... modules) {
        for (Module m : modules) add(m);
    }

    /** Appends a module (named by its position); returns this. */
    public Sequential add(Module m) {
        if (m == null) throw new IllegalArgumentException("Sequential: module " + layers.size() + " is null");
        layers.add(registerModule(Integer.toString(layers.size()), m));
        return this;
    }

    public Module get(int i) {
        return layers.get(i);
    }

    public int size() {
        return layers.size();
    }

    @Override
    public Tensor forward(Tensor x) {
        for (Module m : layers) x = m.forward(x);
        return x;
    }

    @Override
    protected Tensor summarize(String name, Tensor x, List<String[]> rows) {
        for (int i = 0; i < layers.size(); i++)
            x = layers.get(i).summarize(name.isEmpty() ? Integer.toString(i) : name + "." + i, x, rows);
        return x;
    }

    @Override
    public String toString() {
        return "Sequential(" + layers.size() + " layers)";
    }
}
