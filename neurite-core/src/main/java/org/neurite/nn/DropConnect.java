package org.neurite.nn;

import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * A Linear layer with DropConnect (the course's Definition 2.13; Wan et al. 2013): in each training forward pass
 * every individual weight is dropped (set to 0) independently with probability p, so
 * y = x (M * W)^T + b with M_ij ~ Bernoulli(1 - p); the bias is not dropped. In eval the layer uses the expected
 * weights E[M * W] = (1 - p) W, just as the course's Dropout scales weights at test time.
 *
 * <p>p is the drop probability, as in {@link Dropout}; the course's p (the keep probability) is 1 - p here.
 * Input [N, in], output [N, out]; parameters weight [out, in] and bias [out] named as in {@link Linear}.
 */
public class DropConnect extends Linear {
    private final double p;
    private final Rng rng;

    public DropConnect(int in, int out, double p) {
        this(in, out, p, Init.splitDefault());
    }

    /** The same Rng initialises the weights and then draws the masks. */
    public DropConnect(int in, int out, double p, Rng rng) {
        super(in, out, true, rng);
        if (!(p >= 0 && p < 1)) throw new IllegalArgumentException("DropConnect: p must be in [0, 1), got " + p);
        this.p = p;
        this.rng = registerGenerator("rng", rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        Tensor w = weight();
        if (!isTraining()) return Functional.linear(x, w.mul((float) (1 - p)), bias());
        float[] mask = new float[w.numel()];
        for (int i = 0; i < mask.length; i++) mask[i] = rng.nextDouble() < p ? 0f : 1f;
        return Functional.linear(x, w.mul(Tensor.wrap(mask, w.shape())), bias());
    }

    @Override
    public String toString() {
        return "DropConnect(" + inFeatures() + " -> " + outFeatures() + ", p " + p + ")";
    }
}
