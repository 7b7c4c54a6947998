package org.neurite.train;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.neurite.nn.Module;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * An ensemble of M separately trained models whose predictions are averaged: the ensemble of sub-networks that the
 * course's Proposition 2.1 and Dropout (Definition 2.12) train implicitly, made explicit; also the kind of teacher
 * that network distillation (Proposition 2.13, {@link org.neurite.train.distill.Distillation}) compresses.
 *
 * <p>{@link Averaging#PROBABILITIES} (the default, for classifiers): each member m gives logits z_m [N, C]; the
 * ensemble's predictive distribution is the weighted mean p̄ = sum_m w_m softmax(z_m) (w_m = 1/M unless
 * {@link #weights} says otherwise), and forward returns its logarithm log p̄ [N, C], computed stably as a
 * log-sum-exp over members of (log softmax(z_m) + log w_m). Returning log p̄ rather than p̄ keeps the ensemble a
 * drop-in classifier: softmax(log p̄) = p̄ exactly (p̄ sums to 1), argmax is the ensemble's vote, and
 * {@code Losses.crossEntropy(ensemble.forward(x), y)} is the ensemble's negative log-likelihood -log p̄_y, so
 * {@link Trainer#evaluate} reports its loss and accuracy with no special case.
 *
 * <p>{@link Averaging#LOGITS}: forward returns the weighted mean of the members' outputs, sum_m w_m z_m, of any shape
 * (for regression, or a geometric-mean-of-probabilities vote).
 *
 * <p>The members are child modules "0", "1", ... (so train()/eval() and the state dict cover them all); they are
 * usually trained one by one, each from its own seed, and only then put together.
 */
public final class Ensemble extends Module {
    /** How the members' outputs are combined; see the class comment. */
    public enum Averaging { PROBABILITIES, LOGITS }

    private final List<Module> members = new ArrayList<>();
    private Averaging averaging = Averaging.PROBABILITIES;
    private double[] weights;

    public Ensemble(Module... members) {
        this(Arrays.asList(members));
    }

    public Ensemble(List<? extends Module> members) {
        if (members == null || members.isEmpty()) throw new IllegalArgumentException("Ensemble: needs at least one member");
        for (int i = 0; i < members.size(); i++) {
            Module m = members.get(i);
            if (m == null) throw new IllegalArgumentException("Ensemble: member " + i + " is null");
            this.members.add(registerModule(Integer.toString(i), m));
        }
        weights = new double[members.size()];
        Arrays.fill(weights, 1.0 / members.size());
    }

    public Ensemble averaging(Averaging averaging) {
        this.averaging = averaging;
        return this;
    }

    public Averaging averaging() {
        return averaging;
    }

    /** Member weights w_m (non-negative, not all zero), normalised to sum to 1. Equal weights by default. */
    public Ensemble weights(double... w) {
        if (w.length != members.size())
            throw new IllegalArgumentException("Ensemble.weights: " + w.length + " weights for " + members.size()
                    + " members");
        double sum = 0;
        for (double v : w) {
            if (!(v >= 0) || Double.isInfinite(v))
                throw new IllegalArgumentException("Ensemble.weights: weights must be >= 0 and finite, got " + Arrays.toString(w));
            sum += v;
        }
        if (sum == 0) throw new IllegalArgumentException("Ensemble.weights: all weights are zero");
        weights = new double[w.length];
        for (int i = 0; i < w.length; i++) weights[i] = w[i] / sum;
        return this;
    }

    public List<Module> members() {
        return List.copyOf(members);
    }

    /** x [N, ...] -> log p̄ [N, C] (PROBABILITIES) or sum_m w_m z_m (LOGITS). */
    @Override
    public Tensor forward(Tensor x) {
        List<Tensor> outs = new ArrayList<>(members.size());
        for (int m = 0; m < members.size(); m++) {
            Tensor z = members.get(m).forward(x);
            if (m > 0 && !Arrays.equals(z.shape(), outs.get(0).shape()))
                throw new IllegalArgumentException("Ensemble: member " + m + " returned " + Shape.str(z.shape())
                        + " but member 0 returned " + Shape.str(outs.get(0).shape()) + " for input " + Shape.str(x.shape()));
            outs.add(z);
        }
        if (averaging == Averaging.LOGITS) {
            Tensor sum = null;
            for (int m = 0; m < outs.size(); m++) {
                Tensor t = outs.get(m).mul((float) weights[m]);
                sum = sum == null ? t : sum.add(t);
            }
            return sum;
        }
        if (outs.get(0).dim() != 2)
            throw new IllegalArgumentException("Ensemble(PROBABILITIES): expected member logits [N, C], got "
                    + Shape.str(outs.get(0).shape()) + "; use Averaging.LOGITS for other outputs");
        return logMixture(outs, weights);
    }

    /**
     * log sum_m w_m softmax(z_m) for logits z_m [N, C]: the log of a weighted mixture of the predictive distributions,
     * computed as a log-sum-exp over m of (log softmax(z_m) + log w_m). Also used by {@link TestTimeAugmentation}.
     */
    static Tensor logMixture(List<Tensor> logits, double[] weights) {
        List<Tensor> logs = new ArrayList<>(logits.size());
        for (int m = 0; m < logits.size(); m++)
            logs.add(logits.get(m).logSoftmax(1).add((float) Math.log(weights[m]))); // log w_m = -inf drops member m
        Tensor s = Tensor.stack(logs, 0);                                            // [M, N, C]
        // log sum_m exp(s_m) = c + log sum_m exp(s_m - c) with c = max_m s_m, a constant for the gradient.
        Tensor c = Autograd.noGrad(() -> s.max(0, true)).detach();
        Tensor cSafe = Tensor.where(c.gt(Float.NEGATIVE_INFINITY), c, Tensor.zerosLike(c));
        return s.sub(cSafe).exp().sum(0).log().add(cSafe.squeeze(0));
    }

    /** The ensemble's averaged class probabilities p̄ [N, C] (PROBABILITIES mode), under no-grad in eval mode. */
    public Tensor probabilities(Tensor x) {
        if (averaging != Averaging.PROBABILITIES)
            throw new IllegalStateException("Ensemble.probabilities: the ensemble averages LOGITS, not probabilities");
        boolean was = isTraining();
        eval();
        try (var s = Autograd.noGradScope()) {
            return forward(x).exp();
        } finally {
            train(was);
        }
    }

    @Override
    public String toString() {
        return "Ensemble(" + members.size() + " members, " + averaging.name().toLowerCase() + ")";
    }
}
