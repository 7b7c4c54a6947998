package org.neurite.nn;

import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/** Input checks shared by the layers, so every error names the layer and the shape it expected. */
final class Checks {
    private Checks() {}

    static void image(Module layer, Tensor x) {
        if (x.dim() != 4)
            throw new IllegalArgumentException(layer + ": expected input [N, C, H, W], got " + Shape.str(x.shape()));
    }

    static void rank(Module layer, Tensor x, int rank, String expected) {
        if (x.dim() != rank)
            throw new IllegalArgumentException(layer + ": expected input " + expected + ", got " + Shape.str(x.shape()));
    }

    static void minRank(Module layer, Tensor x, int rank, String expected) {
        if (x.dim() < rank)
            throw new IllegalArgumentException(layer + ": expected input " + expected + ", got " + Shape.str(x.shape()));
    }
}
