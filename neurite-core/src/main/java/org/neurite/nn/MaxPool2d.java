package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * Max pooling (the course's Definition 2.7): each output is the largest input of its kernel x kernel window.
 * Input [N, C, H, W], output [N, C, OH, OW], OH = floor((H + 2 padding - kernel) / stride) + 1; the stride
 * defaults to the kernel size. Windows may overlap (stride < kernel). No parameters.
 */
public class MaxPool2d extends Pool2d {
    public MaxPool2d(int kernel) {
        this(kernel, kernel, 0);
    }

    public MaxPool2d(int kernel, int stride) {
        this(kernel, stride, 0);
    }

    public MaxPool2d(int kernel, int stride, int padding) {
        super(kernel, stride, padding);
    }

    @Override
    Tensor pool(Tensor x) {
        return Functional.maxPool2d(x, kernel, stride, padding);
    }

    /** relu(forward(x)) as one op ({@link Functional#maxPool2dRelu}); {@link Sequential} calls it. */
    Tensor forwardRelu(Tensor x) {
        Checks.image(this, x);
        return Functional.maxPool2dRelu(x, kernel, stride, padding);
    }
}
