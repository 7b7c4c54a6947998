package org.neurite.nn;

import java.util.ArrayList;
import java.util.List;
import org.neurite.tensor.Autograd;
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
     * Runs the layers in order, except that a ReLU next to a max pooling (either order) runs as one op with it,
     * {@link Functional#maxPool2dRelu}: max pooling commutes with ReLU (a monotone function), so relu(maxPool(x))
     * equals maxPool(relu(x)), its gradient too (both are 0 where the window's maximum is not positive), and the ReLU
     * is applied as each maximum is stored, with no pass or array of its own;
     * and a Linear layer directly followed by a ReLU runs as one op ({@link Functional#linearRelu}), which applies
     * the ReLU to the product's tiles in cache, with the same values and gradients. With gradients off, a Linear
     * layer's result that feeds another Linear goes into an array kept for the next call (the field scratch).
     */
    @Override
    public Tensor forward(Tensor x) {
        boolean noGrad = !Autograd.isGradEnabled();
        float[][] spare = noGrad ? scratch.get() : null;
        int reused = 0;
        for (int i = 0; i < layers.size(); i++) {
            Module m = layers.get(i);
            Class<?> next = i + 1 < layers.size() ? layers.get(i + 1).getClass() : null;
            if (m.getClass() == ReLU.class && next == MaxPool2d.class) {
                x = ((MaxPool2d) layers.get(++i)).forwardRelu(x);
                continue;
            }
            if (m.getClass() == MaxPool2d.class && next == ReLU.class) {
                x = ((MaxPool2d) m).forwardRelu(x);
                i++;
                continue;
            }
            if (m.getClass() == Linear.class) {
                boolean relu = next == ReLU.class;
                int after = relu ? i + 2 : i + 1;
                if (noGrad && after < layers.size() && layers.get(after).getClass() == Linear.class) {
                    // The result feeds only the next Linear, which does not keep it: reuse this thread's array
                    // (two, alternating, so a layer never writes the array it reads).
                    int slot = reused++ % 2;
                    x = ((Linear) m).forwardNoGrad(x, relu, spare[slot]);
                    spare[slot] = x.data();
                    i = after - 1;
                    continue;
                }
                if (relu) {
                    x = ((Linear) m).forwardRelu(x);
                    i++;
                    continue;
                }
            }
            x = m.forward(x);
        }
        return x;
    }

    /**
     * Per thread, the two arrays that Linear layers' intermediate results reuse at inference (no gradients): a chain of
     * Linear layers otherwise makes a new array per layer and batch, which the JVM zeroes before the product
     * overwrites it (W1's inference at batch 1000: two 1 MB arrays per batch). The last layer's result, which the
     * caller gets, is always a new array.
     */
    private final ThreadLocal<float[][]> scratch = ThreadLocal.withInitial(() -> new float[2][]);

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
