package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * The Heaviside step: 1 for x >= 0, 0 otherwise. Its gradient is 0 wherever it exists. Any shape in, the same
 * shape out.
 */
public class Step extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Functional.step(x);
    }

    @Override
    public String toString() {
        return "Step()";
    }
}
