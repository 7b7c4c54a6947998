package org.neurite.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.IntVector;
import jdk.incubator.vector.VectorMask;
import jdk.incubator.vector.VectorOperators;
import jdk.incubator.vector.VectorSpecies;

/**
 * 2-D max and average pooling over planes (the course's Definition 2.7), parallel over planes.
 *
 * <p>x holds {@code planes} input planes of h x w (a batch [n, c, h, w] is n*c planes), out the same number of
 * oh x ow planes. Max pooling takes the largest value of each window (padding never wins, as in PyTorch) and
 * records where it was (a plane-local index), so backward routes each gradient to that one input. Average pooling
 * divides the window's sum by kh*kw (countIncludePad, PyTorch's default) or by the number of real inputs in it.
 * {@link PoolReference} is the scalar oracle.
 */
public final class Pool {
    private Pool() {}

    /** out = max over each window; argmax = the plane-local input index of each maximum (first one on ties). */
    public static void maxPoolForward(int planes, Window2d g, float[] x, float[] out, int[] argmax) {
        check("maxPool2d", planes, g, x, out);
        if (argmax.length < (long) planes * g.outPlane())
            throw new IllegalArgumentException("maxPool2d: argmax array too small for " + planes + " planes of " + g);
        int in = g.inPlane(), op = g.outPlane();
        if (isTwoByTwo(g)) {
            Parallel.forRange(planes, grain(g), (from, to) -> maxPool2x2(from, to, g, x, out, argmax));
            return;
        }
        Parallel.forRange(planes, grain(g), (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int xo = pl * in, oo = pl * op;
                for (int oy = 0; oy < g.oh(); oy++) {
                    int y0 = oy * g.sh() - g.ph(), y1 = Math.min(y0 + g.kh(), g.h());
                    y0 = Math.max(y0, 0);
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int x0 = ox * g.sw() - g.pw(), x1 = Math.min(x0 + g.kw(), g.w());
                        x0 = Math.max(x0, 0);
                        float best = Float.NEGATIVE_INFINITY;
                        int where = -1;
                        for (int y = y0; y < y1; y++)
                            for (int xx = x0; xx < x1; xx++) {
                                float v = x[xo + y * g.w() + xx];
                                if (where < 0 || v > best || (Float.isNaN(v) && !Float.isNaN(best))) {
                                    best = v;
                                    where = y * g.w() + xx;
                                }
                            }
                        if (where < 0)
                            throw new IllegalArgumentException("maxPool2d: window (" + oy + ", " + ox
                                    + ") covers only padding in " + g);
                        out[oo + oy * g.ow() + ox] = best;
                        argmax[oo + oy * g.ow() + ox] = where;
                    }
                }
            }
        });
    }

    /** The common 2x2 window, stride 2, no padding, every window inside the plane. */
    static boolean isTwoByTwo(Window2d g) {
        return g.kh() == 2 && g.kw() == 2 && g.sh() == 2 && g.sw() == 2 && g.ph() == 0 && g.pw() == 0
                && 2 * g.oh() <= g.h() && 2 * g.ow() <= g.w();
    }

    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final VectorSpecies<Integer> SI = VectorSpecies.of(int.class, S.vectorShape());
    private static final int VL = S.length();
    /** Two-vector indices of the even and odd lanes of 2 VL consecutive floats; 2l as ints. */
    private static final FloatVector EVEN, ODD;
    private static final IntVector TWICE_IOTA;

    static {
        float[] even = new float[VL], odd = new float[VL];
        int[] twice = new int[VL];
        for (int l = 0; l < VL; l++) {
            even[l] = 2 * l;
            odd[l] = 2 * l + 1;
            twice[l] = 2 * l;
        }
        EVEN = FloatVector.fromArray(S, even, 0);
        ODD = FloatVector.fromArray(S, odd, 0);
        TWICE_IOTA = IntVector.fromArray(SI, twice, 0);
    }

    /**
     * maxPoolForward for 2x2 windows with stride 2, VL windows of an output row at a time: the two input rows are
     * loaded as vectors and split into the windows' four corners by permutes. Same result as the general loop, ties
     * and NaN included (the first maximum in row-major window order wins; NaN wins): a chunk holding a NaN goes
     * through {@link #maxPool2x2Scalar}.
     */
    private static void maxPool2x2(int from, int to, Window2d g, float[] x, float[] out, int[] argmax) {
        int w = g.w(), in = g.inPlane(), oh = g.oh(), ow = g.ow(), op = g.outPlane();
        for (int pl = from; pl < to; pl++) {
            int xo = pl * in, oo = pl * op;
            for (int oy = 0; oy < oh; oy++) {
                for (int ox = 0; ox < ow; ox += VL) {
                    int n = Math.min(VL, ow - ox), i0 = 2 * oy * w + 2 * ox, o = oo + oy * ow + ox; // plane-local i0
                    VectorMask<Float> lo = S.indexInRange(0, 2 * n), hi = S.indexInRange(VL, 2 * n);
                    FloatVector t0 = FloatVector.fromArray(S, x, xo + i0, lo);
                    FloatVector t1 = FloatVector.fromArray(S, x, xo + i0 + VL, hi);
                    FloatVector b0 = FloatVector.fromArray(S, x, xo + i0 + w, lo);
                    FloatVector b1 = FloatVector.fromArray(S, x, xo + i0 + w + VL, hi);
                    FloatVector a = EVEN.selectFrom(t0, t1), b = ODD.selectFrom(t0, t1);
                    FloatVector c = EVEN.selectFrom(b0, b1), d = ODD.selectFrom(b0, b1);
                    FloatVector best = a.max(b).max(c.max(d));
                    if (best.test(VectorOperators.IS_NAN).anyTrue()) {
                        maxPool2x2Scalar(x, xo, w, i0, n, out, argmax, o);
                        continue;
                    }
                    // the first corner equal to the max, and its own value (-0 before +0 stays -0, as in the loop)
                    VectorMask<Float> isA = a.eq(best), isB = b.eq(best), isC = c.eq(best);
                    IntVector c0 = TWICE_IOTA.add(i0), where = c0.add(w + 1); // corner d
                    where = where.blend(c0.add(w), isC.cast(SI)).blend(c0.add(1), isB.cast(SI)).blend(c0, isA.cast(SI));
                    VectorMask<Float> keep = S.indexInRange(0, n);
                    d.blend(c, isC).blend(b, isB).blend(a, isA).intoArray(out, o, keep);
                    where.intoArray(argmax, o, keep.cast(SI));
                }
            }
        }
    }

    /** n windows of one output row, one at a time (the chunks that hold a NaN). */
    private static void maxPool2x2Scalar(float[] x, int xo, int w, int i0, int n, float[] out, int[] argmax, int o) {
        for (int k = 0; k < n; k++) {
            int j0 = i0 + 2 * k, j1 = j0 + 1, j2 = j0 + w, j3 = j2 + 1;
            float a = x[xo + j0], b = x[xo + j1], c = x[xo + j2], d = x[xo + j3];
            float best = Math.max(Math.max(a, b), Math.max(c, d)); // NaN if any is NaN
            int where = d == best ? j3 : j0;
            where = c == best ? j2 : where;
            where = b == best ? j1 : where;
            where = a == best ? j0 : where;
            if (best != best) where = a != a ? j0 : b != b ? j1 : c != c ? j2 : j3; // the first NaN wins
            out[o + k] = x[xo + where];
            argmax[o + k] = where;
        }
    }

    /** gradIn = zeros, then each gradOut added at its window's argmax. Overwrites gradIn. */
    public static void maxPoolBackward(int planes, Window2d g, float[] gradOut, int[] argmax, float[] gradIn) {
        check("maxPool2d backward", planes, g, gradIn, gradOut);
        int in = g.inPlane(), op = g.outPlane();
        Parallel.forRange(planes, grain(g), (from, to) -> {
            java.util.Arrays.fill(gradIn, from * in, to * in, 0f);
            for (int pl = from; pl < to; pl++)
                for (int i = 0; i < op; i++) gradIn[pl * in + argmax[pl * op + i]] += gradOut[pl * op + i];
        });
    }

    /** out[i] = t[argmax[i]] per plane: the adjoint of {@link #maxPoolBackward} (for higher-order gradients). */
    public static void maxPoolGather(int planes, Window2d g, float[] t, int[] argmax, float[] out) {
        check("maxPool2d gather", planes, g, t, out);
        int in = g.inPlane(), op = g.outPlane();
        for (int pl = 0; pl < planes; pl++)
            for (int i = 0; i < op; i++) out[pl * op + i] = t[pl * in + argmax[pl * op + i]];
    }

    /** out = the mean of each window (see the class comment for the divisor). */
    public static void avgPoolForward(int planes, Window2d g, boolean countIncludePad, float[] x, float[] out) {
        check("avgPool2d", planes, g, x, out);
        int in = g.inPlane(), op = g.outPlane();
        Parallel.forRange(planes, grain(g), (from, to) -> {
            for (int pl = from; pl < to; pl++) {
                int xo = pl * in, oo = pl * op;
                for (int oy = 0; oy < g.oh(); oy++) {
                    int y0 = Math.max(oy * g.sh() - g.ph(), 0), y1 = Math.min(oy * g.sh() - g.ph() + g.kh(), g.h());
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int x0 = Math.max(ox * g.sw() - g.pw(), 0), x1 = Math.min(ox * g.sw() - g.pw() + g.kw(), g.w());
                        float s = 0;
                        for (int y = y0; y < y1; y++)
                            for (int xx = x0; xx < x1; xx++) s += x[xo + y * g.w() + xx];
                        out[oo + oy * g.ow() + ox] = s / divisor(g, countIncludePad, y0, y1, x0, x1);
                    }
                }
            }
        });
    }

    /** gradIn = the adjoint of average pooling applied to gradOut. Overwrites gradIn. */
    public static void avgPoolBackward(int planes, Window2d g, boolean countIncludePad, float[] gradOut, float[] gradIn) {
        check("avgPool2d backward", planes, g, gradIn, gradOut);
        int in = g.inPlane(), op = g.outPlane();
        Parallel.forRange(planes, grain(g), (from, to) -> {
            java.util.Arrays.fill(gradIn, from * in, to * in, 0f);
            for (int pl = from; pl < to; pl++) {
                int xo = pl * in, oo = pl * op;
                for (int oy = 0; oy < g.oh(); oy++) {
                    int y0 = Math.max(oy * g.sh() - g.ph(), 0), y1 = Math.min(oy * g.sh() - g.ph() + g.kh(), g.h());
                    for (int ox = 0; ox < g.ow(); ox++) {
                        int x0 = Math.max(ox * g.sw() - g.pw(), 0), x1 = Math.min(ox * g.sw() - g.pw() + g.kw(), g.w());
                        float v = gradOut[oo + oy * g.ow() + ox] / divisor(g, countIncludePad, y0, y1, x0, x1);
                        for (int y = y0; y < y1; y++)
                            for (int xx = x0; xx < x1; xx++) gradIn[xo + y * g.w() + xx] += v;
                    }
                }
            }
        });
    }

    static float divisor(Window2d g, boolean countIncludePad, int y0, int y1, int x0, int x1) {
        return countIncludePad ? g.kh() * g.kw() : Math.max(1, (y1 - y0) * (x1 - x0));
    }

    private static int grain(Window2d g) {
        return Math.max(1, 32768 / Math.max(1, g.outPlane() * g.kh() * g.kw()));
    }

    static void check(String op, int planes, Window2d g, float[] x, float[] out) {
        if (planes < 0 || x.length < (long) planes * g.inPlane() || out.length < (long) planes * g.outPlane())
            throw new IllegalArgumentException(op + ": arrays of length (input " + x.length + ", output " + out.length
                    + ") do not hold " + planes + " planes of " + g);
    }
}
