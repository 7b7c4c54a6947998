package org.neurite.data;

import java.util.Arrays;
import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * An in-memory dataset of float inputs: example {@code i} is row {@code i} of an {@code [N, ...shape]} array and its
 * target is {@code targets[i]}, a class index. Rows are copied straight into the loader's batch buffer.
 *
 * <p>With a {@link DataLoader} of batch size N this gives full-batch (deterministic) gradient descent over the whole
 * set, as the course's Proposition 3.1 puts it.
 */
public final class TensorDataset implements Dataset {
    private final float[] inputs;
    private final float[] targets;
    private final int[] shape;
    private final int numel;
    private final int numClasses;
    private final List<String> classNames;

    /**
     * Wraps {@code inputs} of shape {@code [N, ...]} and {@code targets} of shape {@code [N]} (class indices as floats,
     * 0, 1, 2, ...). The tensors' data are shared, not copied.
     */
    public TensorDataset(Tensor inputs, Tensor targets) {
        this(inputs.data(), targets.data(), exampleShapeOf(inputs, targets), List.of());
    }

    /**
     * Wraps {@code inputs} (N rows of {@code prod(exampleShape)} floats, row-major) and {@code targets} (N class
     * indices as floats); the arrays are shared, not copied. {@code classNames} may be empty.
     */
    public TensorDataset(float[] inputs, float[] targets, int[] exampleShape, List<String> classNames) {
        this.shape = exampleShape.clone();
        this.numel = Datasets.numel(shape, "TensorDataset");
        if ((long) targets.length * numel != inputs.length)
            throw new IllegalArgumentException("TensorDataset: " + inputs.length + " input values do not make "
                    + targets.length + " examples of shape " + Arrays.toString(shape));
        int max = -1;
        for (int i = 0; i < targets.length; i++) {
            float t = targets[i];
            if (!(t >= 0) || t != Math.rint(t))
                throw new IllegalArgumentException("TensorDataset: target " + i + " is " + t
                        + ", expected a class index 0, 1, 2, ...");
            max = Math.max(max, (int) t);
        }
        if (!classNames.isEmpty() && classNames.size() <= max)
            throw new IllegalArgumentException("TensorDataset: " + classNames.size() + " class names for targets up to "
                    + max);
        this.inputs = inputs;
        this.targets = targets;
        this.numClasses = classNames.isEmpty() ? max + 1 : classNames.size();
        this.classNames = List.copyOf(classNames);
    }

    private static int[] exampleShapeOf(Tensor inputs, Tensor targets) {
        if (inputs.dim() < 1 || targets.dim() != 1 || inputs.size(0) != targets.size(0))
            throw new IllegalArgumentException("TensorDataset: expected inputs [N, ...] and targets [N], got "
                    + Arrays.toString(inputs.shape()) + " and " + Arrays.toString(targets.shape()));
        int[] s = inputs.shape();
        return Arrays.copyOfRange(s, 1, s.length);
    }

    /** All inputs as one tensor {@code [N, ...shape]} sharing this dataset's memory (the full batch). */
    public Tensor inputs() {
        int[] s = new int[shape.length + 1];
        s[0] = size();
        System.arraycopy(shape, 0, s, 1, shape.length);
        return Tensor.wrap(inputs, s);
    }

    /** All targets as one tensor {@code [N]} sharing this dataset's memory. */
    public Tensor targets() {
        return Tensor.wrap(targets, size());
    }

    @Override public int size() { return targets.length; }
    @Override public int[] exampleShape() { return shape.clone(); }
    @Override public int exampleNumel() { return numel; }
    @Override public int numClasses() { return numClasses; }
    @Override public List<String> classNames() { return classNames; }

    @Override
    public void copyInput(int i, float[] dst, int offset) {
        Datasets.checkIndex(this, i);
        System.arraycopy(inputs, i * numel, dst, offset, numel);
    }

    @Override
    public float target(int i) {
        Datasets.checkIndex(this, i);
        return targets[i];
    }
}
