package org.neurite.tensor;

import org.neurite.kernel.Elementwise;
import org.neurite.kernel.Parallel;
import org.neurite.kernel.Elementwise.Unary;

/** Elementwise functions of one tensor: forward kernels and derivatives side by side. */
final class Functions {
    private Functions() {}

    private static Tensor map(Unary op, Tensor x) {
        return new Tensor(Broadcast.unary(op, x.data), x.shape);
    }

    /** -x.  d/dx = -1. */
    static Tensor neg(Tensor x) {
        Tensor out = map(Unary.NEG, x);
        return Autograd.recording(x) ? out.record("neg", g -> new Tensor[]{g.neg()}, x) : out;
    }

    /** e^x.  d/dx = e^x (the output itself). */
    static Tensor exp(Tensor x) {
        Tensor out = map(Unary.EXP, x);
        return Autograd.recording(x) ? out.record("exp", g -> new Tensor[]{g.mul(out)}, x) : out;
    }

    /** ln x.  d/dx = 1/x. */
    static Tensor log(Tensor x) {
        Tensor out = map(Unary.LOG, x);
        return Autograd.recording(x) ? out.record("log", g -> new Tensor[]{g.div(x)}, x) : out;
    }

    /** sqrt x.  d/dx = 1/(2 sqrt x). */
    static Tensor sqrt(Tensor x) {
        Tensor out = map(Unary.SQRT, x);
        return Autograd.recording(x) ? out.record("sqrt", g -> new Tensor[]{g.div(out.mul(2f))}, x) : out;
    }

    /** |x|.  d/dx = sign(x) (0 at 0, as PyTorch). */
    static Tensor abs(Tensor x) {
        Tensor out = map(Unary.ABS, x);
        return Autograd.recording(x) ? out.record("abs", g -> new Tensor[]{g.mul(x.sign())}, x) : out;
    }

    /** sign(x) in {-1, 0, 1}.  d/dx = 0. */
    static Tensor sign(Tensor x) {
        Tensor out = map(Unary.SIGN, x);
        return Autograd.recording(x) ? out.record("sign", g -> new Tensor[]{Tensor.zeros(x.shape)}, x) : out;
    }

    /** tanh x.  d/dx = 1 - tanh^2 x. */
    static Tensor tanh(Tensor x) {
        Tensor out = map(Unary.TANH, x);
        return Autograd.recording(x) ? out.record("tanh", g -> new Tensor[]{g.mul(out.mul(out).neg().add(1f))}, x) : out;
    }

    /** sigma(x) = 1 / (1 + e^-x).  d/dx = sigma(x) (1 - sigma(x)). */
    static Tensor sigmoid(Tensor x) {
        Tensor out = map(Unary.SIGMOID, x);
        return Autograd.recording(x) ? out.record("sigmoid", g -> new Tensor[]{g.mul(out.mul(out.neg().add(1f)))}, x) : out;
    }

    /** max(0, x).  d/dx = 1 for x > 0, else 0. */
    static Tensor relu(Tensor x) {
        Tensor out = map(Unary.RELU, x);
        return Autograd.recording(x) ? out.record("relu", g -> new Tensor[]{reluBackward(g, x)}, x) : out;
    }

    /**
     * g where x > 0, else 0, in one pass (instead of building a mask and multiplying). Linear in g; its own
     * derivative with respect to x is zero almost everywhere, so higher-order gradients stay exact.
     */
    static Tensor reluBackward(Tensor g, Tensor x) {
        float[] gd = g.data, xd = x.data, o = new float[xd.length];
        if (o.length < Broadcast.PARALLEL_THRESHOLD) Elementwise.reluBackward(gd, 0, xd, 0, o, 0, o.length);
        else Parallel.forRange(o.length, Broadcast.PARALLEL_THRESHOLD / 2,
                (from, to) -> Elementwise.reluBackward(gd, from, xd, from, o, from, to - from));
        Tensor out = new Tensor(o, x.shape);
        return Autograd.recording(g) ? out.record("reluBackward", gg -> new Tensor[]{reluBackward(gg, x)}, g) : out;
    }

    /** min(max(x, lo), hi).  d/dx = 1 inside [lo, hi], else 0. */
    static Tensor clamp(Tensor x, float lo, float hi) {
        if (lo > hi) throw new IllegalArgumentException("clamp: min " + lo + " is greater than max " + hi);
        float[] o = new float[x.data.length];
        Elementwise.clamp(x.data, 0, lo, hi, o, 0, o.length);
        Tensor out = new Tensor(o, x.shape);
        if (!Autograd.recording(x)) return out;
        return out.record("clamp", g -> {
            float[] m = new float[x.data.length];
            for (int i = 0; i < m.length; i++) m[i] = x.data[i] >= lo && x.data[i] <= hi ? 1f : 0f;
            return new Tensor[]{g.mul(new Tensor(m, x.shape))};
        }, x);
    }
}
