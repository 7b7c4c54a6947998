package org.neurite.tensor;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The reverse-mode engine and the grad mode.
 *
 * <p>Recording: an op records a {@link Node} on its output when grad mode is on (the default, per thread) and one of
 * its inputs requires grad. {@link #noGrad(Supplier)} (or a {@link #noGradScope()} in try-with-resources) turns it
 * off, for evaluation and for optimiser updates.
 *
 * <p>Backward: the graph below the output is sorted topologically and walked once in reverse; each node's backward
 * function turns the gradient of its output into gradients of its inputs, which add up where paths meet (the chain
 * rule summed over all paths, as the course's Example 3.2 does by hand). Backward functions are written with Tensor
 * ops, so with {@code createGraph} they are recorded too and the gradient can be differentiated again.
 */
public final class Autograd {
    private static final ThreadLocal<boolean[]> ENABLED = ThreadLocal.withInitial(() -> new boolean[]{true});
    /** Set while backward() (without createGraph) runs on this thread: leaves' own gradient storage may be added to. */
    private static final ThreadLocal<boolean[]> INTO_LEAVES = ThreadLocal.withInitial(() -> new boolean[1]);

    private Autograd() {}

    /** Whether ops on this thread record the graph. */
    public static boolean isGradEnabled() {
        return ENABLED.get()[0];
    }

    /** Restores the previous grad mode when closed. */
    public static final class Scope implements AutoCloseable {
        private final boolean previous;

        private Scope(boolean enabled) {
            boolean[] flag = ENABLED.get();
            previous = flag[0];
            flag[0] = enabled;
        }

        @Override
        public void close() {
            ENABLED.get()[0] = previous;
        }
    }

    /** {@code try (var s = Autograd.noGradScope()) { ... }}: nothing inside records a graph. */
    public static Scope noGradScope() {
        return new Scope(false);
    }

    /** Turns recording back on inside a no-grad region. */
    public static Scope enableGradScope() {
        return new Scope(true);
    }

    /** Runs body without recording a graph (evaluation, optimiser updates). */
    public static void noGrad(Runnable body) {
        try (Scope s = noGradScope()) {
            body.run();
        }
    }

    /** Computes a value without recording a graph. */
    public static <T> T noGrad(Supplier<T> body) {
        try (Scope s = noGradScope()) {
            return body.get();
        }
    }

    /**
     * Defines a differentiable op outside this package (like torch.autograd.Function): when grad mode is on and an
     * input requires grad, records on output that its inputs' gradients are backward.apply(gradOutput). The
     * backward function must use Tensor ops (or return constants) and return one entry per input (null where no
     * gradient is needed). Returns output. The layers' convolution and pooling ops are built this way.
     */
    public static Tensor record(String op, Tensor output, Node.Backward backward, Tensor... inputs) {
        if (output.node() != null || output.requiresGrad())
            throw new IllegalArgumentException(op + ": the output tensor must be a fresh tensor, not part of a graph");
        return recording(inputs) ? output.record(op, backward, inputs) : output;
    }

    /** Whether an op on these inputs records a node (grad mode on and one of them requires grad). */
    public static boolean isRecording(Tensor... inputs) {
        return recording(inputs);
    }

    static boolean recording(Tensor a) {
        return a.requiresGrad() && isGradEnabled();
    }

    static boolean recording(Tensor a, Tensor b) {
        return (a.requiresGrad() || b.requiresGrad()) && isGradEnabled();
    }

    static boolean recording(Tensor[] ts) {
        if (!isGradEnabled()) return false;
        for (Tensor t : ts) if (t.requiresGrad()) return true;
        return false;
    }

    /**
     * The gradients of {@code output} (a scalar) with respect to each of {@code inputs}, without touching their
     * {@code grad()}. With createGraph the results are recorded, so they can be differentiated again (Hessians,
     * Hessian-vector products, Newton's method); the graph is then kept. An input that the output does not depend
     * on gets a zero gradient.
     */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, boolean createGraph) {
        return grad(output, inputs, null, createGraph, createGraph);
    }

    /**
     * General form: gradOutput seeds the pass (null means 1 for a scalar output); retainGraph keeps the graph for
     * another pass.
     */
    public static List<Tensor> grad(Tensor output, List<Tensor> inputs, Tensor gradOutput, boolean createGraph,
                                    boolean retainGraph) {
        for (int i = 0; i < inputs.size(); i++) {
            if (!inputs.get(i).requiresGrad())
                throw new IllegalArgumentException("Autograd.grad: input " + i + " (shape "
                        + Shape.str(inputs.get(i).shape()) + ") does not require grad");
        }
        Map<Tensor, Tensor> grads = run(output, seed("Autograd.grad", output, gradOutput), createGraph,
                retainGraph || createGraph, false);
        List<Tensor> result = new ArrayList<>(inputs.size());
        for (Tensor in : inputs) {
            Tensor g = grads.get(in);
            result.add(g != null ? g : Tensor.zeros(in.shape()));
        }
        return result;
    }

    /**
     * Tensor.backward: accumulates into the leaves' grad(). Without createGraph, an op may add a leaf's gradient
     * straight into storage the leaf keeps (Tensor.zeroGrad(false)) and return null for it instead.
     */
    static void backward(Tensor output, Tensor gradOutput, boolean retainGraph, boolean createGraph) {
        Map<Tensor, Tensor> grads = run(output, seed("backward", output, gradOutput), createGraph, retainGraph,
                !createGraph);
        try (Scope s = new Scope(createGraph)) {
            for (Map.Entry<Tensor, Tensor> e : grads.entrySet()) {
                Tensor t = e.getKey();
                if (t.isLeaf()) t.accumulateGrad(e.getValue());
            }
        }
    }

    /** Whether ops may now add leaves' gradients into their own storage (see {@link #backward}). */
    static boolean addsIntoLeaves() {
        return INTO_LEAVES.get()[0];
    }

    private static Tensor seed(String op, Tensor output, Tensor gradOutput) {
        if (!output.requiresGrad())
            throw new IllegalStateException(op + ": the output (shape " + Shape.str(output.shape())
                    + ") does not require grad: no input had requiresGrad(true), or it was computed under noGrad");
        if (gradOutput == null) {
            if (output.numel() != 1)
                throw new IllegalArgumentException(op + ": the output has shape " + Shape.str(output.shape())
                        + ", not a scalar; pass a gradient of that shape (backward(gradient))");
            return Tensor.ones(output.shape());
        }
        if (!java.util.Arrays.equals(gradOutput.shape(), output.shape()))
            throw new IllegalArgumentException(op + ": gradient of shape " + Shape.str(gradOutput.shape())
                    + " given for an output of shape " + Shape.str(output.shape()));
        return gradOutput;
    }

    private static Map<Tensor, Tensor> run(Tensor root, Tensor seed, boolean createGraph, boolean retainGraph,
                                           boolean intoLeaves) {
        List<Tensor> order = topologicalOrder(root);
        IdentityHashMap<Tensor, Tensor> grads = new IdentityHashMap<>();
        grads.put(root, seed);
        boolean[] into = INTO_LEAVES.get();
        boolean previous = into[0];
        into[0] = intoLeaves;
        try (Scope s = new Scope(createGraph)) {
            for (int i = order.size() - 1; i >= 0; i--) {
                Tensor t = order.get(i);
                Tensor g = grads.get(t);
                Node node = t.node();
                if (g == null) {
                    if (!retainGraph) node.release();
                    continue;
                }
                Tensor[] inGrads = node.backward(g, t);
                Tensor[] inputs = node.inputs();
                for (int j = 0; j < inputs.length; j++) {
                    Tensor in = inputs[j], gj = inGrads[j];
                    if (gj == null || !in.requiresGrad()) continue;
                    if (!java.util.Arrays.equals(gj.shape(), in.shape()))
                        throw new IllegalStateException("backward of '" + node.op() + "': gradient shape "
                                + Shape.str(gj.shape()) + " does not match input shape " + Shape.str(in.shape()));
                    Tensor prev = grads.get(in);
                    grads.put(in, prev == null ? gj : prev.add(gj));
                }
                if (!retainGraph) node.release();
            }
        } finally {
            into[0] = previous;
        }
        return grads;
    }

    /** Non-leaf tensors reachable from root, each after all tensors it depends on. */
    static List<Tensor> topologicalOrder(Tensor root) {
        List<Tensor> order = new ArrayList<>();
        if (root.node() == null) return order;
        IdentityHashMap<Tensor, Boolean> seen = new IdentityHashMap<>();
        ArrayDeque<Object[]> stack = new ArrayDeque<>(); // {tensor, next input index}
        stack.push(new Object[]{root, 0});
        seen.put(root, Boolean.TRUE);
        while (!stack.isEmpty()) {
            Object[] top = stack.peek();
            Tensor t = (Tensor) top[0];
            Tensor[] inputs = t.node().inputs();
            int k = (Integer) top[1];
            if (k < inputs.length) {
                top[1] = k + 1;
                Tensor in = inputs[k];
                if (in.node() != null && in.requiresGrad() && seen.put(in, Boolean.TRUE) == null)
                    stack.push(new Object[]{in, 0});
            } else {
                stack.pop();
                order.add(t);
            }
        }
        return order;
    }
}
