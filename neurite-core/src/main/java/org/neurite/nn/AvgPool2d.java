package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * Average pooling (the course's Definition 2.7): each output is the mean of its kernel x kernel window (padded
 * zeros count, as PyTorch's default). Input [N, C, H, W], output [N, C, OH, OW],
 * OH = floor((H + 2 padding - kernel) / stride) + 1. No parameters.
 */
public class AvgPool2d extends Module {
    private final int kernel, stride, padding;

    public AvgPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public AvgPool2d(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    public AvgPool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2)
            throw new IllegalArgumentException("AvgPool2d: need kernel >= 1, stride >= 1, 0 <= padding <= kernel / 2; got "
                    + kernel + ", " + stride + ", " + padding);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(Tensor x) {
        Checks.image(this, x);
        return Functional.avgPool2d(x, kernel, stride, padding);
    }

    @Override
    public String toString() {
        return "AvgPool2d(kernel " + kernel + ", stride " + stride + (padding > 0 ? ", padding " + padding : "") + ")";
    }
}
