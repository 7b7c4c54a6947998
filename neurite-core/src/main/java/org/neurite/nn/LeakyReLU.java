package org.neurite.nn;

import org.neurite.tensor.Tensor;

/** x for x > 0, slope * x otherwise (default slope 0.01, as PyTorch). Any shape in, the same shape out. */
public class LeakyReLU extends Module {
    private final float slope;

    public LeakyReLU() {
        this(0.01f);
    }

    public LeakyReLU(float slope) {
        this.slope = slope;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.leakyRelu(x, slope);
    }

    @Override
    public String toString() {
        return "LeakyReLU(" + slope + ")";
    }
}
