package org.neurite.data.augment;

import java.util.List;
import org.neurite.tensor.Rng;

/**
 * Several transforms applied in order to the same example, drawing from the same per-example Rng. Keeps the shape;
 * the value range is that of the last transform (given the ranges before it).
 */
public final class Compose implements Transform {
    private final List<Transform> transforms;

    /** {@code transforms[0]} first, then {@code transforms[1]}, ... */
    public Compose(Transform... transforms) {
        this.transforms = List.of(transforms);
    }

    /** The transforms, in order. */
    public List<Transform> transforms() {
        return transforms;
    }

    @Override
    public void checkShape(int c, int h, int w) {
        for (Transform t : transforms) t.checkShape(c, h, w);
    }

    @Override
    public void apply(float[] x, int offset, int c, int h, int w, Rng rng) {
        for (Transform t : transforms) t.apply(x, offset, c, h, w, rng);
    }
}
