package org.neurite.nn;

import org.neurite.kernel.Gemm;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Fully connected layer y = x W^T + b (the course's f^j = W^T f^(j-1) with PyTorch's weight layout).
 * Input [N, in] (or [..., in]), output [N, out]; weight [out, in], bias [out]. Initialised as PyTorch does:
 * W and b uniform on [-1/sqrt(in), 1/sqrt(in)].
 */
public class Linear extends Module {
    private final int in, out;
    private final Tensor weight, bias;

    public Linear(int in, int out) {
        this(in, out, true, Init.splitDefault());
    }

    public Linear(int in, int out, Rng rng) {
        this(in, out, true, rng);
    }

    public Linear(int in, int out, boolean bias, Rng rng) {
        if (in < 1 || out < 1)
            throw new IllegalArgumentException("Linear: sizes must be positive, got in " + in + ", out " + out);
        this.in = in;
        this.out = out;
        this.weight = registerParameter("weight", Tensor.zeros(out, in));
        this.bias = bias ? registerParameter("bias", Tensor.zeros(out)) : null;
        Init.pytorchDefault(weight, this.bias, rng);
    }

    @Override
    public Tensor forward(Tensor x) {
        checkInput(x);
        return Functional.linear(x, weight, bias);
    }

    /** relu(forward(x)) as one op ({@link Functional#linearRelu}); {@link Sequential} calls it for Linear, ReLU. */
    Tensor forwardRelu(Tensor x) {
        checkInput(x);
        return Functional.linearRelu(x, weight, bias);
    }

    /**
     * forward(x), then relu when asked, written into out when it has exactly the result's size (else into a new
     * array), with gradients off: for {@link Sequential}'s inference, which hands an intermediate result's array to
     * the layer after next (see there). The same GEMM as {@link Functional#linear}, so the same values.
     */
    Tensor forwardNoGrad(Tensor x, boolean relu, float[] out) {
        checkInput(x);
        int n = x.numel() / in;
        float[] y = out != null && out.length == n * this.out ? out : new float[n * this.out];
        Gemm.sgemmBias(false, true, n, this.out, in, x.data(), 0, in, weight.data(), 0, in,
                bias == null ? null : bias.data(), 0, relu, y, 0, this.out);
        int[] shape = x.shape();
        shape[shape.length - 1] = this.out;
        return Tensor.wrap(y, shape);
    }

    /** Rejects inputs whose last dimension is not in, naming the layer and the shape it expected. */
    protected void checkInput(Tensor x) {
        if (x.dim() < 1 || x.size(-1) != in)
            throw new IllegalArgumentException(this + ": expected input [N, " + in + "], got " + Shape.str(x.shape()));
    }

    public Tensor weight() {
        return weight;
    }

    /** The bias, or null when built without one. */
    public Tensor bias() {
        return bias;
    }

    public int inFeatures() {
        return in;
    }

    public int outFeatures() {
        return out;
    }

    @Override
    public String toString() {
        return getClass().getSimpleName() + "(" + in + " -> " + out + ")";
    }
}
