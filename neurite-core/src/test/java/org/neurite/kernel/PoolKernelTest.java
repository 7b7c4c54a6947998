package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Max and average pooling against the scalar reference on odd sizes, overlapping windows and padding. */
class PoolKernelTest {
    private final Random random = new Random(5);

    private float[] rand(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) random.nextGaussian();
        return a;
    }

    private void compare(int planes, Window2d g) {
        float[] x = rand(planes * g.inPlane());
        float[] ref = new float[planes * g.outPlane()], out = new float[ref.length];
        int[] arg = new int[ref.length];
        PoolReference.maxPoolForward(planes, g, x, ref);
        Pool.maxPoolForward(planes, g, x, out, arg);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(ref[i], out[i], 0f, "max " + g + " at " + i);
            assertEquals(out[i], x[(i / g.outPlane()) * g.inPlane() + arg[i]], 0f, "argmax points at the max");
        }
        for (boolean include : new boolean[]{true, false}) {
            PoolReference.avgPoolForward(planes, g, include, x, ref);
            Pool.avgPoolForward(planes, g, include, x, out);
            for (int i = 0; i < ref.length; i++) assertEquals(ref[i], out[i], 1e-5f, "avg " + g + " at " + i);
            // backward is the adjoint: <avg(x), y> = <x, avgBackward(y)>
            float[] y = rand(ref.length), gx = new float[x.length];
            Pool.avgPoolBackward(planes, g, include, y, gx);
            double lhs = 0, rhs = 0;
            for (int i = 0; i < y.length; i++) lhs += (double) out[i] * y[i];
            for (int i = 0; i < x.length; i++) rhs += (double) x[i] * gx[i];
            assertEquals(lhs, rhs, 1e-4 * (1 + Math.abs(lhs)));
        }
        float[] y = rand(ref.length), gx = new float[x.length], back = new float[ref.length];
        Pool.maxPoolBackward(planes, g, y, arg, gx);
        Pool.maxPoolGather(planes, g, x, arg, back);
        double lhs = 0, rhs = 0;
        for (int i = 0; i < y.length; i++) lhs += (double) back[i] * y[i];
        for (int i = 0; i < x.length; i++) rhs += (double) x[i] * gx[i];
        assertEquals(lhs, rhs, 1e-4 * (1 + Math.abs(lhs)), "max backward is the adjoint of gathering at the argmax");
        // and exactly the scatter of each gradient onto zeros at its argmax, whatever gradIn held before
        float[] scatter = new float[x.length], over = rand(x.length);
        for (int i = 0; i < y.length; i++) scatter[(i / g.outPlane()) * g.inPlane() + arg[i]] += y[i];
        Pool.maxPoolBackward(planes, g, y, arg, over);
        for (int i = 0; i < x.length; i++) assertEquals(scatter[i], over[i], 0f, "max backward " + g + " at " + i);
        // the fused ReLU: max(out, 0) with the same argmax, and gradients only where that is positive
        float[] fused = new float[ref.length], masked = new float[x.length], expect = new float[x.length];
        int[] arg2 = new int[ref.length];
        float[] plain = new float[ref.length];
        Pool.maxPoolForward(planes, g, x, plain, new int[ref.length]);
        Pool.maxPoolForward(planes, g, x, fused, arg2, true);
        for (int i = 0; i < ref.length; i++) {
            assertEquals(Math.max(plain[i], 0f), fused[i], 0f, "max + relu " + g + " at " + i);
            assertEquals(arg[i], arg2[i], "argmax " + i);
            if (fused[i] > 0) expect[(i / g.outPlane()) * g.inPlane() + arg[i]] += y[i];
        }
        Pool.maxPoolBackward(planes, g, y, arg2, fused, masked);
        for (int i = 0; i < x.length; i++) assertEquals(expect[i], masked[i], 0f, "relu-masked backward at " + i);
    }

    @Test void nonOverlapping() { compare(6, Window2d.of(8, 6, 2, 2, 2, 2, 0, 0)); }
    @Test void overlappingOddSizes() { compare(5, Window2d.of(7, 9, 3, 3, 2, 2, 0, 0)); }
    @Test void overlappingWithPadding() { compare(3, Window2d.of(5, 7, 3, 3, 2, 1, 1, 1)); }
    @Test void rectangularStrideOne() { compare(2, Window2d.of(5, 4, 2, 3, 1, 1, 0, 1)); }
    @Test void twoByTwoFastPathOnOddPlanes() { compare(4, Window2d.of(7, 9, 2, 2, 2, 2, 0, 0)); }

    @Test
    void twoByTwoFastPathKeepsTiesAndNaNLikeTheGeneralLoop() {
        Window2d fast = Window2d.of(2, 4, 2, 2, 2, 2, 0, 0);
        float[] x = {1, 3, Float.NaN, 0, 3, 2, 5, Float.NaN}; // window 0 ties at 3 (first wins), window 1 has NaNs
        float[] ref = new float[2], out = new float[2];
        int[] arg = new int[2];
        PoolReference.maxPoolForward(1, fast, x, ref);
        Pool.maxPoolForward(1, fast, x, out, arg);
        assertEquals(3f, out[0]);
        assertEquals(1, arg[0]);
        assertEquals(Float.NaN, out[1]);
        assertEquals(2, arg[1]);
        assertEquals(ref[0], out[0]);
        assertEquals(ref[1], out[1]);
    }

    @Test void manyPlanesInParallel() { compare(300, Window2d.of(6, 6, 2, 2, 2, 2, 0, 0)); }

    /** The 2x2 path on W2's rows of 14 and 7 windows, and on 21 windows with an odd width. */
    @Test void twoByTwoWideRows() {
        compare(3, Window2d.of(28, 28, 2, 2, 2, 2, 0, 0));
        compare(5, Window2d.of(14, 14, 2, 2, 2, 2, 0, 0));
        compare(2, Window2d.of(9, 43, 2, 2, 2, 2, 0, 0));
    }

    @Test
    void twoByTwoRowsKeepTiesSignedZerosAndNaNLikeTheGeneralLoop() {
        Window2d g = Window2d.of(4, 42, 2, 2, 2, 2, 0, 0); // 21 windows per output row
        float[] x = new float[2 * g.inPlane()];
        java.util.Random random = new java.util.Random(7);
        float[] pool = {0f, -0f, 1f, -1f, 2f, 2f}; // few distinct values: ties and signed zeros everywhere
        for (int i = 0; i < x.length; i++) x[i] = pool[random.nextInt(pool.length)];
        x[5] = Float.NaN; // NaN in the first row of windows,
        x[2 * g.w() + 40] = Float.NaN; // and in the last window of the second
        float[] out = new float[2 * g.outPlane()];
        int[] arg = new int[out.length];
        Pool.maxPoolForward(2, g, x, out, arg);
        for (int pl = 0; pl < 2; pl++)
            for (int oy = 0; oy < g.oh(); oy++)
                for (int ox = 0; ox < g.ow(); ox++) {
                    int o = pl * g.outPlane() + oy * g.ow() + ox, best = -1;
                    for (int dy = 0; dy < 2; dy++)
                        for (int dx = 0; dx < 2; dx++) { // the general loop's rule: first max in row-major order, NaN wins
                            int i = (2 * oy + dy) * g.w() + 2 * ox + dx;
                            float v = x[pl * g.inPlane() + i];
                            float cur = best < 0 ? 0 : x[pl * g.inPlane() + best];
                            if (best < 0 || v > cur || (Float.isNaN(v) && !Float.isNaN(cur))) best = i;
                        }
                    assertEquals(best, arg[o], "argmax of window " + o);
                    assertEquals(Float.floatToIntBits(x[pl * g.inPlane() + best]), Float.floatToIntBits(out[o]),
                            "max of window " + o);
                }
    }

    @Test
    void shortArraysAreRejected() {
        Window2d g = Window2d.of(4, 4, 2, 2, 2, 2, 0, 0);
        assertThrows(IllegalArgumentException.class, () -> Pool.maxPoolForward(2, g, new float[20], new float[8], new int[8]));
        assertThrows(IllegalArgumentException.class, () -> Pool.avgPoolForward(2, g, true, new float[32], new float[7]));
    }
}
