package org.neurite.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Tensor;

/**
 * Numerical differentiation by central differences: df/dx_i ~ (f(x + h e_i) - f(x - h e_i)) / 2h, evaluated in
 * double precision around the float32 inputs. Costs two evaluations of f per input element, so it is for tests and
 * for learners, not for training (the course's Proposition 3.3: easy, inaccurate, expensive).
 */
public final class NumericalDiff {
    private NumericalDiff() {}

    /**
     * The gradient of a scalar function with respect to each input, by central differences with step h.
     * The inputs are perturbed in place and restored; f runs under no-grad.
     */
    public static List<Tensor> gradient(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double h) {
        return jacobianVectorProduct(f, inputs, h, null);
    }

    /**
     * For a function with a non-scalar output y, the gradient of sum(y * weights) (a vector-Jacobian product
     * with weights as the vector); weights null means the output must be a scalar.
     */
    public static List<Tensor> jacobianVectorProduct(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, double h,
                                                     Tensor weights) {
        List<Tensor> grads = new ArrayList<>();
        for (Tensor x : inputs) {
            float[] d = x.data();
            float[] g = new float[d.length];
            for (int i = 0; i < d.length; i++) {
                float orig = d[i];
                // The perturbed value is a float; use the step actually taken so rounding does not bias the quotient.
                float up = (float) (orig + h), down = (float) (orig - h);
                d[i] = up;
                double fp = evaluate(f, inputs, weights);
                d[i] = down;
                double fm = evaluate(f, inputs, weights);
                d[i] = orig;
                g[i] = (float) ((fp - fm) / ((double) up - down));
            }
            grads.add(Tensor.of(g, x.shape()));
        }
        return grads;
    }

    private static double evaluate(Function<List<Tensor>, Tensor> f, List<Tensor> inputs, Tensor weights) {
        Tensor y = Autograd.noGrad(() -> f.apply(inputs));
        float[] v = y.data();
        if (weights == null) {
            if (v.length != 1)
                throw new IllegalArgumentException("NumericalDiff: the function returned shape "
                        + java.util.Arrays.toString(y.shape()) + "; give weights for a non-scalar output");
            return v[0];
        }
        float[] w = weights.data();
        if (w.length != v.length)
            throw new IllegalArgumentException("NumericalDiff: weights have " + w.length + " elements, output has " + v.length);
        double s = 0;
        for (int i = 0; i < v.length; i++) s += (double) v[i] * w[i];
        return s;
    }
}
