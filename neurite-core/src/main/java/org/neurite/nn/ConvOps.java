package org.neurite.nn;

import org.neurite.kernel.Conv2dKernel;
import org.neurite.kernel.Window2d;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Tensor;

/**
 * The differentiable 2-D convolution and its two gradient ops, each recorded with {@link Autograd#record}.
 *
 * <p>conv2d(x, w) is bilinear, and so are its gradients: the input gradient is a transposed convolution
 * convTranspose(g, w) and the weight gradient is convWeight(x, g). Each of the three ops has the other two
 * (and itself) as its backward, so the set is closed under differentiation and higher-order gradients
 * (Hessian-vector products through a CNN) are exact, not silently wrong.
 */
final class ConvOps {
    private ConvOps() {}

    /** y [n, oc, oh, ow] = x [n, c, h, w] (*) w [oc, c, kh, kw] + b [oc] (b may be null). */
    static Tensor conv2d(Tensor x, Tensor w, Tensor b, Window2d g) {
        int[] xs = x.shape(), ws = w.shape();
        int n = xs[0], c = xs[1], oc = ws[0];
        float[] out = new float[n * oc * g.outPlane()];
        Conv2dKernel.forward(n, c, oc, g, x.data(), w.data(), b == null ? null : b.data(), out);
        Tensor y = Tensor.wrap(out, n, oc, g.oh(), g.ow());
        Tensor[] in = b == null ? new Tensor[]{x, w} : new Tensor[]{x, w, b};
        return Autograd.record("conv2d", y, gy -> new Tensor[]{
                x.requiresGrad() ? convTranspose(gy, w, xs, g) : null,
                w.requiresGrad() ? convWeight(x, gy, ws, g) : null,
                b != null && b.requiresGrad() ? gy.sum(0, 2, 3) : null}, in);
    }

    /** The input gradient of conv2d: gx [n, c, h, w] = conv2d^T(gy [n, oc, oh, ow], w). Linear in gy and in w. */
    static Tensor convTranspose(Tensor gy, Tensor w, int[] xs, Window2d g) {
        int n = xs[0], c = xs[1], oc = w.shape()[0];
        float[] out = new float[n * c * g.inPlane()];
        Conv2dKernel.backwardInput(n, c, oc, g, gy.data(), w.data(), out);
        Tensor gx = Tensor.wrap(out, xs);
        // <convTranspose(gy, w), u> = <gy, conv2d(u, w)> = <conv2d(u, w), gy> as a function of w
        return Autograd.record("conv2dInputGrad", gx, u -> new Tensor[]{
                gy.requiresGrad() ? conv2d(u, w, null, g) : null,
                w.requiresGrad() ? convWeight(u, gy, w.shape(), g) : null}, gy, w);
    }

    /** The weight gradient of conv2d: gw [oc, c, kh, kw] = sum over the batch of gy (x) x. Linear in x and in gy. */
    static Tensor convWeight(Tensor x, Tensor gy, int[] ws, Window2d g) {
        int[] xs = x.shape();
        float[] out = new float[ws[0] * ws[1] * ws[2] * ws[3]];
        Conv2dKernel.backwardWeight(xs[0], xs[1], ws[0], g, x.data(), gy.data(), out);
        Tensor gw = Tensor.wrap(out, ws);
        // <convWeight(x, gy), v> = <conv2d(x, v), gy>: linear in x through convTranspose, in gy through conv2d
        return Autograd.record("conv2dWeightGrad", gw, v -> new Tensor[]{
                x.requiresGrad() ? convTranspose(gy, v, xs, g) : null,
                gy.requiresGrad() ? conv2d(x, v, null, g) : null}, x, gy);
    }
}
