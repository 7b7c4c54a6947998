package org.neurite.data;

import org.neurite.tensor.Tensor;

/**
 * One batch drawn by a {@link DataLoader}: B examples stacked along a new first dimension.
 *
 * @param inputs  {@code [B, ...exampleShape]}, e.g. {@code [64, 1, 28, 28]}; a fresh tensor the model may keep
 * @param targets {@code [B]}: class indices 0..K-1 as floats (what {@code Losses.crossEntropy} takes)
 * @param indices the dataset index of each example, in batch order
 */
public record Batch(Tensor inputs, Tensor targets, int[] indices) {

    /** Number of examples B. */
    public int size() {
        return indices.length;
    }
}
