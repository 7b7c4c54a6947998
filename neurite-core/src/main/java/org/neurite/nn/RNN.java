package org.neurite.nn;

import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * Elman recurrent layer: h_t = tanh(W_ih x_t + b_ih + W_hh h_(t-1) + b_hh) over x [batch, time, input];
 * forward returns every h_t as [batch, time, hidden]. See {@link Recurrent} for parameters and states.
 */
public class RNN extends Recurrent {
    public RNN(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Init.splitDefault());
    }

    public RNN(int inputSize, int hiddenSize, Rng rng) {
        super(inputSize, hiddenSize, 1, rng);
    }

    /** The output sequence and the final hidden state, from h0 [batch, hidden] (null for zeros). */
    public Output forward(Tensor x, Tensor h0) {
        return run(x, h0, null);
    }

    @Override
    protected Tensor[] step(Tensor xt, Tensor h, Tensor c) {
        return new Tensor[]{xt.add(Functional.linear(h, weightHh, biasHh)).tanh(), null};
    }
}
