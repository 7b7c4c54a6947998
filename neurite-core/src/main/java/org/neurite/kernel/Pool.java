package org.neurite.kernel;

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
        maxPoolForward(planes, g, x, out, argmax, false);
    }

    /**
     * As {@link #maxPoolForward(int, Window2d, float[], float[], int[])}, then, when relu, max(out, 0): a ReLU fused
     * into the pooling (relu(maxPool(x)) = maxPool(relu(x))), which saves a pass and an array. argmax is unchanged.
     */
    public static void maxPoolForward(int planes, Window2d g, float[] x, float[] out, int[] argmax, boolean relu) {
        check("maxPool2d", planes, g, x, out);
        // max(v, -inf) is v itself (NaN and -0 included), so one branch-free max serves both
        float floor = relu ? 0f : Float.NEGATIVE_INFINITY;
        if (argmax.length < (long) planes * g.outPlane())
            throw new IllegalArgumentException("maxPool2d: argmax array too small for " + planes + " planes of " + g);
        int in = g.inPlane(), op = g.outPlane();
        if (isTwoByTwo(g)) {
            Parallel.forRange(planes, grain(g), (from, to) -> maxPool2x2(from, to, g, x, out, argmax, floor));
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
                        out[oo + oy * g.ow() + ox] = Math.max(best, floor);
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

    /**
     * maxPoolForward for 2x2 windows with stride 2, unrolled: the general loop spent most of its time on window
     * bounds. Same result, ties, signed zeros and NaN included (the first maximum in row-major window order wins; NaN
     * wins). A vector version (a row of windows per vector) was 1-2% faster on W2's training step but made its first
     * batch 0.3 s later: until C2 compiles it, Vector API code runs far slower than scalar code.
     */
    private static void maxPool2x2(int from, int to, Window2d g, float[] x, float[] out, int[] argmax,
                                   float floor) {
        int w = g.w(), in = g.inPlane(), oh = g.oh(), ow = g.ow(), op = g.outPlane();
        for (int pl = from; pl < to; pl++) {
            int xo = pl * in, oo = pl * op;
            for (int oy = 0; oy < oh; oy++) {
                int r0 = 2 * oy * w, o = oo + oy * ow;
                for (int ox = 0; ox < ow; ox++) {
                    int i0 = r0 + 2 * ox, i1 = i0 + 1, i2 = i0 + w, i3 = i2 + 1;
                    float a = x[xo + i0], b = x[xo + i1], c = x[xo + i2], d = x[xo + i3];
                    // Branch-free: with random data the compare-and-branch version mispredicted on most windows.
                    float best = Math.max(Math.max(a, b), Math.max(c, d)); // NaN if any is NaN
                    int where = d == best ? i3 : i0;
                    where = c == best ? i2 : where;
                    where = b == best ? i1 : where;
                    where = a == best ? i0 : where;
                    if (best != best) where = a != a ? i0 : b != b ? i1 : c != c ? i2 : i3; // the first NaN wins
                    out[o + ox] = Math.max(x[xo + where], floor); // the first maximum itself: -0 stays -0 (ReLU: 0)
                    argmax[o + ox] = where;
                }
            }
        }
    }

    /** gradIn = zeros, then each gradOut added at its window's argmax. Overwrites gradIn. */
    public static void maxPoolBackward(int planes, Window2d g, float[] gradOut, int[] argmax, float[] gradIn) {
        maxPoolBackward(planes, g, gradOut, argmax, null, gradIn);
    }

    /**
     * As above, with the fused ReLU's derivative when out (the pooling's output) is not null: gradOut counts only
     * where out > 0.
     */
    public static void maxPoolBackward(int planes, Window2d g, float[] gradOut, int[] argmax, float[] out,
                                       float[] gradIn) {
        check("maxPool2d backward", planes, g, gradIn, gradOut);
        if (out != null && out.length < gradOut.length)
            throw new IllegalArgumentException("maxPool2d backward: output of " + out.length + " values for "
                    + gradOut.length + " gradients");
        int in = g.inPlane(), op = g.outPlane();
        Parallel.forRange(planes, grain(g), (from, to) -> {
            java.util.Arrays.fill(gradIn, from * in, to * in, 0f);
            // Masked a plane at a time by the vector kernel first: a select in the scatter loop compiled to a
            // branch, which the ReLU's random pattern mispredicts (the backward took 15% longer than unfused).
            float[] masked = out == null ? null : new float[op];
            for (int pl = from; pl < to; pl++) {
                float[] src = gradOut;
                int so = pl * op;
                if (out != null) {
                    Elementwise.reluBackward(gradOut, pl * op, out, pl * op, masked, 0, op);
                    src = masked;
                    so = 0;
                }
                for (int i = 0; i < op; i++) gradIn[pl * in + argmax[pl * op + i]] += src[so + i];
            }
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
