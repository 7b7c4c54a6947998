package org.neurite.nn;

import org.neurite.tensor.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * The classic binary perceptron of the course (Definition 2.3, Propositions 2.2 to 2.4): the input x = (x_1..x_k)
 * is extended with the bias input x_0 = -1, and f(x; w) = sign(w^T x) in {-1, 1} with sign(0) = 1. Trained by the
 * perceptron learning rule, not by gradients: starting from w = 0, each misclassified example (f(x) != f*(x))
 * updates w <- w + eta f*(x) x; correctly classified ones leave w alone.
 *
 * <p>On linearly separable data the rule stops making mistakes after finitely many updates (the perceptron
 * convergence theorem); {@link #fit} stops at the first epoch without a mistake. Data that is not linearly separable
 * (XOR, Remark 2.2) never has such an epoch, so fit stops at its epoch budget and reports that.
 * forward takes x [N, k] and returns the predictions [N]. The weight w = (w_0, ..., w_k) is the parameter
 * {@code weight} [k + 1].
 */
public class Perceptron extends Module {
    /** What {@link #fit} did: epochs run, total mistakes (= updates), and whether an epoch ended without a mistake. */
    public record Result(int epochs, int mistakes, boolean converged, String message) {}

    private final int inputs;
    private final Tensor weight;

    public Perceptron(int inputs) {
        if (inputs < 1) throw new IllegalArgumentException("Perceptron: needs at least one input, got " + inputs);
        this.inputs = inputs;
        weight = registerParameter("weight", Tensor.zeros(inputs + 1));
    }

    /** sign(w_0 x_0 + w_1 x_1 + ... + w_k x_k) with x_0 = -1, for each row of x [N, k]. */
    @Override
    public Tensor forward(Tensor x) {
        check(x);
        int n = x.size(0);
        Tensor ext = Tensor.concat(java.util.List.of(Tensor.full(-1f, n, 1), x), 1);
        return Functional.sign(ext.matmul(weight.reshape(inputs + 1, 1)).reshape(n));
    }

    /**
     * Runs the learning rule (Proposition 2.4) from w = 0 over the examples in order, epoch after epoch, until an
     * epoch has no mistake or maxEpochs have run. targets [N] hold the labels f*(x) in {-1, 1}.
     */
    public Result fit(Tensor x, Tensor targets, float eta, int maxEpochs) {
        check(x);
        int n = x.size(0), k = inputs;
        if (!java.util.Arrays.equals(targets.shape(), new int[]{n}))
            throw new IllegalArgumentException(this + ": targets must be [" + n + "], got " + Shape.str(targets.shape()));
        if (!(eta > 0) || maxEpochs < 1)
            throw new IllegalArgumentException(this + ": need eta > 0 and maxEpochs >= 1, got " + eta + ", " + maxEpochs);
        float[] xs = x.data(), ys = targets.data(), w = weight.data();
        for (float y : ys)
            if (y != 1 && y != -1) throw new IllegalArgumentException(this + ": labels must be -1 or 1, got " + y);
        java.util.Arrays.fill(w, 0f);
        int mistakes = 0;
        for (int epoch = 1; epoch <= maxEpochs; epoch++) {
            int epochMistakes = 0;
            for (int i = 0; i < n; i++) {
                double s = -w[0]; // x_0 = -1
                for (int j = 0; j < k; j++) s += w[j + 1] * xs[i * k + j];
                float prediction = s >= 0 ? 1f : -1f, truth = ys[i];
                if (prediction != truth) {
                    epochMistakes++;
                    w[0] += eta * truth * -1f;
                    for (int j = 0; j < k; j++) w[j + 1] += eta * truth * xs[i * k + j];
                }
            }
            mistakes += epochMistakes;
            if (epochMistakes == 0)
                return new Result(epoch, mistakes, true, "converged after " + epoch + " epochs and " + mistakes
                        + " mistakes: the data is linearly separable");
        }
        return new Result(maxEpochs, mistakes, false, "no epoch without mistakes in " + maxEpochs + " epochs ("
                + mistakes + " mistakes): the data is not linearly separable (or needs more epochs)");
    }

    private void check(Tensor x) {
        if (x.dim() != 2 || x.size(1) != inputs)
            throw new IllegalArgumentException(this + ": expected input [N, " + inputs + "], got " + Shape.str(x.shape()));
    }

    /** The weights (w_0 for the bias input x_0 = -1, then w_1..w_k), a copy. */
    public float[] weights() {
        return Autograd.noGrad(() -> weight.toFloatArray());
    }

    @Override
    public String toString() {
        return "Perceptron(" + inputs + ")";
    }
}
