package org.neurite.train.models;

import org.neurite.nn.Module;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Global average pooling, the head of a ResNet: each channel's mean over all positions,
 * y[n][c] = (1 / HW) sum_{i,j} x[n][c][i][j]. Input [N, C, H, W], output [N, C]. No parameters.
 */
public final class GlobalAvgPool2d extends Module {
    @Override
    public Tensor forward(Tensor x) {
        if (x.dim() != 4)
            throw new IllegalArgumentException("GlobalAvgPool2d: expected input [N, C, H, W], got " + Shape.str(x.shape()));
        return x.mean(2, 3);
    }

    @Override
    public String toString() {
        return "GlobalAvgPool2d()";
    }
}
