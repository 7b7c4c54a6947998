package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * Max pooling (the course's Definition 2.7): each output is the largest input of its kernel x kernel window.
 * Input [N, C, H, W], output [N, C, OH, OW], OH = floor((H + 2 padding - kernel) / stride) + 1; the stride
 * defaults to the kernel size. Windows may overlap (stride < kernel). No parameters.
 */
public class MaxPool2d extends Module {
    private final int kernel, stride, padding;

    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2)
            throw new IllegalArgumentException("MaxPool2d: need kernel >= 1, stride >= 1, 0 <= padding <= kernel / 2; got "
                    + kernel + ", " + stride + ", " + padding);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    @Override
    public Tensor forward(Tensor x) {
        Checks.image(this, x);
        return Functional.maxPool2d(x, kernel, stride, padding);
    }

    @Override
    public String toString() {
        return "MaxPool2d(kernel " + kernel + ", stride " + stride + (padding > 0 ? ", padding " + padding : "") + ")";
    }
}
