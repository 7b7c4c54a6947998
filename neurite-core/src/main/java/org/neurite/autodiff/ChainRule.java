package org.neurite.autodiff;

import java.util.ArrayList;
import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * The course's Definition 3.5, done by machine: list every path from an input to an output of a graph of scalars,
 * the local derivative on each step, their product along each path, and the sum over paths, which is the derivative
 * (Example 3.2: three paths c, gc and gb, total 60). It shows why reverse mode is needed: the number of paths grows
 * exponentially with depth (Remark 3.2), while backward() visits each node once.
 *
 * <p>Call it before backward(), which frees the graph (or backward with retainGraph).
 */
public final class ChainRule {
    private ChainRule() {}

    /** One path: the tensors from the input to the output, and the local derivative of each step. */
    public record Path(List<String> nodes, List<Float> localDerivatives, double product) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder(String.join(" -> ", nodes)).append(" : ");
            for (int i = 0; i < localDerivatives.size(); i++)
                sb.append(i > 0 ? " * " : "").append(GraphWalk.fmt(localDerivatives.get(i)));
            return sb.append(" = ").append(GraphWalk.fmt((float) product)).toString();
        }
    }

    /** All paths and their sum. */
    public record Explanation(String output, String input, List<Path> paths, double total) {
        @Override
        public String toString() {
            StringBuilder sb = new StringBuilder("d" + output + "/d" + input + " by the chain rule over " + paths.size()
                    + " path" + (paths.size() == 1 ? "" : "s") + ":\n");
            for (int i = 0; i < paths.size(); i++) sb.append("  (").append(i + 1).append(") ").append(paths.get(i)).append('\n');
            return sb.append("  sum = ").append(GraphWalk.fmt((float) total)).append('\n').toString();
        }
    }

    /** Paths from input to output, in the order a depth-first walk from the output meets them. */
    public static Explanation explainPaths(Tensor output, Tensor input) {
        if (output.numel() != 1)
            throw new IllegalArgumentException("explainPaths: works on graphs of scalars (as the course's example); "
                    + "the output has shape " + java.util.Arrays.toString(output.shape()));
        GraphWalk w = new GraphWalk(output);
        List<Path> paths = new ArrayList<>();
        walk(w, output, input, new ArrayList<>(), new ArrayList<>(), paths);
        double total = 0;
        for (Path p : paths) total += p.product();
        return new Explanation(w.label(output), w.label(input), paths, total);
    }

    // stack holds the tensors from the output down to the current one; derivs the local derivative of each step.
    private static void walk(GraphWalk w, Tensor at, Tensor input, List<Tensor> stack, List<Float> derivs, List<Path> out) {
        stack.add(at);
        if (at == input) {
            List<String> names = new ArrayList<>();
            List<Float> ds = new ArrayList<>();
            double product = 1;
            for (int i = stack.size() - 1; i >= 0; i--) names.add(w.label(stack.get(i)));
            for (int i = derivs.size() - 1; i >= 0; i--) {
                ds.add(derivs.get(i));
                product *= derivs.get(i);
            }
            out.add(new Path(names, ds, product));
        } else if (at.node() != null) {
            Tensor[] inputs = at.node().inputs();
            Tensor[] local = at.node().vectorJacobianProduct(Tensor.onesLike(at), at);
            for (int j = 0; j < inputs.length; j++) {
                if (local[j] == null || !inputs[j].requiresGrad()) continue;
                if (local[j].numel() != 1)
                    throw new IllegalArgumentException("explainPaths: '" + at.node().op() + "' has a non-scalar input of shape "
                            + java.util.Arrays.toString(inputs[j].shape()) + "; the path view is for graphs of scalars");
                derivs.add(local[j].item());
                walk(w, inputs[j], input, stack, derivs, out);
                derivs.remove(derivs.size() - 1);
            }
        }
        stack.remove(stack.size() - 1);
    }
}
