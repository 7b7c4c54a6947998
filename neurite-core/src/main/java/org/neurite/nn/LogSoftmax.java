package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * log(softmax(x)) along dim, computed stably; pair it with Losses.nll (or use Losses.crossEntropy on the logits).
 * Default dim -1 (the class scores of [N, classes]); output of the input's shape.
 */
public class LogSoftmax extends Module {
    private final int dim;

    public LogSoftmax() {
        this(-1);
    }

    public LogSoftmax(int dim) {
        this.dim = dim;
    }

    @Override
    public Tensor forward(Tensor x) {
        return Functional.logSoftmax(x, dim);
    }

    @Override
    public String toString() {
        return "LogSoftmax(dim " + dim + ")";
    }
}
