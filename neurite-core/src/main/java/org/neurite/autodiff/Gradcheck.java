package org.neurite.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * Compares the gradients that autodiff computes with numerical ones from central differences, as
 * torch.autograd.gradcheck does. A function with a non-scalar output is checked through sum(y * w) for a fixed
 * random w, which exercises every entry of its Jacobian.
 *
 * <pre>{@code
 * Gradcheck.Result r = Gradcheck.check(xs -> xs.get(0).tanh().mul(xs.get(1)).sum(), List.of(x, y));
 * assertTrue(r.passed(), r.toString());
 * }</pre>
 *
 * <p>Float32 limits the precision: the defaults (step 1e-2, tolerance |a - n| <= atol + rtol |n| with atol 1e-2
 * and rtol 1e-2) catch wrong formulas while tolerating rounding. Inputs must require grad.
 */
public final class Gradcheck {
    private Gradcheck() {}

    /** The outcome: the worst mismatch found, and where. */
    public record Result(boolean passed, double maxAbsError, int input, int element, float analytic, float numerical) {
        @Override
        public String toString() {
            return (passed ? "gradcheck passed" : "gradcheck FAILED") + ": max |analytic - numerical| = "
                    + String.format("%.3g", maxAbsError) + " at input " + input + ", element " + element
                    + " (analytic " + analytic + ", numerical " + numerical + ")";
        }
    }

    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        return check(f, inputs, 1e-2, 1e-2, 1e-2);
    }

    public static Result check(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double h, double atol, double rtol) {
        for (int i = 0; i < inputs.size(); i++)
            if (!inputs.get(i).requiresGrad())
                throw new IllegalArgumentException("Gradcheck: input " + i + " does not require grad");
        Tensor y = f.apply(inputs);
        Tensor weights = y.numel() == 1 ? null : Tensor.rand(new Rng(1234), y.shape()).add(0.5f);
        List<Tensor> analytic = Autograd.grad(y, inputs, weights, false, false);
        List<Tensor> numerical = NumericalDiff.jacobianVectorProduct(f, inputs, h, weights);
        return compare(analytic, numerical, atol, rtol);
    }

    /** Element-wise comparison of two lists of gradients. */
    public static Result compare(List<Tensor> analytic, List<Tensor> numerical, double atol, double rtol) {
        boolean ok = true;
        double worst = -1;
        int wi = -1, we = -1;
        float wa = 0, wn = 0;
        double worstExcess = Double.NEGATIVE_INFINITY;
        for (int i = 0; i < analytic.size(); i++) {
            float[] a = analytic.get(i).data(), n = numerical.get(i).data();
            for (int e = 0; e < a.length; e++) {
                double err = Math.abs((double) a[e] - n[e]);
                double excess = err - (atol + rtol * Math.abs(n[e]));
                if (excess > 0 || Double.isNaN(err)) ok = false;
                if (excess > worstExcess || Double.isNaN(err)) {
                    worstExcess = Double.isNaN(err) ? Double.POSITIVE_INFINITY : excess;
                    worst = err;
                    wi = i;
                    we = e;
                    wa = a[e];
                    wn = n[e];
                }
            }
        }
        return new Result(ok, worst, wi, we, wa, wn);
    }

    /** Checks second derivatives: the gradient of sum(grad f * v) by autodiff against central differences. */
    public static Result checkSecondOrder(Function<List<Tensor>, Tensor> f, List<Tensor> inputs) {
        List<Tensor> vs = new ArrayList<>();
        Rng rng = new Rng(99);
        for (Tensor x : inputs) vs.add(Tensor.rand(rng, x.shape()).add(0.5f));
        Function<List<Tensor>, Tensor> gradDotV = xs -> {
            try (var s = Autograd.enableGradScope()) {
                Tensor out = f.apply(xs);
                List<Tensor> g = Autograd.grad(out, xs, true);
                Tensor total = Tensor.scalar(0f);
                for (int i = 0; i < g.size(); i++) total = total.add(g.get(i).mul(vs.get(i)).sum());
                return total;
            }
        };
        Tensor y = gradDotV.apply(inputs);
        List<Tensor> analytic = Autograd.grad(y, inputs, false);
        List<Tensor> numerical = NumericalDiff.gradient(xs -> Autograd.noGrad(() -> gradDotV.apply(xs)).detach(), inputs, 1e-2);
        return compare(analytic, numerical, 2e-2, 2e-2);
    }
}
