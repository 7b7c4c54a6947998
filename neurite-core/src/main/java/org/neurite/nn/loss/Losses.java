package org.neurite.nn.loss;

import java.util.Arrays;
import java.util.Collection;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Cost functions (the course's Definition 3.1 and Section 3.5) and the L1/L2 penalty terms (Definitions 2.10, 2.11).
 * Each loss computes per-example losses L_i and reduces them with a {@link Reduction} (MEAN, the empirical risk, by
 * default). Targets never receive gradients except soft cross-entropy targets and regression targets that ask for them.
 *
 * <pre>{@code
 * Tensor loss = Losses.crossEntropy(logits, labels);     // logits [N, C], labels [N] holding class indices
 * }</pre>
 */
public final class Losses {
    private Losses() {}

    // ---------------------------------------------------------------- classification

    /**
     * Cross-entropy of softmax(logits) against targets (Definition 3.8), fused with log-softmax: logits [N, C];
     * targets [N] of class indices (as float values) or [N, C] of probabilities (soft targets, for distillation).
     * The gradient with respect to the logits is exactly (softmax(logits) - targets) / N for the mean.
     */
    public static Tensor crossEntropy(Tensor logits, Tensor targets) {
        return CrossEntropy.apply(logits, targets, Reduction.MEAN, 0);
    }

    public static Tensor crossEntropy(Tensor logits, Tensor targets, Reduction reduction) {
        return CrossEntropy.apply(logits, targets, reduction, 0);
    }

    /**
     * Cross-entropy against label-smoothed targets: each target row t becomes (1 - eps) t + eps / C, C the number of
     * classes (PyTorch's {@code label_smoothing}); eps in [0, 1].
     */
    public static Tensor crossEntropy(Tensor logits, Tensor targets, Reduction reduction, double labelSmoothing) {
        return CrossEntropy.apply(logits, targets, reduction, labelSmoothing);
    }

    /** Negative log-likelihood: L_i = -logProbs[i][targets_i], for log-probabilities [N, C] and class indices [N]. */
    public static Tensor nll(Tensor logProbs, Tensor targets) {
        return nll(logProbs, targets, Reduction.MEAN);
    }

    public static Tensor nll(Tensor logProbs, Tensor targets, Reduction reduction) {
        int[] ls = logProbs.shape(), ts = targets.shape();
        if (ls.length != 2 || ts.length != 1 || ts[0] != ls[0])
            throw new IllegalArgumentException("nll: expected log-probabilities [N, C] and class indices [N], got "
                    + Shape.str(ls) + " and " + Shape.str(ts));
        CrossEntropy.oneHot(targets, ls[1]); // validates the indices with a clear message
        return reduction.apply(logProbs.gather(1, targets.detach().reshape(ls[0], 1)).reshape(ls[0]).neg());
    }

    /**
     * Stable binary cross-entropy on logits x with targets t in [0, 1] (any matching shapes):
     * L = max(x, 0) - x t + log(1 + exp(-|x|)) = -t log sigmoid(x) - (1 - t) log(1 - sigmoid(x)), gradient
     * sigmoid(x) - t.
     */
    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets) {
        return binaryCrossEntropyWithLogits(logits, targets, Reduction.MEAN);
    }

    public static Tensor binaryCrossEntropyWithLogits(Tensor logits, Tensor targets, Reduction reduction) {
        sameShape("binaryCrossEntropyWithLogits", logits, targets);
        float[] x = logits.data(), t = targets.data(), o = new float[x.length];
        for (int i = 0; i < x.length; i++)
            o[i] = (float) (Math.max(x[i], 0) - (double) x[i] * t[i] + Math.log1p(Math.exp(-Math.abs(x[i]))));
        Tensor per = Autograd.record("binaryCrossEntropyWithLogits", Tensor.wrap(o, logits.shape()), g -> new Tensor[]{
                logits.requiresGrad() ? logits.sigmoid().sub(targets).mul(g) : null,
                targets.requiresGrad() ? logits.neg().mul(g) : null}, logits, targets);
        return reduction.apply(per);
    }

    /**
     * Hinge loss. Scores [N] with labels [N] in {-1, 1}: L_i = max(0, 1 - y_i s_i). Scores [N, C] with class indices
     * [N]: the multi-class margin loss L_i = sum_{j != y_i} max(0, 1 - s_{i,y_i} + s_ij) / C (PyTorch's
     * MultiMarginLoss).
     */
    public static Tensor hinge(Tensor scores, Tensor targets) {
        return hinge(scores, targets, Reduction.MEAN);
    }

    public static Tensor hinge(Tensor scores, Tensor targets, Reduction reduction) {
        int[] ss = scores.shape(), ts = targets.shape();
        if (ss.length == 1 && Arrays.equals(ss, ts)) {
            for (float y : targets.data())
                if (y != 1 && y != -1) throw new IllegalArgumentException("hinge: binary labels must be -1 or 1, got " + y);
            return reduction.apply(scores.mul(targets.detach()).neg().add(1f).relu());
        }
        if (ss.length != 2 || ts.length != 1 || ts[0] != ss[0])
            throw new IllegalArgumentException("hinge: expected scores [N] with labels [N], or scores [N, C] with class "
                    + "indices [N]; got " + Shape.str(ss) + " and " + Shape.str(ts));
        int n = ss[0], c = ss[1];
        CrossEntropy.oneHot(targets, c);
        Tensor sy = scores.gather(1, targets.detach().reshape(n, 1));
        // the j = y_i term is always max(0, 1) = 1 with zero gradient; remove it after summing
        Tensor per = scores.sub(sy).add(1f).relu().sum(1).sub(1f).div((float) c);
        return reduction.apply(per);
    }

    /**
     * The 0-1 loss (Definition 3.1's indicator): the fraction of misclassified examples, for scores [N, C] against
     * class indices [N] (argmax) or scores [N] against labels in {-1, 1} (sign, with sign(0) = 1). A metric, not a
     * training loss: it is piecewise constant, and asking for its gradient throws an IllegalStateException.
     */
    public static Tensor zeroOne(Tensor scores, Tensor targets) {
        int[] ss = scores.shape(), ts = targets.shape();
        float[] t = targets.data();
        int wrong = 0, n;
        if (ss.length == 2 && ts.length == 1 && ts[0] == ss[0]) {
            n = ss[0];
            float[] pred = Autograd.noGrad(() -> scores.argmax(1)).data();
            for (int i = 0; i < n; i++) if (pred[i] != t[i]) wrong++;
        } else if (ss.length == 1 && Arrays.equals(ss, ts)) {
            n = ss[0];
            float[] s = scores.data();
            for (int i = 0; i < n; i++) if ((s[i] >= 0 ? 1f : -1f) != t[i]) wrong++;
        } else {
            throw new IllegalArgumentException("zeroOne: expected scores [N, C] with class indices [N], or scores [N] with "
                    + "labels [N]; got " + Shape.str(ss) + " and " + Shape.str(ts));
        }
        Tensor out = Tensor.scalar(n == 0 ? 0f : (float) wrong / n);
        return Autograd.record("zeroOne", out, g -> {
            throw new IllegalStateException("zeroOne: the 0-1 loss is not differentiable (its gradient is 0 almost "
                    + "everywhere); train with crossEntropy or hinge and use zeroOne as a metric");
        }, scores);
    }

    // ---------------------------------------------------------------- regression

    /** Squared error: L = (prediction - target)^2 per element, reduced (MEAN over all elements by default). */
    public static Tensor mse(Tensor prediction, Tensor target) {
        return mse(prediction, target, Reduction.MEAN);
    }

    public static Tensor mse(Tensor prediction, Tensor target, Reduction reduction) {
        sameShape("mse", prediction, target);
        return reduction.apply(prediction.sub(target).square());
    }

    /** Absolute error: L = |prediction - target| per element, reduced. */
    public static Tensor l1(Tensor prediction, Tensor target) {
        return l1(prediction, target, Reduction.MEAN);
    }

    public static Tensor l1(Tensor prediction, Tensor target, Reduction reduction) {
        sameShape("l1", prediction, target);
        return reduction.apply(prediction.sub(target).abs());
    }

    // ---------------------------------------------------------------- penalties

    /**
     * L1 penalty mu sum_w |w| over the parameters, whose gradient is mu sign(w): the term of the course's L1 update
     * rule (Definition 2.10). The course writes the cost term as (1/2) sum mu |w| but its update rule uses
     * mu sign(w); this follows the update rule (the 1/2 would halve the gradient).
     */
    public static Tensor l1Penalty(Collection<Tensor> parameters, float mu) {
        Tensor total = Tensor.scalar(0f);
        for (Tensor w : parameters) total = total.add(w.abs().sum());
        return total.mul(mu);
    }

    /**
     * L2 penalty (lambda / 2) sum_w w^2 over the parameters (the course's Definition 2.11), whose gradient is
     * lambda w: the weight-decay term of its update rule.
     */
    public static Tensor l2Penalty(Collection<Tensor> parameters, float lambda) {
        Tensor total = Tensor.scalar(0f);
        for (Tensor w : parameters) total = total.add(w.square().sum());
        return total.mul(lambda / 2);
    }

    private static void sameShape(String op, Tensor a, Tensor b) {
        if (!Arrays.equals(a.shape(), b.shape()))
            throw new IllegalArgumentException(op + ": prediction " + Shape.str(a.shape()) + " and target "
                    + Shape.str(b.shape()) + " must have the same shape");
    }
}
