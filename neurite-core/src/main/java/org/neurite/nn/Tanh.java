package org.neurite.nn;

import org.neurite.tensor.Tensor;

/** tanh(x) elementwise, in (-1, 1); gradient 1 - tanh(x)^2. Any shape in, the same shape out. */
public class Tanh extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Functional.tanh(x);
    }

    @Override
    public String toString() {
        return "Tanh()";
    }
}
