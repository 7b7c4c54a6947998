package org.neurite.nn;

import org.neurite.kernel.Elementwise;
import org.neurite.kernel.Pool;
import org.neurite.kernel.Window2d;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Tensor;

/**
 * Differentiable max and average pooling over [n, c, h, w], recorded with {@link Autograd#record}. Both are linear
 * in their input once the max positions are fixed, so each backward is an op whose own backward is the forward
 * direction again: higher-order gradients through pooling are exact.
 */
final class PoolOps {
    private PoolOps() {}

    static Tensor maxPool2d(Tensor x, Window2d g) {
        int[] xs = x.shape();
        int planes = xs[0] * xs[1];
        float[] out = new float[planes * g.outPlane()];
        int[] argmax = new int[out.length];
        Pool.maxPoolForward(planes, g, x.data(), out, argmax);
        Tensor y = Tensor.wrap(out, xs[0], xs[1], g.oh(), g.ow());
        return Autograd.record("maxPool2d", y, gy -> new Tensor[]{maxUnpool(gy, argmax, xs, g)}, x);
    }

    /**
     * relu(maxPool(x)) as one op, the ReLU applied as each maximum is stored: the same values and gradients as the
     * two ops (max pooling commutes with the monotone ReLU), without the ReLU's pass and array. Backward: the output's
     * gradient where the output is positive, routed to the window's maximum, in one pass.
     */
    static Tensor maxPool2dRelu(Tensor x, Window2d g) {
        int[] xs = x.shape();
        int planes = xs[0] * xs[1];
        float[] out = new float[planes * g.outPlane()];
        int[] argmax = new int[out.length];
        Pool.maxPoolForward(planes, g, x.data(), out, argmax, true);
        Tensor y = Tensor.wrap(out, xs[0], xs[1], g.oh(), g.ow());
        return Autograd.record("maxPool2dRelu", y, gy -> new Tensor[]{maxUnpoolRelu(gy, y, argmax, xs, g)}, x);
    }

    /** The backward of {@link #maxPool2dRelu}: gy where y > 0, routed to the maxima. */
    private static Tensor maxUnpoolRelu(Tensor gy, Tensor y, int[] argmax, int[] xs, Window2d g) {
        int planes = xs[0] * xs[1];
        float[] out = new float[planes * g.inPlane()];
        Pool.maxPoolBackward(planes, g, gy.data(), argmax, y.data(), out);
        Tensor gx = Tensor.wrap(out, xs);
        return Autograd.record("maxPool2dReluBackward", gx,
                u -> new Tensor[]{maxGatherRelu(u, y, argmax, gy.shape(), g)}, gy);
    }

    /** The adjoint of {@link #maxUnpoolRelu} (for higher-order gradients): t at the maxima where y > 0, else 0. */
    private static Tensor maxGatherRelu(Tensor t, Tensor y, int[] argmax, int[] ys, Window2d g) {
        int planes = ys[0] * ys[1];
        float[] out = new float[planes * g.outPlane()], yd = y.data();
        Pool.maxPoolGather(planes, g, t.data(), argmax, out);
        Elementwise.reluBackward(out, 0, yd, 0, out, 0, out.length);
        int[] ts = t.shape();
        return Autograd.record("maxPool2dReluGather", Tensor.wrap(out, ys),
                u -> new Tensor[]{maxUnpoolRelu(u, y, argmax, ts, g)}, t);
    }

    /** Each gradient routed to its window's maximum (the backward of max pooling). */
    private static Tensor maxUnpool(Tensor gy, int[] argmax, int[] xs, Window2d g) {
        int planes = xs[0] * xs[1];
        float[] out = new float[planes * g.inPlane()];
        Pool.maxPoolBackward(planes, g, gy.data(), argmax, out);
        Tensor gx = Tensor.wrap(out, xs);
        return Autograd.record("maxPool2dBackward", gx, u -> new Tensor[]{maxGather(u, argmax, gy.shape(), g)}, gy);
    }

    /** The values at the recorded maxima (the adjoint of maxUnpool). */
    private static Tensor maxGather(Tensor t, int[] argmax, int[] ys, Window2d g) {
        int planes = ys[0] * ys[1];
        float[] out = new float[planes * g.outPlane()];
        Pool.maxPoolGather(planes, g, t.data(), argmax, out);
        int[] ts = t.shape();
        return Autograd.record("maxPool2dGather", Tensor.wrap(out, ys), u -> new Tensor[]{maxUnpool(u, argmax, ts, g)}, t);
    }

    static Tensor avgPool2d(Tensor x, Window2d g, boolean countIncludePad) {
        int[] xs = x.shape();
        int planes = xs[0] * xs[1];
        float[] out = new float[planes * g.outPlane()];
        Pool.avgPoolForward(planes, g, countIncludePad, x.data(), out);
        Tensor y = Tensor.wrap(out, xs[0], xs[1], g.oh(), g.ow());
        return Autograd.record("avgPool2d", y, gy -> new Tensor[]{avgPoolBackward(gy, xs, g, countIncludePad)}, x);
    }

    private static Tensor avgPoolBackward(Tensor gy, int[] xs, Window2d g, boolean countIncludePad) {
        int planes = xs[0] * xs[1];
        float[] out = new float[planes * g.inPlane()];
        Pool.avgPoolBackward(planes, g, countIncludePad, gy.data(), out);
        return Autograd.record("avgPool2dBackward", Tensor.wrap(out, xs),
                u -> new Tensor[]{avgPool2d(u, g, countIncludePad)}, gy);
    }
}
