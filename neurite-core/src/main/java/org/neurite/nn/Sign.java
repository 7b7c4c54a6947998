package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * The perceptron's activation (the course's Proposition 2.2): 1 for x >= 0, -1 otherwise. Its gradient is 0
 * wherever it exists, so it cannot be trained through by backpropagation. Any shape in, the same shape out.
 */
public class Sign extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Functional.sign(x);
    }

    @Override
    public String toString() {
        return "Sign()";
    }
}
