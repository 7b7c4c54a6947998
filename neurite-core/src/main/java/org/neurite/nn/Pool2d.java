package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * What the square-window pooling layers share: the window geometry (kernel, stride defaulting to the kernel,
 * zero padding of at most half the kernel, as PyTorch allows), its validation and its description. Input
 * [N, C, H, W], output [N, C, OH, OW] with OH = floor((H + 2 padding - kernel) / stride) + 1. No parameters.
 */
abstract class Pool2d extends Module {
    protected final int kernel, stride, padding;

    Pool2d(int kernel, int stride, int padding) {
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2)
            throw new IllegalArgumentException(getClass().getSimpleName() + ": need kernel >= 1, stride >= 1, "
                    + "0 <= padding <= kernel / 2; got " + kernel + ", " + stride + ", " + padding);
        this.kernel = kernel;
        this.stride = stride;
        this.padding = padding;
    }

    /** The pooling itself, on a checked image batch. */
    abstract Tensor pool(Tensor x);

    @Override
    public final Tensor forward(Tensor x) {
        Checks.image(this, x);
        return pool(x);
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(kernel " + kernel + ", stride " + stride
                + (padding > 0 ? ", padding " + padding : "") + ")";
    }
}
