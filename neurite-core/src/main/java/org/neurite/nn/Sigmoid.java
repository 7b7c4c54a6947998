package org.neurite.nn;

import org.neurite.tensor.Tensor;

/** 1 / (1 + exp(-x)) elementwise, in (0, 1); gradient s (1 - s). Any shape in, the same shape out. */
public class Sigmoid extends Module {
    @Override
    public Tensor forward(Tensor x) {
        return Functional.sigmoid(x);
    }

    @Override
    public String toString() {
        return "Sigmoid()";
    }
}
