package org.neurite.nn;

import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * Gated recurrent unit (Cho et al.), PyTorch's formulation and gate order (r, z, n):
 * <pre>
 *   r = sigmoid(W_ir x + b_ir + W_hr h + b_hr)     z = sigmoid(W_iz x + b_iz + W_hz h + b_hz)
 *   n = tanh(W_in x + b_in + r * (W_hn h + b_hn))  h' = (1 - z) * n + z * h
 * </pre>
 * over x [batch, time, input]; forward returns every h as [batch, time, hidden]. See {@link Recurrent}.
 */
public class GRU extends Recurrent {
    public GRU(int inputSize, int hiddenSize) {
        this(inputSize, hiddenSize, Init.splitDefault());
    }

    public GRU(int inputSize, int hiddenSize, Rng rng) {
        super(inputSize, hiddenSize, 3, rng);
    }

    /** The output sequence and the final hidden state, from h0 [batch, hidden] (null for zeros). */
    public Output forward(Tensor x, Tensor h0) {
        return run(x, h0, null);
    }

    @Override
    protected Tensor[] step(Tensor xt, Tensor h, Tensor c) {
        Tensor hp = Functional.linear(h, weightHh, biasHh);
        Tensor r = gate(xt, 0).add(gate(hp, 0)).sigmoid(), z = gate(xt, 1).add(gate(hp, 1)).sigmoid();
        Tensor n = gate(xt, 2).add(r.mul(gate(hp, 2))).tanh();
        return new Tensor[]{n.sub(z.mul(n)).add(z.mul(h)), null};
    }
}
