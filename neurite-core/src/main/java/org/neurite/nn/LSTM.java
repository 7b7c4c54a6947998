package org.neurite.nn;

import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * Long short-term memory layer (Hochreiter and Schmidhuber), PyTorch's formulation and gate order (i, f, g, o):
 * <pre>
 *   i = sigmoid(W_ii x + b_ii + W_hi h + b_hi)     f = sigmoid(W_if x + b_if + W_hf h + b_hf)
 *   g = tanh(W_ig x + b_ig + W_hg h + b_hg)        o = sigmoid(W_io x + b_io + W_ho h + b_ho)
 *   c' = f * c + i * g                             h' = o * tanh(c')
 * </pre>
 * forward(x) takes x [batch, time, input] and returns the output sequence [batch, time, hidden];
 * {@link #forward(Tensor, Tensor, Tensor)} also takes and returns the states. See {@link Recurrent}.
 */
public class LSTM extends Recurrent {
    public LSTM(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Init.splitDefault());
    }

    public LSTM(int inputSize, int hiddenSize, Rng rng) {
        super(inputSize, hiddenSize, 4, rng);
    }

    /** The output sequence and the final hidden and cell states, from h0 and c0 [batch, hidden] (null for zeros). */
    public Output forward(Tensor x, Tensor h0, Tensor c0) {
        return run(x, h0, c0);
    }

    @Override
    protected Tensor[] step(Tensor xt, Tensor h, Tensor c) {
        Tensor g = xt.add(Functional.linear(h, weightHh, biasHh));
        Tensor i = gate(g, 0).sigmoid(), f = gate(g, 1).sigmoid(), cand = gate(g, 2).tanh(), o = gate(g, 3).sigmoid();
        Tensor c2 = f.mul(c).add(i.mul(cand));
        return new Tensor[]{o.mul(c2.tanh()), c2};
    }
}
