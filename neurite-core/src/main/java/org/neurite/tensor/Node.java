package org.neurite.tensor;

/**
 * One recorded operation of the computational graph: the op's name, its inputs, and its backward function, which
 * maps the gradient of the op's output to the gradients of its inputs (a vector-Jacobian product written with
 * Tensor ops, so it can itself be recorded when a higher-order gradient is asked for).
 */
public final class Node {
    /** Maps dJ/d(output) to dJ/d(input_i) for every input (null entries for inputs that need no gradient). */
    @FunctionalInterface
    public interface Backward {
        Tensor[] apply(Tensor gradOutput);
    }

    private final String op;
    private final Tensor[] inputs;
    private Backward backward;

    Node(String op, Backward backward, Tensor[] inputs) {
        this.op = op;
        this.backward = backward;
        this.inputs = inputs;
    }

    /** The op's name, as shown in error messages and graph pictures ("mul", "matmul", ...). */
    public String op() {
        return op;
    }

    /** The op's inputs (shared, do not modify). */
    public Tensor[] inputs() {
        return inputs;
    }

    /** Whether an earlier backward pass freed this node's saved tensors. */
    public boolean isReleased() {
        return backward == null;
    }

    /**
     * The vector-Jacobian product of this op alone: the gradients of its inputs for a given gradient of its output.
     * For an op on scalars with gradOutput = 1 these are its local derivatives (the edges of the course's graphs).
     */
    public Tensor[] vectorJacobianProduct(Tensor gradOutput, Tensor output) {
        return Autograd.noGrad(() -> backward(gradOutput, output));
    }

    Tensor[] backward(Tensor gradOutput, Tensor output) {
        Backward b = backward;
        if (b == null)
            throw new IllegalStateException("backward: the graph through '" + op + "' (output " + Shape.str(output.shape())
                    + ") was already freed by an earlier backward pass; pass retainGraph = true to the first backward "
                    + "to go through the graph twice");
        return b.apply(gradOutput);
    }

    void release() {
        backward = null;
    }
}
