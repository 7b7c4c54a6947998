package org.neurite.nn;

import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * A lookup table: row i of weight [num, dim] for each integer-valued index i. Indices of any shape (as float values,
 * like class labels) give [..., dim]. The weight is initialised N(0, 1), as PyTorch does; gradients reach only the
 * rows that were looked up.
 */
public class Embedding extends Module {
    private final int num, dim;
    private final Tensor weight;

    public Embedding(int num, int dim) {
        this(num, dim, Init.splitDefault());
    }

    public Embedding(int num, int dim, Rng rng) {
        if (num < 1 || dim < 1)
            throw new IllegalArgumentException("Embedding: sizes must be positive, got " + num + ", " + dim);
        this.num = num;
        this.dim = dim;
        weight = registerParameter("weight", Init.normal(Tensor.zeros(num, dim), rng, 0, 1));
    }

    @Override
    public Tensor forward(Tensor indices) {
        return Functional.embedding(indices, weight);
    }

    public Tensor weight() {
        return weight;
    }

    @Override
    public String toString() {
        return "Embedding(" + num + ", " + dim + ")";
    }
}
