package org.neurite.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * Elementwise kernels on float[] rows, vectorised with the Vector API. A binary row takes each operand with an
 * increment of 1 (a contiguous row) or 0 (one value broadcast along the row), which is all that broadcasting needs
 * in the innermost dimension. {@link ElementwiseReference} holds the scalar oracle for each.
 */
public final class Elementwise {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private Elementwise() {}

    /** The binary operations with vector kernels. */
    public enum Binary {
        ADD, SUB, MUL, DIV, MAX, MIN, POW;

        /** Scalar definition; the oracle and the tail loop. */
        public float apply(float x, float y) {
            return switch (this) {
                case ADD -> x + y;
                case SUB -> x - y;
                case MUL -> x * y;
                case DIV -> x / y;
                case MAX -> Math.max(x, y);
                case MIN -> Math.min(x, y);
                case POW -> (float) Math.pow(x, y);
            };
        }

    }

    /** The unary operations with vector kernels. */
    public enum Unary {
        NEG, EXP, LOG, SQRT, ABS, SIGN, TANH, SIGMOID, RELU;

        public float apply(float x) {
            return switch (this) {
                case NEG -> -x;
                case EXP -> (float) Math.exp(x);
                case LOG -> (float) Math.log(x);
                case SQRT -> (float) Math.sqrt(x);
                case ABS -> Math.abs(x);
                case SIGN -> Math.signum(x);
                case TANH -> (float) Math.tanh(x);
                case SIGMOID -> (float) (1 / (1 + Math.exp(-x)));
                case RELU -> Math.max(x, 0f);
            };
        }
    }

