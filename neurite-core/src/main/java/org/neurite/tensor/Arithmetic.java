package org.neurite.tensor;

import org.neurite.kernel.Elementwise.Binary;

/** Broadcasting binary arithmetic: forward kernels and backward formulas side by side. */
final class Arithmetic {
    private Arithmetic() {}

    private static Tensor forward(String op, Binary kernel, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(op, a.shape, b.shape);
        return new Tensor(Broadcast.binary(kernel, a, b, shape), shape);
    }

    /** a + b.  d/da = 1, d/db = 1 (summed back over broadcast dimensions). */
    static Tensor add(Tensor a, Tensor b) {
        Tensor out = forward("add", Binary.ADD, a, b);
        if (!Autograd.recording(a, b)) return out;
        return out.record("add", g -> new Tensor[]{
                a.requiresGrad() ? g.sumTo(a.shape) : null,
                b.requiresGrad() ? g.sumTo(b.shape) : null}, a, b);
    }

    /** a - b.  d/da = 1, d/db = -1. */
    static Tensor sub(Tensor a, Tensor b) {
        Tensor out = forward("sub", Binary.SUB, a, b);
        if (!Autograd.recording(a, b)) return out;
        return out.record("sub", g -> new Tensor[]{
                a.requiresGrad() ? g.sumTo(a.shape) : null,
                b.requiresGrad() ? g.neg().sumTo(b.shape) : null}, a, b);
    }

    /** a * b.  d/da = b, d/db = a. */
    static Tensor mul(Tensor a, Tensor b) {
        Tensor out = forward("mul", Binary.MUL, a, b);
        if (!Autograd.recording(a, b)) return out;
        return out.record("mul", g -> new Tensor[]{
                a.requiresGrad() ? g.mul(b).sumTo(a.shape) : null,
                b.requiresGrad() ? g.mul(a).sumTo(b.shape) : null}, a, b);
    }

    /** a / b.  d/da = 1/b, d/db = -a/b^2. */
    static Tensor div(Tensor a, Tensor b) {
        Tensor out = forward("div", Binary.DIV, a, b);
        if (!Autograd.recording(a, b)) return out;
        return out.record("div", g -> new Tensor[]{
                a.requiresGrad() ? g.div(b).sumTo(a.shape) : null,
                b.requiresGrad() ? g.mul(a).div(b.mul(b)).neg().sumTo(b.shape) : null}, a, b);
    }

    /** x^p.  d/dx = p x^(p-1). */
    static Tensor pow(Tensor x, float p) {
        Tensor out = forward("pow", Binary.POW, x, Tensor.scalar(p));
        if (!Autograd.recording(x)) return out;
        return out.record("pow", g -> new Tensor[]{p == 0 ? Tensor.zeros(x.shape) : g.mul(x.pow(p - 1).mul(p))}, x);
    }

    /** a^e.  d/da = e a^(e-1), d/de = a^e log a. */
    static Tensor pow(Tensor a, Tensor e) {
        Tensor out = forward("pow", Binary.POW, a, e);
        if (!Autograd.recording(a, e)) return out;
        return out.record("pow", g -> new Tensor[]{
                a.requiresGrad() ? g.mul(e).mul(a.pow(e.sub(1f))).sumTo(a.shape) : null,
                e.requiresGrad() ? g.mul(a.pow(e)).mul(a.log()).sumTo(e.shape) : null}, a, e);
    }

    /** max(a, b) elementwise; the gradient goes to a where a >= b, else to b. */
    static Tensor maximum(Tensor a, Tensor b) {
        Tensor out = forward("maximum", Binary.MAX, a, b);
        if (!Autograd.recording(a, b)) return out;
        return out.record("maximum", g -> {
            Tensor mask = Autograd.noGrad(() -> a.ge(b));
            return new Tensor[]{
                    a.requiresGrad() ? g.mul(mask).sumTo(a.shape) : null,
                    b.requiresGrad() ? g.mul(mask.neg().add(1f)).sumTo(b.shape) : null};
        }, a, b);
    }

    /** min(a, b) elementwise; the gradient goes to a where a <= b, else to b. */
    static Tensor minimum(Tensor a, Tensor b) {
        Tensor out = forward("minimum", Binary.MIN, a, b);
        if (!Autograd.recording(a, b)) return out;
        return out.record("minimum", g -> {
            Tensor mask = Autograd.noGrad(() -> a.le(b));
            return new Tensor[]{
                    a.requiresGrad() ? g.mul(mask).sumTo(a.shape) : null,
                    b.requiresGrad() ? g.mul(mask.neg().add(1f)).sumTo(b.shape) : null};
        }, a, b);
    }

    /** 1 where the comparison holds, else 0; never recorded (its derivative is zero almost everywhere). */
    static Tensor compare(String op, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast(op, a.shape, b.shape);
        float[] x = Autograd.noGrad(() -> a.expand(shape)).data, y = Autograd.noGrad(() -> b.expand(shape)).data;
        float[] o = new float[x.length];
        switch (op) {
            case "gt" -> { for (int i = 0; i < o.length; i++) o[i] = x[i] > y[i] ? 1f : 0f; }
            case "lt" -> { for (int i = 0; i < o.length; i++) o[i] = x[i] < y[i] ? 1f : 0f; }
            case "ge" -> { for (int i = 0; i < o.length; i++) o[i] = x[i] >= y[i] ? 1f : 0f; }
            case "le" -> { for (int i = 0; i < o.length; i++) o[i] = x[i] <= y[i] ? 1f : 0f; }
            case "eq" -> { for (int i = 0; i < o.length; i++) o[i] = x[i] == y[i] ? 1f : 0f; }
            default -> throw new IllegalArgumentException("compare: unknown comparison " + op);
        }
        return new Tensor(o, shape);
    }

    /** mask != 0 ? a : b, all three broadcast together. */
    static Tensor where(Tensor mask, Tensor a, Tensor b) {
        int[] shape = Shape.broadcast("where", Shape.broadcast("where", mask.shape, a.shape), b.shape);
        Tensor m = mask.expand(shape), x = a.expand(shape), y = b.expand(shape);
        float[] o = new float[m.data.length];
        for (int i = 0; i < o.length; i++) o[i] = m.data[i] != 0 ? x.data[i] : y.data[i];
        Tensor out = new Tensor(o, shape);
        if (!Autograd.recording(a, b)) return out;
        Tensor cm = m.detach();
        return out.record("where", g -> {
            Tensor zero = Tensor.zeros(1);
            return new Tensor[]{
                    a.requiresGrad() ? where(cm, g, zero).sumTo(a.shape) : null,
                    b.requiresGrad() ? where(cm, zero, g).sumTo(b.shape) : null};
        }, a, b);
    }
}
