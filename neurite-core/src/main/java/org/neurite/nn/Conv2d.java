package org.neurite.nn;

import org.neurite.tensor.Rng;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * 2-D convolution layer (the course's Definitions 2.5 and 2.6; it computes cross-correlation, Remark 2.5):
 * out[n][o] = b[o] + sum_c x[n][c] (*) W[o][c]. Input [N, in, H, W], output [N, out, OH, OW] with
 * OH = floor((H + 2 padding - k) / stride) + 1. Weight [out, in, k, k], bias [out], initialised as PyTorch does
 * (uniform on [-1/sqrt(in k^2), 1/sqrt(in k^2)]).
 *
 * <pre>{@code new Conv2d(1, 32, 5).padding(2)   // 28x28 in, 28x28 out; or .padding("same"); .stride(2)}</pre>
 */
public class Conv2d extends Module {
    private final int in, out, kernel;
    private final Tensor weight, bias;
    private int stride = 1, padding = 0;
    private boolean same;

    public Conv2d(int in, int out, int kernel) {
        this(in, out, kernel, true, Init.splitDefault());
    }

    public Conv2d(int in, int out, int kernel, Rng rng) {
        this(in, out, kernel, true, rng);
    }

    public Conv2d(int in, int out, int kernel, boolean bias, Rng rng) {
        if (in < 1 || out < 1 || kernel < 1)
            throw new IllegalArgumentException("Conv2d: channels and kernel must be positive, got in " + in + ", out "
                    + out + ", kernel " + kernel);
        this.in = in;
        this.out = out;
        this.kernel = kernel;
        this.weight = registerParameter("weight", Tensor.zeros(out, in, kernel, kernel));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(out)) : null;
        Init.pytorchDefault(weight, this.bias, rng);
    }

    /** Sets the stride (default 1); returns this. */
    public Conv2d stride(int stride) {
        if (stride < 1) throw new IllegalArgumentException(this + ": stride must be >= 1, got " + stride);
        if (same && stride != 1) throw new IllegalArgumentException(this + ": padding \"same\" needs stride 1");
        this.stride = stride;
        return this;
    }

    /** Sets zero padding on every side (default 0); returns this. */
    public Conv2d padding(int padding) {
        if (padding < 0) throw new IllegalArgumentException(this + ": padding must be >= 0, got " + padding);
        this.padding = padding;
        this.same = false;
        return this;
    }

    /**
     * padding("same"): zero padding that keeps the output size equal to the input size (stride 1 only); an even
     * kernel gets the extra row and column after the image, as in PyTorch. padding("valid") is padding 0.
     */
    public Conv2d padding(String mode) {
        switch (mode) {
            case "same" -> {
                if (stride != 1) throw new IllegalArgumentException(this + ": padding \"same\" needs stride 1, not " + stride);
                same = true;
            }
            case "valid" -> padding(0);
            default -> throw new IllegalArgumentException(this + ": padding must be \"same\" or \"valid\", got \"" + mode + "\"");
        }
        return this;
    }

    @Override
    public Tensor forward(Tensor x) {
        int[] s = x.shape();
        if (s.length != 4 || s[1] != in)
            throw new IllegalArgumentException(this + ": expected input [N, " + in + ", H, W], got " + Shape.str(s)
                    + (s.length == 2 ? " (a flat batch: reshape it to [N, " + in + ", H, W] first)" : ""));
        int eff = same ? kernel : kernel - 2 * padding;
        if (s[2] < eff || s[3] < eff)
            throw new IllegalArgumentException(this + ": input " + Shape.str(s) + " is smaller than the kernel "
                    + kernel + "x" + kernel + " with padding " + padding);
        return same ? Functional.conv2dSame(x, weight, bias) : Functional.conv2d(x, weight, bias, stride, padding);
    }

    public Tensor weight() {
        return weight;
    }

    public Tensor bias() {
        return bias;
    }

    public int getStride() {
        return stride;
    }

    public int getPadding() {
        return padding;
    }

    @Override
    public String toString() {
        return "Conv2d(" + in + " -> " + out + ", kernel " + kernel + "x" + kernel
                + (stride != 1 ? ", stride " + stride : "")
                + (same ? ", padding same" : padding != 0 ? ", padding " + padding : "") + ")";
    }
}
