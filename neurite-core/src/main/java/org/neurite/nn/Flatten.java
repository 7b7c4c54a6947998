package org.neurite.nn;

import org.neurite.tensor.Tensor;

/** Flattens all dimensions but the batch: [N, d1, d2, ...] to [N, d1*d2*...] (between convolutions and Linear). */
public class Flatten extends Module {
    @Override
    public Tensor forward(Tensor x) {
        Checks.minRank(this, x, 2, "[N, ...]");
        return Functional.flatten(x);
    }

    @Override
    public String toString() {
        return "Flatten()";
    }
}
