package org.neurite.data.augment;

import org.neurite.tensor.Rng;

/**
 * A data-augmentation transform (the course's Proposition 2.12: new training data made online by slightly modifying
 * existing examples). It modifies one example in place: the {@code channels * height * width} floats of
 * {@code x[offset...]} in CHW layout (channel planes, each row-major). Transforms keep the shape; each documents the
 * value range it keeps.
 *
 * <p>All randomness comes from {@code rng}, which the {@link org.neurite.data.DataLoader} derives from its seed, the
 * epoch and the example's index, so the same seed gives the same augmented batches whatever the thread count.
 * Implementations must be stateless (safe to call from several loader threads at once).
 */
@FunctionalInterface
public interface Transform {

    /** Transforms the example {@code x[offset, offset + channels*height*width)} in place. */
    void apply(float[] x, int offset, int channels, int height, int width, Rng rng);

    /**
     * Throws IllegalArgumentException if this transform cannot take examples of shape {@code [channels, height, width]}
     * (called once when a loader is built, so a mismatch shows before training starts).
     */
    default void checkShape(int channels, int height, int width) {}

    /** This transform followed by {@code next}. */
    default Transform then(Transform next) {
        return new Compose(this, next);
    }
}
