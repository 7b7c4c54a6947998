package org.neurite.data;

import java.util.Arrays;
import org.neurite.tensor.Rng;

/**
 * A dataset divided into a training part and a validation part (the held-out data used to estimate the
 * generalisation error and to stop early). Both parts are {@link Subset} views of the same parent.
 *
 * @param train      the examples to train on
 * @param validation the rest
 */
public record Split(Dataset train, Dataset validation) {

    /**
     * Shuffles the indices with {@code new Rng(seed).permutation(n)}, then gives the first
     * {@code round(trainFraction * n)} to {@code train} and the others to {@code validation}.
     * Each part keeps its indices in ascending order, so reading it walks the parent's memory forwards.
     */
    public static Split of(Dataset dataset, double trainFraction, long seed) {
        if (!(trainFraction >= 0 && trainFraction <= 1))
            throw new IllegalArgumentException("Split: train fraction must be in [0, 1], got " + trainFraction);
        int n = dataset.size();
        int nTrain = (int) Math.round(trainFraction * n);
        int[] perm = new Rng(seed).permutation(n);
        int[] train = Arrays.copyOfRange(perm, 0, nTrain);
        int[] val = Arrays.copyOfRange(perm, nTrain, n);
        Arrays.sort(train);
        Arrays.sort(val);
        return new Split(new Subset(dataset, train), new Subset(dataset, val));
    }
}
