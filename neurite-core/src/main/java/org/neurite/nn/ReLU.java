package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * max(0, x) elementwise (the course's Definition 3.6); gradient 1 for x > 0, else 0. Any shape in, the same shape
 * out.
 */
public class ReLU extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Functional.relu(x);
    }

    @Override
    public String toString() {
        return "ReLU()";
    }
}
