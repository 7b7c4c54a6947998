package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every vector kernel against its scalar reference, on sizes that exercise the vector body and the tail. */
class ElementwiseTest {
    private static float[] random(int n, long seed, float lo, float hi) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[n];
        for (int i = 0; i < n; i++) a[i] = (float) (lo + (hi - lo) * r.nextDouble());
        return a;
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 257})
    void binaryOpsMatchReferenceForEveryIncrementPattern(int n) {
        float[] a = random(n + 3, 1, -3, 3), b = random(n + 5, 2, 0.5f, 3);
        for (Elementwise.Binary op : Elementwise.Binary.values()) {
            if (op == Elementwise.Binary.POW) a = random(n + 3, 3, 0.1f, 3);
            for (int[] inc : new int[][]{{1, 1}, {1, 0}, {0, 1}}) {
                float[] fast = new float[n + 2], ref = new float[n + 2];
                Elementwise.binary(op, a, 3, inc[0], b, 5, inc[1], fast, 2, n);
                ElementwiseReference.binary(op, a, 3, inc[0], b, 5, inc[1], ref, 2, n);
                assertArrayEquals(ref, fast, 1e-5f * 10, op + " " + inc[0] + "," + inc[1]);
            }
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 257})
    void unaryOpsMatchReference(int n) {
        float[] a = random(n + 1, 4, -6, 6), pos = random(n + 1, 5, 0.01f, 9);
        for (Elementwise.Unary op : Elementwise.Unary.values()) {
            float[] in = op == Elementwise.Unary.LOG || op == Elementwise.Unary.SQRT ? pos : a;
            float[] fast = new float[n], ref = new float[n];
            Elementwise.unary(op, in, 1, fast, 0, n);
            ElementwiseReference.unary(op, in, 1, ref, 0, n);
            for (int i = 0; i < n; i++)
                assertEquals(ref[i], fast[i], 2e-6f * Math.max(1, Math.abs(ref[i])), op + " at " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 7, 33, 257})
    void clampAxpySum(int n) {
        float[] a = random(n, 6, -3, 3), y1 = random(n, 7, -1, 1), y2 = y1.clone();
        float[] fast = new float[n], ref = new float[n];
        Elementwise.clamp(a, 0, -1, 1.5f, fast, 0, n);
        ElementwiseReference.clamp(a, 0, -1, 1.5f, ref, 0, n);
        assertArrayEquals(ref, fast);
        Elementwise.axpy(n, 0.3f, a, 0, y1, 0);
        ElementwiseReference.axpy(n, 0.3f, a, 0, y2, 0);
        assertArrayEquals(y2, y1, 1e-6f);
        assertEquals(ElementwiseReference.sum(a, 0, n), Elementwise.sum(a, 0, n), 1e-4f);
        float[] g = random(n + 2, 8, -1, 1), rb = new float[n], rr = new float[n];
        Elementwise.reluBackward(g, 2, a, 0, rb, 0, n);
        ElementwiseReference.reluBackward(g, 2, a, 0, rr, 0, n);
        assertArrayEquals(rr, rb);
    }

    @org.junit.jupiter.api.Test
    void reluKeepsNaNAndZeroesNegatives() {
        float[] a = {Float.NaN, -1, 0, 2, -0f, 5, -7, 3, 1, Float.NaN, -2, 4, 6, -1, 1, 2, 9};
        float[] o = new float[a.length];
        Elementwise.unary(Elementwise.Unary.RELU, a, 0, o, 0, a.length);
        assertEquals(Float.NaN, o[0]);
        assertEquals(Float.NaN, o[9]);
        assertEquals(0f, o[1]);
        assertEquals(2f, o[3]);
    }
}
