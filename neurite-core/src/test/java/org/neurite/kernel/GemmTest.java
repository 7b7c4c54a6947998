package org.neurite.kernel;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class GemmTest {
    /** m, n, k triples: tiny, odd, tile-edge and blocking-edge sizes (k > KC and m > MC hit the block loops). */
    private static final int[][] SIZES = {
        {1, 1, 1}, {7, 7, 7}, {33, 33, 33}, {1, 257, 7}, {257, 1, 33}, {7, 33, 257}, {65, 31, 129},
        {64, 256, 784}, {6, 32, 1}, {13, 95, 300}, {150, 70, 520}, {257, 257, 257},
    };

    static Stream<Arguments> cases() {
        List<Arguments> out = new ArrayList<>();
        for (int[] s : SIZES) {
            for (int t = 0; t < 4; t++) out.add(Arguments.of(t >= 2, (t & 1) == 1, s[0], s[1], s[2]));
        }
        return out.stream();
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("cases")
    void matchesReference(boolean ta, boolean tb, int m, int n, int k) {
        check(ta, tb, m, n, k, 1f, 0f, 0, 0, 0, m * 31 + n * 7 + k);
    }

    @ParameterizedTest(name = "transA={0} transB={1} m={2} n={3} k={4}")
    @MethodSource("cases")
    void offsetsPaddedStridesAlphaBeta(boolean ta, boolean tb, int m, int n, int k) {
        check(ta, tb, m, n, k, -0.75f, 0.5f, 3, 5, 2, m + n + k);
    }

    @Test
    void alphaBetaCombinations() {
        float[][] ab = {{1, 1}, {2, 0}, {0, 3}, {0, 0}, {-1, -1}, {0.5f, 2}, {1, 0}};
        for (float[] x : ab) {
            for (int t = 0; t < 4; t++) check(t >= 2, (t & 1) == 1, 19, 45, 37, x[0], x[1], 1, 2, 3, t);
        }
    }

    /**
     * A partial register tile does the arithmetic of a full one: with alpha and beta other than 0 and 1, a row (and a
     * column) past the last full tile that repeats the first one's inputs gets the first one's values to the bit.
     */
    @Test
    void partialTilesDoTheArithmeticOfFullOnes() {
        int mr = GemmMicroKernel.MR, nr = GemmMicroKernel.NR, m = mr + 1, n = nr + 1, k = 29;
        float[] a = random(m * k, 11), b = random(k * n, 12), c = random(m * n, 13);
        System.arraycopy(a, 0, a, mr * k, k); // row mr of A (a partial row tile) repeats row 0
        for (int p = 0; p < k; p++) b[p * n + nr] = b[p * n]; // column nr of B (a partial column tile) repeats column 0
        System.arraycopy(c, 0, c, mr * n, n);
        for (int i = 0; i < m; i++) c[i * n + nr] = c[i * n];
        Gemm.sgemm(false, false, m, n, k, 0.75f, a, 0, k, b, 0, n, 0.3f, c, 0, n);
        for (int j = 0; j < n; j++)
            assertEquals(Float.floatToIntBits(c[j]), Float.floatToIntBits(c[mr * n + j]), "row " + mr + ", col " + j);
        for (int i = 0; i < m; i++) {
            int first = Float.floatToIntBits(c[i * n]), partial = Float.floatToIntBits(c[i * n + nr]);
            assertEquals(first, partial, "row " + i + ", col " + nr);
        }
    }

    @Test
    void betaZeroIgnoresNaNInC() {
        for (int t = 0; t < 4; t++) {
            for (float alpha : new float[] {1f, 0f}) {
                int m = 33, n = 37, k = alpha == 0 ? 5 : 17;
                float[] a = random(m * k, 1), b = random(k * n, 2), c = new float[m * n];
                Arrays.fill(c, Float.NaN);
                boolean ta = t >= 2, tb = (t & 1) == 1;
                Gemm.sgemm(ta, tb, m, n, k, alpha, a, 0, ta ? m : k, b, 0, tb ? k : n, 0f, c, 0, n);
                for (float v : c) assertTrue(Float.isFinite(v), "NaN leaked through beta = 0");
            }
        }
    }

    @Test
    void kZeroScalesC() {
        float[] c = {1, 2, 3, 4, 5, 6};
        Gemm.sgemm(false, false, 2, 3, 0, 1f, new float[0], 0, 1, new float[0], 0, 3, 2f, c, 0, 3);
        assertEquals(List.of(2f, 4f, 6f, 8f, 10f, 12f), box(c));
        float[] d = {Float.NaN, 1, 2};
        Gemm.sgemm(true, true, 1, 3, 0, 1f, new float[0], 0, 1, new float[0], 0, 1, 0f, d, 0, 3);
        assertEquals(List.of(0f, 0f, 0f), box(d));
        Gemm.sgemm(false, false, 0, 0, 5, 1f, new float[0], 0, 5, new float[0], 0, 1, 0f, new float[0], 0, 1);
    }

    /**
     * Explicit single-threaded path vs the public (multi-threaded when threads > 1) path on parallel-size shapes: the
     * same blocks over k in the same order, so the same values to the bit, whichever thread ran which part.
     */
    @Test
    void multiThreadedMatchesSingleThreaded() {
        // m, n, k above the parallel threshold; n >= m splits columns, m > n splits rows (over several blocks of k
        // in {1000, 256, 784}, W1's inference, and {2000, 1100, 800})
        int[][] shapes = {{64, 256, 784}, {256, 784, 64}, {784, 256, 64}, {300, 200, 200}, {129, 513, 257},
            {517, 33, 700}, {1000, 256, 784}, {2000, 1100, 800}};
        for (int[] s : shapes) {
            int m = s[0], n = s[1], k = s[2];
            assertTrue(2L * m * n * k >= Gemm.PAR_FLOPS, "shape too small to go parallel: " + Arrays.toString(s));
            for (int t = 0; t < 4; t++) {
                boolean ta = t >= 2, tb = (t & 1) == 1;
                float[] a = random(m * k, 3), b = random(k * n, 4);
                float[] c1 = random(m * n, 5), c2 = c1.clone();
                int lda = ta ? m : k, ldb = tb ? k : n;
                Gemm.serial(ta, tb, m, n, k, 1.5f, a, 0, lda, b, 0, ldb, 0.25f, c1, 0, n);
                Gemm.sgemm(ta, tb, m, n, k, 1.5f, a, 0, lda, b, 0, ldb, 0.25f, c2, 0, n);
                assertArrayEquals(c1, c2, "threads=" + Parallel.threads() + " " + Arrays.toString(s) + " t=" + t);
            }
        }
    }

    /**
     * sgemmBias is bit-identical to the unfused sequence it replaces: C filled with the bias, the product added with
     * beta = 1, then max(C, 0). The shapes cover partial tiles, k > KC (the bias goes in after the first block, the
     * ReLU after the last), and both ways of splitting across threads; a row stride wider than n, with its padding
     * left untouched.
     */
    @Test
    void biasAndReluEpilogueEqualsFillMultiplyThenRelu() {
        int[][] shapes = {{1, 1, 1}, {7, 33, 257}, {64, 256, 784}, {1000, 256, 784}, {13, 95, 1600}, {300, 10, 256},
            {9, 40, 5}};
        for (int[] sh : shapes) {
            int m = sh[0], n = sh[1], k = sh[2], ldc = n + 3;
            for (int t = 0; t < 4; t++) {
                boolean ta = t >= 2, tb = (t & 1) == 1;
                float[] a = random(m * k, 11), b = random(k * n, 12), bias = random(n + 2, 13);
                int lda = ta ? m : k, ldb = tb ? k : n;
                for (int mode = 0; mode < 3; mode++) { // bias; bias + relu; relu alone
                    boolean withBias = mode < 2, relu = mode > 0;
                    float[] expected = random(m * ldc, 14), actual = expected.clone();
                    for (int i = 0; i < m; i++)
                        for (int j = 0; j < n; j++) expected[i * ldc + j] = withBias ? bias[2 + j] : 0f;
                    Gemm.sgemm(ta, tb, m, n, k, 1f, a, 0, lda, b, 0, ldb, 1f, expected, 0, ldc);
                    if (relu)
                        for (int i = 0; i < m; i++)
                            for (int j = 0; j < n; j++) expected[i * ldc + j] = Math.max(expected[i * ldc + j], 0f);
                    Gemm.sgemmBias(ta, tb, m, n, k, a, 0, lda, b, 0, ldb, withBias ? bias : null, 2, relu,
                            actual, 0, ldc);
                    assertArrayEquals(expected, actual,
                            "sgemmBias " + Arrays.toString(sh) + " t=" + t + " mode=" + mode);
                }
            }
        }
        expect("bias of 3 elements", () -> Gemm.sgemmBias(false, false, 2, 4, 2, new float[4], 0, 2, new float[8], 0, 4,
                new float[3], 0, false, new float[8], 0, 4));
    }

    /**
     * Fewer columns than a tile (n < NR) run transposed; each value must be the one the tiled path gives, exactly:
     * the same product with B widened to a full tile of columns (the extra ones random) goes the usual way.
     */
    @Test
    void narrowProductsEqualTheTiledPath() {
        int nr = Gemm.PANEL;
        int[][] shapes = {{1000, 10, 256}, {64, 10, 256}, {nr, 1, 7}, {257, 15, 33}, {33, 3, 700}};
        for (int[] sh : shapes) {
            int m = sh[0], n = sh[1], k = sh[2];
            for (int t = 0; t < 4; t++) {
                boolean ta = t >= 2, tb = (t & 1) == 1;
                float[] a = random(m * k, 21), wide = random(k * nr, 22), bias = random(nr, 23);
                float[] narrowB = new float[k * n]; // op(B)'s first n columns, stored as the call expects
                for (int p = 0; p < k; p++)
                    for (int j = 0; j < n; j++)
                        narrowB[tb ? j * k + p : p * n + j] = wide[tb ? j * k + p : p * nr + j];
                int lda = ta ? m : k;
                for (int mode = 0; mode < 2; mode++) {
                    float[] expected = new float[m * nr], actual = new float[m * n];
                    Gemm.sgemmBias(ta, tb, m, nr, k, a, 0, lda, wide, 0, tb ? k : nr, mode == 1 ? bias : null, 0,
                            mode == 1, expected, 0, nr);
                    Gemm.sgemmBias(ta, tb, m, n, k, a, 0, lda, narrowB, 0, tb ? k : n, mode == 1 ? bias : null, 0,
                            mode == 1, actual, 0, n);
                    for (int i = 0; i < m; i++)
                        assertArrayEquals(Arrays.copyOfRange(expected, i * nr, i * nr + n),
                                Arrays.copyOfRange(actual, i * n, i * n + n),
                                "narrow " + Arrays.toString(sh) + " t=" + t + " mode=" + mode + " row " + i);
                }
            }
        }
    }

    /** The row bias of the pre-packed path (a convolution's bias per filter) equals filling C and beta = 1, exactly. */
    @Test
    void rowBiasEqualsFillThenMultiply() {
        int[][] shapes = {{1, 1, 1}, {32, 784, 25}, {64, 196, 800}, {13, 37, 1600}};
        for (int[] sh : shapes) {
            int m = sh[0], n = sh[1], k = sh[2], ldc = n + 1;
            float[] a = random(m * k, 21), b = random(k * n, 22), bias = random(m, 23);
            float[] expected = random(m * ldc, 24), actual = expected.clone();
            for (int i = 0; i < m; i++) Arrays.fill(expected, i * ldc, i * ldc + n, bias[i]);
            Gemm.PackedA pa = Gemm.pack(false, m, k, a, 0, k);
            Gemm.sgemm(pa, false, n, 1f, b, 0, n, 1f, expected, 0, ldc);
            Gemm.sgemm(pa, n, (p0, j0, kc, nc, bp) -> {
                for (int p = 0; p < kc; p++)
                    for (int j = 0; j < Gemm.PANEL * ((nc + Gemm.PANEL - 1) / Gemm.PANEL); j++)
                        bp[(j / Gemm.PANEL) * Gemm.PANEL * kc + p * Gemm.PANEL + j % Gemm.PANEL] =
                                j < nc ? b[(p0 + p) * n + j0 + j] : 0f;
            }, 1f, 0f, bias, actual, 0, ldc);
            assertArrayEquals(expected, actual, "row bias " + Arrays.toString(sh));
        }
        expect("row bias of 1 elements", () -> Gemm.sgemm(Gemm.pack(false, 2, 1, new float[2], 0, 1), 1,
                (p0, j0, kc, nc, bp) -> {}, 1f, 0f, new float[1], new float[2], 0, 1));
    }

    @Test
    void prePackedAGivesTheSameResultAsPackingPerCall() {
        int[][] shapes = {{1, 1, 1}, {7, 33, 257}, {64, 196, 800}, {800, 196, 64}, {100, 37, 1000}};
        for (int[] sh : shapes) {
            for (boolean ta : new boolean[]{false, true}) {
                for (boolean tb : new boolean[]{false, true}) {
                    int m = sh[0], n = sh[1], k = sh[2];
                    float[] a = random(m * k, 1), b = random(k * n, 2), c0 = random(m * n, 3), c1 = c0.clone();
                    int lda = ta ? m : k, ldb = tb ? k : n;
                    Gemm.serial(ta, tb, m, n, k, 0.5f, a, 0, lda, b, 0, ldb, 1f, c0, 0, n);
                    Gemm.PackedA pa = Gemm.pack(ta, m, k, a, 0, lda);
                    Gemm.sgemm(pa, tb, n, 0.5f, b, 0, ldb, 1f, c1, 0, n);
                    assertArrayEquals(c0, c1, "packed A " + m + "x" + n + "x" + k + " ta=" + ta + " tb=" + tb);
                }
            }
        }
        expect("B", () -> Gemm.sgemm(Gemm.pack(false, 2, 3, new float[6], 0, 3), false, 4, 1f, new float[5], 0, 4,
                0f, new float[8], 0, 4));
    }

    @Test
    void validatesArguments() {
        float[] a = new float[12], b = new float[12], c = new float[12];
        expect("m=-1", () -> Gemm.sgemm(false, false, -1, 3, 4, 1, a, 0, 4, b, 0, 3, 0, c, 0, 3));
        expect("k=-2", () -> Gemm.sgemm(false, false, 3, 3, -2, 1, a, 0, 4, b, 0, 3, 0, c, 0, 3));
        expect("lda=3", () -> Gemm.sgemm(false, false, 3, 3, 4, 1, a, 0, 3, b, 0, 3, 0, c, 0, 3));
        expect("ldb=2", () -> Gemm.sgemm(false, true, 3, 3, 4, 1, a, 0, 4, b, 0, 2, 0, c, 0, 3));
        expect("ldc=2", () -> Gemm.sgemm(false, false, 3, 3, 4, 1, a, 0, 4, b, 0, 3, 0, c, 0, 2));
        expect("A too short", () -> Gemm.sgemm(false, false, 3, 3, 4, 1, a, 1, 4, b, 0, 3, 0, c, 0, 3));
        expect("B too short", () -> Gemm.sgemm(false, false, 3, 3, 4, 1, a, 0, 4, new float[11], 0, 3, 0, c, 0, 3));
        expect("C too short", () -> Gemm.sgemm(false, false, 3, 4, 4, 1, a, 0, 4, new float[16], 0, 4, 0, new float[11], 0, 4));
        expect("A offset -1", () -> Gemm.sgemm(false, false, 3, 3, 4, 1, a, -1, 4, b, 0, 3, 0, c, 0, 3));
        expect("C is null", () -> Gemm.sgemm(false, false, 3, 3, 4, 1, a, 0, 4, b, 0, 3, 0, null, 0, 3));
        // transposed A is stored k x m = 4 x 3: lda must be >= 3, and 4 x 3 fits in 12
        Gemm.sgemm(true, false, 3, 3, 4, 1, a, 0, 3, b, 0, 3, 0, c, 0, 3);
        expect("lda=2", () -> Gemm.sgemm(true, false, 3, 3, 4, 1, a, 0, 2, b, 0, 3, 0, c, 0, 3));
    }

    private static void expect(String fragment, Runnable call) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, call::run);
        assertTrue(e.getMessage().startsWith("sgemm: ") && e.getMessage().contains(fragment),
                "message '" + e.getMessage() + "' should name sgemm and contain '" + fragment + "'");
    }

    /** Runs Gemm and GemmReference on the same padded, offset inputs and compares all of C, padding included. */
    private static void check(boolean ta, boolean tb, int m, int n, int k, float alpha, float beta,
                              int off, int padA, int padC, long seed) {
        int aRows = ta ? k : m, aCols = ta ? m : k, bRows = tb ? n : k, bCols = tb ? k : n;
        int lda = aCols + padA, ldb = bCols + 1, ldc = n + padC;
        float[] a = random(off + aRows * lda, seed), b = random(off + 1 + bRows * ldb, seed + 1);
        float[] c = random(off + m * ldc + 3, seed + 2), expected = c.clone();
        Gemm.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off + 1, ldb, beta, c, off, ldc);
        GemmReference.sgemm(ta, tb, m, n, k, alpha, a, off, lda, b, off + 1, ldb, beta, expected, off, ldc);
        assertClose(expected, c, k, "ta=" + ta + " tb=" + tb + " m=" + m + " n=" + n + " k=" + k
                + " alpha=" + alpha + " beta=" + beta);
    }

    /** |x - y| <= 1e-4 * max(1, k) * max(1, |y|): relative 1e-4 scaled by the depth of the sums. */
    private static void assertClose(float[] expected, float[] actual, int k, String what) {
        for (int i = 0; i < expected.length; i++) {
            float e = expected[i], x = actual[i];
            double tol = 1e-4 * Math.max(1, k) * Math.max(1, Math.abs(e));
            if (!(Math.abs(e - x) <= tol)) {
                throw new AssertionError(what + ": at " + i + " expected " + e + " got " + x);
            }
        }
    }

    private static float[] random(int len, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[len];
        for (int i = 0; i < len; i++) x[i] = (float) (r.nextDouble() * 2 - 1);
        return x;
    }

    private static List<Float> box(float[] x) {
        List<Float> out = new ArrayList<>();
        for (float v : x) out.add(v);
        return out;
    }
}
