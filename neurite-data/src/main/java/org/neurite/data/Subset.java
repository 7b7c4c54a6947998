package org.neurite.data;

import java.util.List;

/**
 * The examples of a parent dataset at given indices, in the given order: a view that copies no data.
 * Example {@code i} of the subset is example {@code indices[i]} of the parent.
 */
public final class Subset implements Dataset {
    private final Dataset parent;
    private final int[] indices;

    /** A view of {@code parent} restricted to {@code indices} (each in [0, parent.size())); the array is copied. */
    public Subset(Dataset parent, int[] indices) {
        this.parent = parent;
        this.indices = indices.clone();
        for (int k = 0; k < this.indices.length; k++) {
            int i = this.indices[k];
            if (i < 0 || i >= parent.size())
                throw new IllegalArgumentException("Subset: index " + i + " at position " + k
                        + " is outside the parent dataset of " + parent.size() + " examples");
        }
    }

    /** The parent index of each example of this subset (a copy). */
    public int[] indices() {
        return indices.clone();
    }

    /** The dataset this is a view of. */
    public Dataset parent() {
        return parent;
    }

    @Override public int size() { return indices.length; }
    @Override public int[] exampleShape() { return parent.exampleShape(); }
    @Override public int exampleNumel() { return parent.exampleNumel(); }
    @Override public List<String> classNames() { return parent.classNames(); }
    @Override public int numClasses() { return parent.numClasses(); }

    @Override
    public void copyInput(int i, float[] dst, int offset) {
        parent.copyInput(indices[i], dst, offset);
    }

    @Override
    public float target(int i) {
        return parent.target(indices[i]);
    }
}
