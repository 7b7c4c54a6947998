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

    /**
     * Runs the layers in order, except that a ReLU directly followed by a max pooling runs after it: max pooling
     * commutes with ReLU (a monotone function), so relu(maxPool(x)) equals maxPool(relu(x)), its gradient too (both
     * are 0 where the window's maximum is not positive), and the ReLU and its backward touch a quarter of the values;
     * and a Linear layer directly followed by a ReLU runs as one op ({@link Functional#linearRelu}), which applies
     * the ReLU to the product's tiles in cache, with the same values and gradients.
     */
    @Override
    public Tensor forward(Tensor x) {
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            Class<?> next = i + 1 < layers.size() ? layers.get(i + 1).getClass() : null;
            if (m.getClass() == ReLU.class && next == MaxPool2d.class) {
                x = m.forward(layers.get(++i).forward(x));
                continue;
            }
            if (m.getClass() == Linear.class && next == ReLU.class) {
                x = ((Linear) m).forwardRelu(x);
                i++;
                continue;
            }
            x = m.forward(x);
        }
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
