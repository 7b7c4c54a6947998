package org.neurite.nn;

import java.util.Arrays;
import org.neurite.kernel.Window2d;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The layers as functions (torch.nn.functional): the module classes hold parameters and call these. All are
 * differentiable through the engine, to any order.
 *
 * <p>Image tensors are [N, C, H, W]; weights use PyTorch's layouts (linear [out, in], conv [out, in, kh, kw]).
 */
public final class Functional {
    private Functional() {}

    // ---------------------------------------------------------------- linear and convolution

    /** y = x W^T + b: x [..., in], w [out, in], b [out] or null; y [..., out]. */
    public static Tensor linear(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, false);
    }

    /**
     * relu(linear(x, w, b)) as one op ({@link Tensor#addmmRelu}): the same values and gradients, without a pass over
     * the output for the ReLU. {@code Sequential} uses it for a Linear layer directly followed by a ReLU.
     */
    public static Tensor linearRelu(Tensor x, Tensor w, Tensor b) {
        return linear(x, w, b, true);
    }

    private static Tensor linear(Tensor x, Tensor w, Tensor b, boolean relu) {
        int[] xs = x.shape(), ws = w.shape();
        if (ws.length != 2 || xs.length < 1 || xs[xs.length - 1] != ws[1])
            throw new IllegalArgumentException("linear: input " + Shape.str(xs) + " and weight " + Shape.str(ws)
                    + ": expected input [..., " + (ws.length == 2 ? ws[1] : "in") + "] for a weight [out, in]");
        Tensor x2 = xs.length == 2 ? x : x.reshape(-1, ws[1]);
        Tensor y = relu ? Tensor.addmmRelu(b, x2, w, false, true)
                : b != null ? Tensor.addmm(b, x2, w, false, true) : x2.matmul(w, false, true);
        if (xs.length == 2) return y;
        int[] ys = xs.clone();
        ys[ys.length - 1] = ws[0];
        return y.reshape(ys);
    }

    /**
     * 2-D cross-correlation (the course's Definition 2.5 and Remark 2.5): x [N, C, H, W], w [OC, C, kh, kw],
     * b [OC] or null, the same stride and zero padding in both dimensions; y [N, OC, OH, OW] with
     * OH = floor((H + 2 padding - kh) / stride) + 1.
     */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int stride, int padding) {
        return conv2d(x, w, b, stride, stride, padding, padding, padding, padding);
    }

    /** conv2d with padding "same" (stride 1; the output has the input's size; an even kernel pads one more after). */
    public static Tensor conv2dSame(Tensor x, Tensor w, Tensor b) {
        int[] ws = w.shape();
        if (ws.length != 4) throw new IllegalArgumentException("conv2d: weight " + Shape.str(ws) + " must be [OC, C, kh, kw]");
        int th = ws[2] - 1, tw = ws[3] - 1;
        return conv2d(x, w, b, 1, 1, th / 2, th - th / 2, tw / 2, tw - tw / 2);
    }

    /** The general form: strides per dimension and padding per side. */
    public static Tensor conv2d(Tensor x, Tensor w, Tensor b, int strideH, int strideW, int padTop, int padBottom,
                                int padLeft, int padRight) {
        int[] xs = x.shape(), ws = w.shape();
        if (ws.length != 4) throw new IllegalArgumentException("conv2d: weight " + Shape.str(ws) + " must be [OC, C, kh, kw]");
        if (xs.length != 4 || xs[1] != ws[1])
            throw new IllegalArgumentException("conv2d: expected input [N, " + ws[1] + ", H, W] for weight "
                    + Shape.str(ws) + ", got " + Shape.str(xs));
        if (b != null && !Arrays.equals(b.shape(), new int[]{ws[0]}))
            throw new IllegalArgumentException("conv2d: bias " + Shape.str(b.shape()) + " must be [" + ws[0] + "]");
        if (strideH < 1 || strideW < 1 || padTop < 0 || padBottom < 0 || padLeft < 0 || padRight < 0)
            throw new IllegalArgumentException("conv2d: stride must be >= 1 and padding >= 0, got stride " + strideH
                    + "x" + strideW + ", padding (" + padTop + ", " + padBottom + ", " + padLeft + ", " + padRight + ")");
        Window2d g = window("conv2d", xs, ws[2], ws[3], strideH, strideW, padTop, padBottom, padLeft, padRight);
        if (xs[0] == 0) return Tensor.zeros(0, ws[0], g.oh(), g.ow());
        return ConvOps.conv2d(x, w, b, g);
    }

    private static Window2d window(String op, int[] xs, int kh, int kw, int sh, int sw, int top, int bottom, int left,
                                   int right) {
        try {
            return Window2d.withPadding(xs[2], xs[3], kh, kw, sh, sw, top, bottom, left, right);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(op + ": input " + Shape.str(xs) + ": " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- pooling

    /** Max over each kernel x kernel window (Definition 2.7): x [N, C, H, W]; padding at most kernel / 2. */
    public static Tensor maxPool2d(Tensor x, int kernel, int stride, int padding) {
        Window2d g = poolWindow("maxPool2d", x, kernel, stride, padding);
        return PoolOps.maxPool2d(x, g);
    }

    /**
     * relu(maxPool2d(x)) as one op (equal to maxPool2d(relu(x)): max pooling commutes with the ReLU), the same values
     * and gradients without the ReLU's own pass; {@link Sequential} uses it for a ReLU next to a max pooling.
     */
    public static Tensor maxPool2dRelu(Tensor x, int kernel, int stride, int padding) {
        Window2d g = poolWindow("maxPool2d", x, kernel, stride, padding);
        return PoolOps.maxPool2dRelu(x, g);
    }

    /** Mean over each window; padded zeros count in the divisor (PyTorch's count_include_pad). */
    public static Tensor avgPool2d(Tensor x, int kernel, int stride, int padding) {
        Window2d g = poolWindow("avgPool2d", x, kernel, stride, padding);
        return PoolOps.avgPool2d(x, g, true);
    }

    /**
     * Power-average (L^p norm) pooling, PyTorch's lp_pool2d: y = (sum over the window of x^p)^(1/p); p = 2 is the
     * course's L2-norm pooling. No padding.
     */
    public static Tensor lpPool2d(Tensor x, double normType, int kernel, int stride) {
        if (!(normType > 0)) throw new IllegalArgumentException("lpPool2d: norm type must be > 0, got " + normType);
        Window2d g = poolWindow("lpPool2d", x, kernel, stride, 0);
        Tensor xp = normType == 2 ? x.square() : x.pow((float) normType);
        Tensor sums = PoolOps.avgPool2d(xp, g, true).mul((float) kernel * kernel);
        return normType == 2 ? sums.sqrt() : sums.pow((float) (1 / normType));
    }

    /**
     * Weighted-average pooling: y = sum over window positions (i, j) of weights[i][j] * x[..., i, j], the same
     * weights [kernel, kernel] for every channel (a depthwise convolution with one shared kernel).
     */
    public static Tensor weightedAvgPool2d(Tensor x, Tensor weights, int stride, int padding) {
        int[] xs = x.shape(), ws = weights.shape();
        if (ws.length != 2 || ws[0] != ws[1])
            throw new IllegalArgumentException("weightedAvgPool2d: weights " + Shape.str(ws) + " must be [k, k]");
        poolWindow("weightedAvgPool2d", x, ws[0], stride, padding);
        Tensor planes = x.reshape(xs[0] * xs[1], 1, xs[2], xs[3]);
        Tensor y = conv2d(planes, weights.reshape(1, 1, ws[0], ws[1]), null, stride, padding);
        return y.reshape(xs[0], xs[1], y.size(2), y.size(3));
    }

    private static Window2d poolWindow(String op, Tensor x, int kernel, int stride, int padding) {
        int[] xs = x.shape();
        if (xs.length != 4)
            throw new IllegalArgumentException(op + ": expected input [N, C, H, W], got " + Shape.str(xs));
        if (kernel < 1 || stride < 1 || padding < 0 || padding > kernel / 2)
            throw new IllegalArgumentException(op + ": kernel " + kernel + ", stride " + stride + ", padding " + padding
                    + ": need kernel >= 1, stride >= 1 and 0 <= padding <= kernel / 2");
        if (xs[0] * xs[1] == 0) throw new IllegalArgumentException(op + ": empty input " + Shape.str(xs));
        return window(op, xs, kernel, kernel, stride, stride, padding, padding, padding, padding);
    }

    // ---------------------------------------------------------------- normalisation and regularisation

    /**
     * Batch normalisation (the course's Definition 4.1): y = gamma_c (x - mu_c) / sqrt(sigma_c^2 + eps) + beta_c
     * per channel c (dimension 1 of x [N, C, ...]). In training mu and sigma^2 are the batch's mean and biased
     * variance over all dimensions but 1, and the running statistics are updated in place as
     * running = (1 - momentum) running + momentum batch, with the unbiased variance (PyTorch). In eval the running
     * statistics are used. gamma and beta may be null (no affine part); the running tensors may be null in training.
     */
    public static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                                   boolean training, double momentum, double eps) {
        return BatchNormOps.batchNorm(x, runningMean, runningVar, gamma, beta, training, momentum, eps);
    }

    /**
     * Inverted dropout: in training each value is zeroed with probability p and the survivors are divided by 1 - p,
     * so E[y] = x; in eval y = x. (The course's Definition 2.12 instead keeps units with probability p and scales
     * the weights by p at test time; the expectations agree. Here p is PyTorch's drop probability.)
     */
    public static Tensor dropout(Tensor x, double p, boolean training, Rng rng) {
        if (!(p >= 0 && p <= 1)) throw new IllegalArgumentException("dropout: p must be in [0, 1], got " + p);
        if (!training || p == 0) return x;
        float[] mask = new float[x.numel()];
        float scale = p == 1 ? 0f : (float) (1 / (1 - p));
        for (int i = 0; i < mask.length; i++) mask[i] = rng.nextDouble() < p ? 0f : scale;
        return x.mul(Tensor.wrap(mask, x.shape()));
    }

    // ---------------------------------------------------------------- activations

    public static Tensor relu(Tensor x) {
        return x.relu();
    }

    /** x for x > 0, slope * x otherwise. */
    public static Tensor leakyRelu(Tensor x, float slope) {
        return Tensor.where(x.gt(0f), x, x.mul(slope));
    }

    /** The course's sign (Proposition 2.2): 1 for x >= 0, -1 otherwise. Its gradient is 0 (where it exists). */
    public static Tensor sign(Tensor x) {
        return piecewiseConstant("sign", x, -1f);
    }

    /** The Heaviside step: 1 for x >= 0, 0 otherwise. Its gradient is 0 (where it exists). */
    public static Tensor step(Tensor x) {
        return piecewiseConstant("step", x, 0f);
    }

    private static Tensor piecewiseConstant(String op, Tensor x, float below) {
        float[] d = x.data(), o = new float[d.length];
        for (int i = 0; i < d.length; i++) o[i] = d[i] >= 0 ? 1f : d[i] < 0 ? below : Float.NaN;
        return Autograd.record(op, Tensor.wrap(o, x.shape()), g -> new Tensor[]{Tensor.zeros(x.shape())}, x);
    }

    public static Tensor tanh(Tensor x) {
        return x.tanh();
    }

    public static Tensor sigmoid(Tensor x) {
        return x.sigmoid();
    }

    public static Tensor softmax(Tensor x, int dim) {
        return x.softmax(dim);
    }

    public static Tensor logSoftmax(Tensor x, int dim) {
        return x.logSoftmax(dim);
    }

    // ---------------------------------------------------------------- lookups and shapes

    /** Rows of weight [num, dim] picked by integer-valued indices of any shape; y has shape indices.shape + [dim]. */
    public static Tensor embedding(Tensor indices, Tensor weight) {
        int num = weight.size(0);
        float[] v = indices.data();
        int[] idx = new int[v.length];
        for (int i = 0; i < v.length; i++) {
            idx[i] = (int) v[i];
            if (idx[i] != v[i] || idx[i] < 0 || idx[i] >= num)
                throw new IllegalArgumentException("embedding: index " + v[i] + " at position " + i
                        + " is not an integer in [0, " + num + ")");
        }
        int[] s = Arrays.copyOf(indices.shape(), indices.dim() + 1);
        s[s.length - 1] = weight.size(1);
        return weight.indexSelect(0, idx).reshape(s);
    }

    /** [N, d1, d2, ...] to [N, d1*d2*...]. */
    public static Tensor flatten(Tensor x) {
        if (x.dim() < 2) throw new IllegalArgumentException("flatten: expected input [N, ...], got " + Shape.str(x.shape()));
        return x.dim() == 2 ? x : x.flatten(1, -1);
    }
}
