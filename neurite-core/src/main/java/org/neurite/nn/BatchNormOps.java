package org.neurite.nn;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurite.kernel.BatchNormKernel;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Batch normalisation as one differentiable op (the course's Definition 4.1): forward and backward are fused kernels
 * ({@link BatchNormKernel}) instead of the dozen tensor ops of the textbook formula, which {@link #composed} keeps as
 * the oracle. When the backward itself is being recorded (createGraph, for Hessians through a network) the gradient
 * is written with tensor ops instead, so higher derivatives stay exact.
 */
final class BatchNormOps {
    private BatchNormOps() {}

    /** See {@link Functional#batchNorm}. */
    static Tensor batchNorm(Tensor x, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                            boolean training, double momentum, double eps) {
        int[] xs = x.shape();
        if (xs.length < 2) throw new IllegalArgumentException("batchNorm: expected input [N, C, ...], got " + Shape.str(xs));
        int n = xs[0], c = xs[1], plane = c == 0 || n == 0 ? 0 : x.numel() / (n * c);
        checkChannels("weight", gamma, c, xs);
        checkChannels("bias", beta, c, xs);
        checkChannels("running_mean", runningMean, c, xs);
        checkChannels("running_var", runningVar, c, xs);
        if (!training && (runningMean == null || runningVar == null))
            throw new IllegalStateException("batchNorm: eval mode needs running statistics");
        if (training && (long) n * plane < 2)
            throw new IllegalArgumentException("batchNorm: training needs more than one value per channel, got input "
                    + Shape.str(xs));
        if (x.numel() == 0) return composed(x, runningMean, runningVar, gamma, beta, training, momentum, eps);
        if (!training && Autograd.isRecording(inputs(x, gamma, beta)))
            return composed(x, runningMean, runningVar, gamma, beta, false, momentum, eps); // rare: grads in eval mode

        float[] mean, var;
        if (training) {
            mean = new float[c];
            var = new float[c];
            BatchNormKernel.stats(n, c, plane, x.data(), mean, var);
            if (runningMean != null && runningVar != null) updateRunning(runningMean, runningVar, mean, var, momentum,
                    (double) n * plane);
        } else {
            mean = runningMean.data();
            var = runningVar.data();
        }
        float[] invstd = new float[c], a = new float[c], b = new float[c];
        for (int ch = 0; ch < c; ch++) {
            invstd[ch] = (float) (1 / Math.sqrt(var[ch] + eps));
            a[ch] = (gamma == null ? 1f : gamma.data()[ch]) * invstd[ch];
            b[ch] = (beta == null ? 0f : beta.data()[ch]) - mean[ch] * a[ch];
        }
        float[] y = new float[x.numel()];
        BatchNormKernel.affine(n, c, plane, x.data(), a, b, y);
        Tensor out = Tensor.wrap(y, xs);
        if (!training) return out;
        Tensor[] in = inputs(x, gamma, beta);
        return Autograd.record("batchNorm", out, gy -> Autograd.isGradEnabled()
                ? composedBackward(x, gamma, beta, gy, eps)
                : fusedBackward(x, gamma, beta, gy, mean, invstd), in);
    }

    /** The kernel gradients, in the order of {@link #inputs}. */
    private static Tensor[] fusedBackward(Tensor x, Tensor gamma, Tensor beta, Tensor gy, float[] mean, float[] invstd) {
        int[] xs = x.shape();
        int n = xs[0], c = xs[1], plane = x.numel() / (n * c);
        float[] gx = x.requiresGrad() ? new float[x.numel()] : null, dgamma = new float[c], dbeta = new float[c];
        BatchNormKernel.backward(n, c, plane, x.data(), gy.data(), mean, invstd, gamma == null ? null : gamma.data(),
                gx, dgamma, dbeta);
        List<Tensor> out = new ArrayList<>(3);
        out.add(gx == null ? null : Tensor.wrap(gx, xs));
        if (gamma != null) out.add(gamma.requiresGrad() ? Tensor.wrap(dgamma, c) : null);
        if (beta != null) out.add(beta.requiresGrad() ? Tensor.wrap(dbeta, c) : null);
        return out.toArray(Tensor[]::new);
    }

    /**
     * The same gradients as tensor ops of x, gamma and gy (so they can be differentiated again):
     * dx = (gxhat - mean(gxhat) - xhat mean(gxhat xhat)) / std with gxhat = gamma gy.
     */
    private static Tensor[] composedBackward(Tensor x, Tensor gamma, Tensor beta, Tensor gy, double eps) {
        int[] dims = reducedDims(x.dim()), bshape = channelShape(x.shape());
        Tensor centered = x.sub(x.mean(dims, true));
        Tensor std = centered.square().mean(dims, true).add((float) eps).sqrt();
        Tensor xhat = centered.div(std);
        List<Tensor> out = new ArrayList<>(3);
        if (x.requiresGrad()) {
            Tensor gxhat = gamma == null ? gy : gy.mul(gamma.reshape(bshape));
            out.add(gxhat.sub(gxhat.mean(dims, true)).sub(xhat.mul(gxhat.mul(xhat).mean(dims, true))).div(std));
        } else {
            out.add(null);
        }
        if (gamma != null) out.add(gamma.requiresGrad() ? gy.mul(xhat).sum(dims) : null);
        if (beta != null) out.add(beta.requiresGrad() ? gy.sum(dims) : null);
        return out.toArray(Tensor[]::new);
    }

    /**
     * The textbook formula as tensor ops: centre, divide by sqrt(var + eps), scale by gamma, shift by beta, with the
     * batch's statistics in training (and the running ones updated) or the running ones in eval.
     */
    static Tensor composed(Tensor x, Tensor runningMean, Tensor runningVar, Tensor gamma, Tensor beta,
                           boolean training, double momentum, double eps) {
        int[] dims = reducedDims(x.dim()), bshape = channelShape(x.shape());
        Tensor centered, var;
        if (training) {
            Tensor mean = x.mean(dims, true);
            centered = x.sub(mean);
            var = centered.square().mean(dims, true);
            if (runningMean != null && runningVar != null)
                updateRunning(runningMean, runningVar, mean.data(), var.data(), momentum, x.numel() / (double) x.size(1));
        } else {
            centered = x.sub(runningMean.detach().reshape(bshape));
            var = runningVar.detach().reshape(bshape);
        }
        Tensor y = centered.div(var.add((float) eps).sqrt());
        if (gamma != null) y = y.mul(gamma.reshape(bshape));
        if (beta != null) y = y.add(beta.reshape(bshape));
        return y;
    }

    /** running = (1 - momentum) running + momentum batch, the variance unbiased (count / (count - 1)), as PyTorch. */
    private static void updateRunning(Tensor runningMean, Tensor runningVar, float[] mean, float[] var, double momentum,
                                      double count) {
        float m = (float) momentum, unbias = (float) (count / (count - 1));
        float[] rm = runningMean.data(), rv = runningVar.data();
        for (int i = 0; i < rm.length; i++) {
            rm[i] = (1 - m) * rm[i] + m * mean[i];
            rv[i] = (1 - m) * rv[i] + m * var[i] * unbias;
        }
    }

    private static Tensor[] inputs(Tensor x, Tensor gamma, Tensor beta) {
        List<Tensor> in = new ArrayList<>(3);
        in.add(x);
        if (gamma != null) in.add(gamma);
        if (beta != null) in.add(beta);
        return in.toArray(Tensor[]::new);
    }

    private static void checkChannels(String name, Tensor t, int c, int[] xs) {
        if (t != null && t.numel() != c)
            throw new IllegalArgumentException("batchNorm: " + name + " has " + t.numel() + " values for input "
                    + Shape.str(xs) + " with C = " + c);
    }

    /** Every dimension but the channels (1). */
    private static int[] reducedDims(int rank) {
        int[] dims = new int[rank - 1];
        for (int i = 0, k = 0; i < rank; i++) if (i != 1) dims[k++] = i;
        return dims;
    }

    /** [1, C, 1, ...] for broadcasting per-channel values against x. */
    private static int[] channelShape(int[] xs) {
        int[] s = new int[xs.length];
        Arrays.fill(s, 1);
        s[1] = xs[1];
        return s;
    }
}
