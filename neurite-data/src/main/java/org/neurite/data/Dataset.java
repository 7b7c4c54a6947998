package org.neurite.data;

import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * A finite, indexed set of labelled examples {@code (x_i, f*(x_i))}, i = 0..size()-1: the course's training set X
 * with its ground truth F*.
 *
 * <p>Every example's input has the same shape {@link #exampleShape()} (for images {@code [C, H, W]}); its target is a
 * class index stored as a float. A {@link DataLoader} stacks examples into batches of shape {@code [B, ...shape]} by
 * calling {@link #copyInput}, which lets in-memory datasets copy a row straight into the batch buffer, with no
 * per-example tensor.
 *
 * <p>Implementations must allow concurrent reads from several threads: a loader's workers, or the kernels' threads,
 * which make the next batch while the caller trains on the current one.
 */
public interface Dataset {

    /** Number of examples. */
    int size();

    /** Shape of one example's input, e.g. {@code [1, 28, 28]}; a fresh copy. */
    int[] exampleShape();

    /** Copies the input of example {@code i} (row-major, {@link #exampleNumel()} floats) into {@code dst[offset...]}. */
    void copyInput(int i, float[] dst, int offset);

    /** Target of example {@code i}: a class index 0..numClasses()-1, as a float. */
    float target(int i);

    /** Number of classes (targets are 0..numClasses()-1). By default one more than the largest target. */
    default int numClasses() {
        int max = -1;
        for (int i = 0; i < size(); i++) max = Math.max(max, (int) target(i));
        return max + 1;
    }

    /** Class names, index by index, when the dataset knows them; otherwise an empty list. */
    default List<String> classNames() {
        return List.of();
    }

    /** Number of floats in one example's input (the product of {@link #exampleShape()}). */
    default int exampleNumel() {
        int n = 1;
        for (int d : exampleShape()) n *= d;
        return n;
    }

    /** Example {@code i} as a fresh input tensor of shape {@link #exampleShape()} and its target. */
    default Example get(int i) {
        Datasets.checkIndex(this, i);
        float[] x = new float[exampleNumel()];
        copyInput(i, x, 0);
        return new Example(Tensor.wrap(x, exampleShape()), target(i));
    }

    /** The examples at {@code indices} of this dataset, in that order (a view: no data is copied). */
    default Dataset subset(int... indices) {
        return new Subset(this, indices);
    }

    /**
     * Random split into a training part holding {@code round(fraction * size())} examples and a validation part
     * with the rest; the permutation comes from {@code new Rng(seed)}, so the same seed gives the same split.
     */
    default Split split(double trainFraction, long seed) {
        return Split.of(this, trainFraction, seed);
    }

    /** One example: its input tensor and its target class index. */
    record Example(Tensor input, float target) {}
}
