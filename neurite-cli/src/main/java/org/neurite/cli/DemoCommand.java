package org.neurite.cli;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurite.autodiff.ChainRule;
import org.neurite.autodiff.GraphExport;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * A tour of the engine: the course's computational-graph example worked by reverse mode and path by path, its
 * picture, and a two-layer network learning XOR with nothing but tensors and autodiff.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Show the autodiff engine on the course's Example 3.2 and train a 2-4-1 network on XOR.")
final class DemoCommand implements Callable<Integer> {
    @Option(names = "--out", description = "Folder for graph.svg and graph.dot (default: ${DEFAULT-VALUE}).",
            defaultValue = "runs/demo")
    Path out;

    @Option(names = "--seed", description = "Random seed (default: ${DEFAULT-VALUE}).", defaultValue = "42")
    long seed;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws Exception {
        System.out.println("== The course's Example 3.2: a = b*c, b = d+e, c = e+2, d = 3+f, e = f*g at f = 4, g = 2");
        Tensor f = Tensor.scalar(4f).requiresGrad(true).name("f"), g = Tensor.scalar(2f).requiresGrad(true).name("g");
        Tensor e = f.mul(g).name("e"), d = f.add(3f).name("d"), b = d.add(e).name("b"), c = e.add(2f).name("c");
        Tensor a = b.mul(c).name("a");
        System.out.print(ChainRule.explainPaths(a, f));
        a.backward();
        System.out.printf("reverse mode: a = %s, da/df = %s, da/dg = %s%n", fmt(a.item()), fmt(f.grad().item()),
                fmt(g.grad().item()));
        GraphExport.write(GraphExport.toSvg(a), out.resolve("graph.svg"));
        GraphExport.write(GraphExport.toDot(a), out.resolve("graph.dot"));
        System.out.println("graph picture: " + out.resolve("graph.svg") + " (and graph.dot for Graphviz)");

        System.out.println();
        System.out.println("== A 2-4-1 network (tanh, sigmoid output) learning XOR by full-batch gradient descent");
        Rng rng = new Rng(seed);
        Tensor x = Tensor.of(new float[]{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2), y = Tensor.of(new float[]{0, 1, 1, 0}, 4, 1);
        Tensor w1 = Tensor.randn(rng, 2, 4).requiresGrad(true), b1 = Tensor.zeros(4).requiresGrad(true);
        Tensor w2 = Tensor.randn(rng, 4, 1).requiresGrad(true), b2 = Tensor.zeros(1).requiresGrad(true);
        List<Tensor> params = List.of(w1, b1, w2, b2);
        float lr = 0.5f;
        Tensor p = null;
        for (int step = 0; step <= 2000; step++) {
            p = x.matmul(w1).add(b1).tanh().matmul(w2).add(b2).sigmoid();
            Tensor loss = y.mul(p.log()).add(y.neg().add(1f).mul(p.neg().add(1f).log())).mean().neg(); // cross-entropy
            loss.backward();
            Autograd.noGrad(() -> {
                for (Tensor t : params) {
                    float[] w = t.data(), gr = t.grad().data();
                    for (int i = 0; i < w.length; i++) w[i] -= lr * gr[i];
                    t.zeroGrad();
                }
            });
            if (step % 500 == 0) System.out.printf("step %4d  loss %.4f%n", step, loss.item());
        }
        float[] pv = p.toFloatArray();
        System.out.printf("XOR predictions: (0,0) %.3f  (0,1) %.3f  (1,0) %.3f  (1,1) %.3f%n", pv[0], pv[1], pv[2], pv[3]);
        return 0;
    }

    private static String fmt(float v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
