package org.neurite.data;

import java.util.Arrays;

/** Argument checks shared by the datasets of this package. */
final class Datasets {
    private Datasets() {}

    static void checkIndex(Dataset d, int i) {
        if (i < 0 || i >= d.size())
            throw new IndexOutOfBoundsException(d.getClass().getSimpleName() + ": example " + i + " out of range [0, "
                    + d.size() + ")");
    }

    static int numel(int[] shape, String who) {
        long n = 1;
        for (int d : shape) {
            if (d <= 0) throw new IllegalArgumentException(who + ": example shape must be positive, got "
                    + Arrays.toString(shape));
            n *= d;
        }
        if (n > Integer.MAX_VALUE) throw new IllegalArgumentException(who + ": example shape too large "
                + Arrays.toString(shape));
        return (int) n;
    }
}
