package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * exp(x_i) / sum_j exp(x_j) along dim (the course's softmax neuron group, Proposition 2.6): each slice is a
 * probability distribution. Default dim -1 (the class scores of [N, classes]); output of the input's shape.
 */
public class Softmax extends Module {
    private final int dim;

    public Softmax() {
        this(-1);
    }

    public Softmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.softmax(x, dim);
    }

    @Override
    public String toString() {
        return "Softmax(dim " + dim + ")";
    }
}
