package org.neurite.nn;

import java.util.ArrayList;
import java.util.List;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The common part of {@link RNN}, {@link LSTM} and {@link GRU}: one layer run over a sequence x [batch, time, input]
 * (PyTorch's batch_first layout), giving the hidden state at every step, output [batch, time, hidden], and the final
 * state. Parameters have PyTorch's names and layouts: weight_ih_l0 [gates*hidden, input], weight_hh_l0
 * [gates*hidden, hidden], bias_ih_l0 and bias_hh_l0 [gates*hidden], all initialised uniform on
 * [-1/sqrt(hidden), 1/sqrt(hidden)]. The input projections of all time steps are computed in one matrix product.
 * States are [batch, hidden] (PyTorch's have a leading layer dimension of 1); a missing initial state is zeros.
 */
public abstract class Recurrent extends Module {
    /**
     * The output sequence [batch, time, hidden], the final hidden state [batch, hidden], and for an LSTM the final
     * cell state (else null).
     */
    public record Output(Tensor output, Tensor hidden, Tensor cell) {}

    protected final int inputSize, hiddenSize;
    protected final Tensor weightIh, weightHh, biasIh, biasHh;

    protected Recurrent(int inputSize, int hiddenSize, int gates, Rng rng) {
        if (inputSize < 1 || hiddenSize < 1)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": sizes must be positive, got input "
                    + inputSize + ", hidden " + hiddenSize);
        this.inputSize = inputSize;
        this.hiddenSize = hiddenSize;
        double k = 1 / Math.sqrt(hiddenSize);
        weightIh = registerParameter("weight_ih_l0", Init.uniform(Tensor.zeros(gates * hiddenSize, inputSize), rng, -k, k));
        weightHh = registerParameter("weight_hh_l0", Init.uniform(Tensor.zeros(gates * hiddenSize, hiddenSize), rng, -k, k));
        biasIh = registerParameter("bias_ih_l0", Init.uniform(Tensor.zeros(gates * hiddenSize), rng, -k, k));
        biasHh = registerParameter("bias_hh_l0", Init.uniform(Tensor.zeros(gates * hiddenSize), rng, -k, k));
    }

    /** One step: from the input projection xt [batch, gates*hidden] and the state, the new {h, c}. */
    protected abstract Tensor[] step(Tensor xt, Tensor h, Tensor c);

    /** The output sequence [batch, time, hidden], starting from zero state. */
    @Override
    public Tensor forward(Tensor x) {
        return run(x, null, null).output();
    }

    /** Runs the sequence from the given states (null for zeros). */
    protected Output run(Tensor x, Tensor h0, Tensor c0) {
        int[] s = x.shape();
        if (s.length != 3 || s[2] != inputSize || s[1] < 1)
            throw new IllegalArgumentException(this + ": expected input [batch, time, " + inputSize + "] with time >= 1, got "
                    + Shape.str(s));
        int b = s[0], t = s[1];
        Tensor h = state("hidden", h0, b), c = state("cell", c0, b);
        Tensor xp = Functional.linear(x.reshape(b * t, inputSize), weightIh, biasIh).reshape(b, t, -1);
        List<Tensor> outs = new ArrayList<>(t);
        for (int i = 0; i < t; i++) {
            Tensor[] hc = step(xp.slice(1, i, i + 1).reshape(b, -1), h, c);
            h = hc[0];
            c = hc[1];
            outs.add(h);
        }
        return new Output(Tensor.stack(outs, 1), h, c);
    }

    private Tensor state(String what, Tensor given, int batch) {
        if (given == null) return Tensor.zeros(batch, hiddenSize);
        if (given.dim() == 3 && given.size(0) == 1) given = given.reshape(given.size(1), given.size(2));
        if (given.dim() != 2 || given.size(0) != batch || given.size(1) != hiddenSize)
            throw new IllegalArgumentException(this + ": initial " + what + " state must be [" + batch + ", " + hiddenSize
                    + "], got " + Shape.str(given.shape()));
        return given;
    }

    /** The part [k*hidden, (k+1)*hidden) of a gate vector [batch, gates*hidden]. */
    protected Tensor gate(Tensor g, int k) {
        return g.slice(1, k * hiddenSize, (k + 1) * hiddenSize);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + inputSize + " -> " + hiddenSize + ")";
    }
}
