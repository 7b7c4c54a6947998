package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * Average pooling (the course's Definition 2.7): each output is the mean of its kernel x kernel window (padded
 * zeros count, as PyTorch's default). Input [N, C, H, W], output [N, C, OH, OW],
 * OH = floor((H + 2 padding - kernel) / stride) + 1. No parameters.
 */
public class AvgPool2d extends Pool2d {
    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public AvgPool2d(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    Tensor pool(Tensor x) {
        return Functional.avgPool2d(x, kernel, stride, padding);
    }
}
