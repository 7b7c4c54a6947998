package org.neurite.autodiff;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Tensor;

/**
 * Second derivatives by differentiating the gradient again (reverse over reverse): the gradient is computed with
 * createGraph, so it is itself a graph whose derivatives are the rows of the Hessian. The parameters of several
 * tensors are treated as one flat vector, in list order (element i of the second tensor follows all of the first).
 */
public final class Hessian {
    private Hessian() {}

    /** The n x n Hessian of a scalar function of params (n = total element count), from n backward passes. */
    public static Tensor hessian(Function<List<Tensor>, Tensor> f, List<Tensor> params) {
        try (var s = Autograd.enableGradScope()) {
            Tensor g = flatGradient(f, params);
            int n = g.numel();
            float[] h = new float[n * n];
            for (int i = 0; i < n; i++) {
                Tensor gi = g.slice(0, i, i + 1).sum();
                if (!gi.requiresGrad()) continue; // this gradient entry is constant: its row is zero
                List<Tensor> row = Autograd.grad(gi, params, null, false, true);
                int at = i * n;
                for (Tensor r : row) {
                    System.arraycopy(r.data(), 0, h, at, r.numel());
                    at += r.numel();
                }
            }
            return Tensor.of(h, n, n);
        }
    }

    /** Hessian of a function of one tensor. */
    public static Tensor hessian(Function<Tensor, Tensor> f, Tensor x) {
        return hessian(xs -> f.apply(xs.get(0)), List.of(x));
    }

    /**
     * The Hessian-vector product H v without forming H: the gradient of (grad f) . v, one extra backward pass.
     * v has one tensor per parameter, of the same shapes; so does the result.
     */
    public static List<Tensor> hvp(Function<List<Tensor>, Tensor> f, List<Tensor> params, List<Tensor> v) {
        if (v.size() != params.size())
            throw new IllegalArgumentException("hvp: " + v.size() + " vectors for " + params.size() + " parameters");
        try (var s = Autograd.enableGradScope()) {
            Tensor loss = f.apply(params);
            List<Tensor> g = Autograd.grad(loss, params, true);
            Tensor dot = Tensor.scalar(0f);
            for (int i = 0; i < g.size(); i++) {
                if (!java.util.Arrays.equals(g.get(i).shape(), v.get(i).shape()))
                    throw new IllegalArgumentException("hvp: vector " + i + " has shape "
                            + java.util.Arrays.toString(v.get(i).shape()) + ", parameter has "
                            + java.util.Arrays.toString(params.get(i).shape()));
                dot = dot.add(g.get(i).mul(v.get(i)).sum());
            }
            if (!dot.requiresGrad()) { // the gradient does not depend on params: H = 0
                List<Tensor> zeros = new ArrayList<>();
                for (Tensor p : params) zeros.add(Tensor.zeros(p.shape()));
                return zeros;
            }
            return Autograd.grad(dot, params, false);
        }
    }

    /** H v for a function of one tensor. */
    public static Tensor hvp(Function<Tensor, Tensor> f, Tensor x, Tensor v) {
        return hvp(xs -> f.apply(xs.get(0)), List.of(x), List.of(v)).get(0);
    }

    /** The gradient of f at params, flattened into one recorded vector. */
    static Tensor flatGradient(Function<List<Tensor>, Tensor> f, List<Tensor> params) {
        Tensor loss = f.apply(params);
        List<Tensor> g = Autograd.grad(loss, params, true);
        List<Tensor> flat = new ArrayList<>();
        for (Tensor t : g) flat.add(t.reshape(t.numel()));
        return flat.size() == 1 ? flat.get(0) : Tensor.concat(flat, 0);
    }
}
