package org.neurite.train;

import org.neurite.tensor.Tensor;

/**
 * Classification metrics from logits (or probabilities) [N, C] and class-index targets [N]: accuracy, top-k
 * accuracy, and the confusion matrix with per-class precision, recall and F1.
 */
public final class Metrics {
    private Metrics() {}

    private static void check(String op, Tensor logits, Tensor targets) {
        if (logits.dim() != 2 || targets.dim() != 1 || targets.size(0) != logits.size(0))
            throw new IllegalArgumentException(op + ": expects logits [N, C] and targets [N], got "
                    + java.util.Arrays.toString(logits.shape()) + " and " + java.util.Arrays.toString(targets.shape()));
    }

    /** Number of rows whose largest logit is at the target class. */
    public static int correct(Tensor logits, Tensor targets) {
        return topKCorrect(logits, targets, 1);
    }

    /** Fraction of rows whose largest logit is at the target class. */
    public static double accuracy(Tensor logits, Tensor targets) {
        check("accuracy", logits, targets);
        return logits.size(0) == 0 ? 0 : (double) correct(logits, targets) / logits.size(0);
    }

    /** Number of rows whose target is among the k largest logits (ties counted against the target). */
    public static int topKCorrect(Tensor logits, Tensor targets, int k) {
        check("topKAccuracy", logits, targets);
        int n = logits.size(0), c = logits.size(1);
        if (k < 1 || k > c) throw new IllegalArgumentException("topKAccuracy: k = " + k + " for " + c + " classes");
        float[] l = logits.data(), t = targets.data();
        int hits = 0;
        for (int i = 0; i < n; i++) {
            int target = (int) t[i];
            float v = l[i * c + target];
            int above = 0;
            for (int j = 0; j < c; j++) {
                float u = l[i * c + j];
                if (u > v || (u == v && j < target)) above++;
            }
            if (above < k) hits++;
        }
        return hits;
    }

    public static double topKAccuracy(Tensor logits, Tensor targets, int k) {
        return logits.size(0) == 0 ? 0 : (double) topKCorrect(logits, targets, k) / logits.size(0);
    }

    /** Adds each row's (target, argmax) pair to the matrix. */
    public static void addToConfusion(ConfusionMatrix m, Tensor logits, Tensor targets) {
        check("confusionMatrix", logits, targets);
        int n = logits.size(0), c = logits.size(1);
        float[] l = logits.data(), t = targets.data();
        for (int i = 0; i < n; i++) {
            int best = 0;
            for (int j = 1; j < c; j++) if (l[i * c + j] > l[i * c + best]) best = j;
            m.add((int) t[i], best);
        }
    }
}
