package org.neurite.nn;

import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * Dropout (the course's Definition 2.12), inverted: in training each value is set to 0 with probability p and the
 * survivors are scaled by 1/(1 - p), so the expected output equals the input; in eval it is the identity.
 *
 * <p>Here p is the drop probability (PyTorch's convention). The course writes p for the probability of keeping a
 * unit and, instead of scaling during training, multiplies the weights by p at test time. Both give the same
 * expected pre-activation: course: E[train] = p W x = test; inverted: E[train] = W x = test. Inverted dropout keeps
 * eval free of any rescaling, which is why frameworks use it. Any shape in, the same shape out; no parameters.
 * Masks are drawn from the layer's Rng (a split of {@link Init#defaultRng()} unless one is given).
 */
public class Dropout extends Module {
    private final double p;
    private final Rng rng;

    public Dropout(double p) {
        this(p, Init.splitDefault());
    }

    public Dropout(double p, Rng rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("Dropout: p must be in [0, 1], got " + p);
        this.p = p;
        this.rng = registerGenerator("rng", rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.dropout(x, p, isTraining(), rng);
    }

    /** The drop probability. */
    public double p() {
        return p;
    }

    @Override
    public String toString() {
        return "Dropout(p " + p + ")";
    }
}
