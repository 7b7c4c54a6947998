package org.neurite.train.tune;

/**
 * One training run of a {@link Tuner}: a learning rate eta and a batch size b, trained for a fixed budget of epochs
 * from a given seed, and what it reached on the validation set.
 *
 * @param phase        "lr" (the learning-rate search at a fixed batch size) or "batch" (the batch-size search at the
 *                     best rate)
 * @param learningRate the learning rate eta given to the trial's optimiser
 * @param batchSize    the mini-batch size b
 * @param seed         the seed handed to the trial factory (initial weights) and to the Trainer (shuffling)
 * @param valAccuracy  the best epoch's validation accuracy (the objective); NaN when the trial diverged
 * @param valLoss      the validation loss of that same epoch; NaN when the trial diverged
 * @param seconds      compute time to reach valAccuracy: the training time of the epochs up to and including the
 *                     best one (for a diverged trial, the wall-clock time until it diverged); the tie-breaker
 * @param epochs       the best epoch, i.e. the epochs needed to reach valAccuracy (for a diverged trial, the epoch
 *                     whose loss became NaN or infinite)
 */
public record Trial(String phase, double learningRate, int batchSize, long seed, double valAccuracy, double valLoss,
                    double seconds, int epochs) {

    /** True when training hit a NaN or infinite loss, so the trial has no validation figures. */
    public boolean diverged() {
        return Double.isNaN(valAccuracy);
    }

    /**
     * The Tuner's order on trials: higher validation accuracy wins; at equal accuracy the one with less compute time
     * (Remark 4.1: maximise test accuracy, minimise computational load). A diverged trial loses to any other.
     */
    public boolean betterThan(Trial other) {
        if (other == null) return true;
        double a = diverged() ? Double.NEGATIVE_INFINITY : valAccuracy;
        double b = other.diverged() ? Double.NEGATIVE_INFINITY : other.valAccuracy;
        if (a != b) return a > b;
        return seconds < other.seconds;
    }
}
