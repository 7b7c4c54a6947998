package org.neurite.nn.loss;

import org.neurite.kernel.Elementwise;
import org.neurite.kernel.SoftmaxKernel;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Cross-entropy fused with log-softmax, one recorded op (the course's Definition 3.8 and Proposition 3.13).
 *
 * <p>For logits s [N, C] and targets t [N, C] (a distribution per row; class indices become one-hot rows):
 * L_i = -sum_j t_ij log softmax(s_i)_j = (sum_j t_ij) lse(s_i) - sum_j t_ij s_ij, with the log-sum-exp
 * lse(s_i) = m + log sum_j exp(s_ij - m), m = max_j s_ij, computed once per row. Its gradient is
 * dL_i/ds_ij = softmax(s_i)_j sum_k t_ik - t_ij, which for a distribution is the course's delta f^N - f*; the
 * reduction scales it (1/N for the mean). The backward is written with Tensor ops, so second-order gradients work.
 *
 * <p>Label smoothing eps (PyTorch's label_smoothing, Szegedy et al. 2016) replaces each target row by
 * (1 - eps) t_i + eps / C: the net is no longer pushed towards infinite logit margins, a regulariser.
 */
final class CrossEntropy {
    private CrossEntropy() {}

    static Tensor apply(Tensor logits, Tensor targets, Reduction reduction, double smoothing) {
        int[] ls = logits.shape(), ts = targets.shape();
        if (ls.length != 2)
            throw new IllegalArgumentException("crossEntropy: expected logits [N, C], got " + Shape.str(ls));
        int n = ls[0], c = ls[1];
        boolean indices = ts.length == 1;
        if (indices ? ts[0] != n : !java.util.Arrays.equals(ts, ls))
            throw new IllegalArgumentException("crossEntropy: logits " + Shape.str(ls) + " need targets [" + n
                    + "] (class indices) or " + Shape.str(ls) + " (probabilities), got " + Shape.str(ts));
        if (!(smoothing >= 0 && smoothing <= 1))
            throw new IllegalArgumentException("crossEntropy: label smoothing must be in [0, 1], got " + smoothing);
        Tensor hard = indices ? oneHot(targets, c) : targets;
        Tensor dense = smoothing > 0 ? hard.mul((float) (1 - smoothing)).add((float) (smoothing / c)) : hard;
        float[] s = logits.data(), t = dense.data(), loss = rowLosses(s, t, n, c);
        Tensor perExample = Tensor.wrap(loss, n);
        Tensor out = switch (reduction) {
            case MEAN -> Tensor.scalar(sum(loss) / n);
            case SUM -> Tensor.scalar(sum(loss));
            case NONE -> perExample;
        };
        boolean soft = !indices;
        return Autograd.record("crossEntropy", out, g -> {
            // Without createGraph (grad mode is off in the backward) the logits' gradient is one pass over the rows,
            // the same float operations as the Tensor ops below: no graph to record, and no five temporaries.
            if (!Autograd.isGradEnabled() && !(soft && targets.requiresGrad()))
                return new Tensor[]{logits.requiresGrad() ? logitsGrad(s, t, g.data(), reduction, n, c) : null, null};
            Tensor scale = switch (reduction) {
                case MEAN -> g.div((float) n);
                case SUM -> g;
                case NONE -> g.reshape(n, 1);
            };
            Tensor rowSum = dense.sum(1, true);
            Tensor gl = logits.requiresGrad() ? logits.softmax(1).mul(rowSum).sub(dense).mul(scale) : null;
            Tensor gt = soft && targets.requiresGrad()
                    ? logits.logSoftmax(1).mul((float) -(1 - smoothing)).mul(scale) : null;
            return new Tensor[]{gl, gt};
        }, logits, indices ? targets.detach() : targets);
    }

    /**
     * L_i = (sum_j t_ij) lse(s_i) - sum_j t_ij s_ij for each row. The loops live here, not in apply: a method whose
     * loops get hot is compiled by C2 on the spot (on-stack replacement) and again later, and with apply's other code
     * (checks, one-hot targets, the recorded node) those compiles took twice as long (JFR: 72 against 34 ms).
     */
    private static float[] rowLosses(float[] s, float[] t, int n, int c) {
        float[] loss = new float[n];
        for (int i = 0; i < n; i++) {
            int o = i * c;
            float m = Float.NEGATIVE_INFINITY;
            for (int j = 0; j < c; j++) m = Math.max(m, s[o + j]);
            double se = 0, tsum = 0, dot = 0;
            for (int j = 0; j < c; j++) {
                se += Math.exp(s[o + j] - m);
                tsum += t[o + j];
                if (t[o + j] != 0) dot += (double) t[o + j] * s[o + j];
            }
            loss[i] = (float) (tsum * (m + Math.log(se)) - dot);
        }
        return loss;
    }

    /**
     * (softmax(s_i)_j rowSum(t_i) - t_ij) scale_i for logits s and targets t [n, c], with the softmax of
     * {@code Tensor.softmax} and scale_i the gradient g of the reduced loss (g / n for the mean).
     */
    private static Tensor logitsGrad(float[] s, float[] t, float[] g, Reduction reduction, int n, int c) {
        float[] o = new float[n * c];
        SoftmaxKernel.forward(s, o, n, c, 1, false);
        for (int i = 0; i < n; i++) {
            int r = i * c;
            float scale = switch (reduction) {
                case MEAN -> g[0] / (float) n;
                case SUM -> g[0];
                case NONE -> g[i];
            };
            float rowSum = Elementwise.sum(t, r, c);
            for (int j = 0; j < c; j++) o[r + j] = (o[r + j] * rowSum - t[r + j]) * scale;
        }
        return Tensor.wrap(o, n, c);
    }

    private static float sum(float[] v) {
        double s = 0;
        for (float x : v) s += x;
        return (float) s;
    }

    /** Rows with 1 at each target index. */
    static Tensor oneHot(Tensor targets, int c) {
        float[] v = targets.data(), o = new float[v.length * c];
        for (int i = 0; i < v.length; i++) {
            int k = (int) v[i];
            if (k != v[i] || k < 0 || k >= c)
                throw new IllegalArgumentException("crossEntropy: target " + v[i] + " of example " + i
                        + " is not a class index in [0, " + c + ")");
            o[i * c + k] = 1f;
        }
        return Tensor.wrap(o, v.length, c);
    }
}