    /** o[i] = op(a[ao + i*ai], b[bo + i*bi]) for i in [0, n); ai and bi are 0 or 1. */
    public static void binary(Binary op, float[] a, int ao, int ai, float[] b, int bo, int bi, float[] o, int oo, int n) {
        switch (op) {
            case ADD -> add(a, ao, ai, b, bo, bi, o, oo, n);
            case SUB -> sub(a, ao, ai, b, bo, bi, o, oo, n);
            case MUL -> mul(a, ao, ai, b, bo, bi, o, oo, n);
            case DIV -> div(a, ao, ai, b, bo, bi, o, oo, n);
            case MAX -> max(a, ao, ai, b, bo, bi, o, oo, n);
            case MIN -> min(a, ao, ai, b, bo, bi, o, oo, n);
            case POW -> {
                for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i * ai], b[bo + i * bi]);
            }
        }
    }

    // One loop per operator, spelled out: C2 intrinsifies lanewise only when the operator is a constant at the
    // call, and a shared loop taking the operator as a parameter was not always inlined (it then ran ~50x slower).
    private static void add(float[] a, int ao, int ai, float[] b, int bo, int bi, float[] o, int oo, int n) {
        int i = 0, upper = S.loopBound(n);
        if (ai == 1 && bi == 1) {
            for (; i < upper; i += L)
                FloatVector.fromArray(S, a, ao + i).add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (ai == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).add(vb).intoArray(o, oo + i);
        } else if (bi == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < upper; i += L) va.add(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            float x = a[ao + i * ai], y = b[bo + i * bi];
            o[oo + i] = x + y;
        }
    }

    private static void sub(float[] a, int ao, int ai, float[] b, int bo, int bi, float[] o, int oo, int n) {
        int i = 0, upper = S.loopBound(n);
        if (ai == 1 && bi == 1) {
            for (; i < upper; i += L)
                FloatVector.fromArray(S, a, ao + i).sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (ai == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).sub(vb).intoArray(o, oo + i);
        } else if (bi == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < upper; i += L) va.sub(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            float x = a[ao + i * ai], y = b[bo + i * bi];
            o[oo + i] = x - y;
        }
    }

    private static void mul(float[] a, int ao, int ai, float[] b, int bo, int bi, float[] o, int oo, int n) {
        int i = 0, upper = S.loopBound(n);
        if (ai == 1 && bi == 1) {
            for (; i < upper; i += L)
                FloatVector.fromArray(S, a, ao + i).mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (ai == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).mul(vb).intoArray(o, oo + i);
        } else if (bi == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < upper; i += L) va.mul(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            float x = a[ao + i * ai], y = b[bo + i * bi];
            o[oo + i] = x * y;
        }
    }

    private static void div(float[] a, int ao, int ai, float[] b, int bo, int bi, float[] o, int oo, int n) {
        int i = 0, upper = S.loopBound(n);
        if (ai == 1 && bi == 1) {
            for (; i < upper; i += L)
                FloatVector.fromArray(S, a, ao + i).div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (ai == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).div(vb).intoArray(o, oo + i);
        } else if (bi == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < upper; i += L) va.div(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            float x = a[ao + i * ai], y = b[bo + i * bi];
            o[oo + i] = x / y;
        }
    }

    private static void max(float[] a, int ao, int ai, float[] b, int bo, int bi, float[] o, int oo, int n) {
        int i = 0, upper = S.loopBound(n);
        if (ai == 1 && bi == 1) {
            for (; i < upper; i += L)
                FloatVector.fromArray(S, a, ao + i).max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (ai == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).max(vb).intoArray(o, oo + i);
        } else if (bi == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < upper; i += L) va.max(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            float x = a[ao + i * ai], y = b[bo + i * bi];
            o[oo + i] = Math.max(x, y);
        }
    }

    private static void min(float[] a, int ao, int ai, float[] b, int bo, int bi, float[] o, int oo, int n) {
        int i = 0, upper = S.loopBound(n);
        if (ai == 1 && bi == 1) {
            for (; i < upper; i += L)
                FloatVector.fromArray(S, a, ao + i).min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        } else if (ai == 1) {
            FloatVector vb = FloatVector.broadcast(S, b[bo]);
            for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).min(vb).intoArray(o, oo + i);
        } else if (bi == 1) {
            FloatVector va = FloatVector.broadcast(S, a[ao]);
            for (; i < upper; i += L) va.min(FloatVector.fromArray(S, b, bo + i)).intoArray(o, oo + i);
        }
        for (; i < n; i++) {
            float x = a[ao + i * ai], y = b[bo + i * bi];
            o[oo + i] = Math.min(x, y);
        }
    }

    /** o[oo + i] = op(a[ao + i]) for i in [0, n). */
    public static void unary(Unary op, float[] a, int ao, float[] o, int oo, int n) {
        int i = 0, upper = S.loopBound(n);
        switch (op) {
            case NEG -> { for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).neg().intoArray(o, oo + i); }
            case EXP -> { for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.EXP).intoArray(o, oo + i); }
            case LOG -> { for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.LOG).intoArray(o, oo + i); }
            case SQRT -> { for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).sqrt().intoArray(o, oo + i); }
            case ABS -> { for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).abs().intoArray(o, oo + i); }
            case TANH -> { for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).lanewise(VectorOperators.TANH).intoArray(o, oo + i); }
            case RELU -> {
                FloatVector zero = FloatVector.zero(S);
                for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).max(zero).intoArray(o, oo + i);
            }
            case SIGMOID -> {
                FloatVector one = FloatVector.broadcast(S, 1f);
                for (; i < upper; i += L)
                    one.div(FloatVector.fromArray(S, a, ao + i).neg().lanewise(VectorOperators.EXP).add(one)).intoArray(o, oo + i);
            }
            case SIGN -> { }
        }
        for (; i < n; i++) o[oo + i] = op.apply(a[ao + i]);
    }

    /** o[i] = x[i] > 0 ? g[i] : 0, the relu derivative applied to g; vector blend, no data-dependent branch. */
    public static void reluBackward(float[] g, int go, float[] x, int xo, float[] o, int oo, int n) {
        int i = 0, upper = S.loopBound(n);
        FloatVector zero = FloatVector.zero(S);
        for (; i < upper; i += L) {
            var positive = FloatVector.fromArray(S, x, xo + i).compare(VectorOperators.GT, 0f);
            zero.blend(FloatVector.fromArray(S, g, go + i), positive).intoArray(o, oo + i);
        }
        for (; i < n; i++) o[oo + i] = x[xo + i] > 0 ? g[go + i] : 0f;
    }

    /** o[i] = min(max(a[i], lo), hi). */
    public static void clamp(float[] a, int ao, float lo, float hi, float[] o, int oo, int n) {
        int i = 0, upper = S.loopBound(n);
        FloatVector vlo = FloatVector.broadcast(S, lo), vhi = FloatVector.broadcast(S, hi);
        for (; i < upper; i += L) FloatVector.fromArray(S, a, ao + i).max(vlo).min(vhi).intoArray(o, oo + i);
        for (; i < n; i++) o[oo + i] = Math.min(Math.max(a[ao + i], lo), hi);
    }

    /** y[i] += alpha * x[i] (BLAS saxpy), used by optimisers and gradient accumulation. */
    public static void axpy(int n, float alpha, float[] x, int xo, float[] y, int yo) {
        int i = 0, upper = S.loopBound(n);
        FloatVector va = FloatVector.broadcast(S, alpha);
        for (; i < upper; i += L)
            FloatVector.fromArray(S, x, xo + i).fma(va, FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        for (; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    /** Sum of a[ao .. ao+n) accumulated in float vector lanes, then double. */
    public static float sum(float[] a, int ao, int n) {
        int i = 0, upper = S.loopBound(n);
        FloatVector acc = FloatVector.zero(S);
        for (; i < upper; i += L) acc = acc.add(FloatVector.fromArray(S, a, ao + i));
        double s = sumLanes(acc);
        for (; i < n; i++) s += a[ao + i];
        return (float) s;
    }

    /**
     * The lanes' sum, added in lane order in double. Not reduceLanes(ADD): its order is unspecified, and it does
     * differ between the interpreter and compiled code, so a resumed run came out different from an uninterrupted one.
     */
    static double sumLanes(FloatVector v) {
        float[] lanes = new float[L];
        v.intoArray(lanes, 0);
        double s = 0;
        for (float x : lanes) s += x;
        return s;
    }
}
