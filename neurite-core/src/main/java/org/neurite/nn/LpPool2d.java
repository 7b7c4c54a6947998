package org.neurite.nn;

import org.neurite.tensor.Tensor;

/**
 * Power-average pooling: y = (sum over the window of x^p)^(1/p); with p = 2 this is the course's L2-norm pooling
 * (Definition 2.7), and as p grows it approaches max pooling (of |x|). As PyTorch's LPPool2d: input
 * [N, C, H, W], output [N, C, OH, OW], stride defaults to the kernel size, no padding. For p other than an even
 * integer, inputs should be non-negative (x^p is NaN for negative x), as after a ReLU.
 */
public class LpPool2d extends Module {
    private final double normType;
    private final int kernel, stride;

    public LpPool2d(double normType, int kernel) {
        this(normType, kernel, kernel);
    }

    public LpPool2d(double normType, int kernel, int stride) {
        if (!(normType > 0) || kernel < 1 || stride < 1)
            throw new IllegalArgumentException("LpPool2d: need p > 0, kernel >= 1, stride >= 1; got " + normType + ", "
                    + kernel + ", " + stride);
        this.normType = normType;
        this.kernel = kernel;
        this.stride = stride;
    }

    @Override
    public Tensor forward(Tensor x) {
        Checks.image(this, x);
        return Functional.lpPool2d(x, normType, kernel, stride);
    }

    @Override
    public String toString() {
        return "LpPool2d(p " + normType + ", kernel " + kernel + ", stride " + stride + ")";
    }
}
