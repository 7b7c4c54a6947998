package org.neurite.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * The register-blocked inner kernel of {@link Gemm}: an {@link #MR} x {@link #NR} tile of C from a packed A
 * micro-panel (for each p, MR consecutive values of column p of op(A)) and a packed B micro-panel (for each p, NR
 * consecutive values of row p of op(B)). NR is 2 vectors of the preferred species, so the tile lives in 2 * MR
 * vector accumulators; each step of p broadcasts MR values of A and does 2 * MR fused multiply-adds.
 *
 * <p>Every array index is a linear function of the loop counter, so C2 hoists the range checks out of the loop.
 */
final class GemmMicroKernel {
    static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    static final int VL = S.length();
    /**
     * Rows of the register tile: 8, so 16 of the 32 AVX-512 registers accumulate. 8 divides the channel counts (32,
     * 64, 128) and batch sizes that carry the work, so no tile is partial; with 6 rows (the AVX2-era shape), a
     * training step of W2 was 6% slower and one of the resnet preset 3% slower (measured side by side).
     */
    static final int MR = 8;
    /** Columns of the register tile: 2 vectors. */
    static final int NR = 2 * VL;

    private GemmMicroKernel() {}

    /**
     * C[0:MR, 0:NR] = alpha * Ap * Bp + beta * C over kc steps, where C starts at c[ci] with row stride ldc. When
     * beta is 0 the old C is not read (so NaN there is ignored).
     */
    static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc,
                       float alpha, float beta) {
        kernel(kc, ap, ai, bp, bi, c, ci, ldc, alpha, beta, null, 0, null, 0, false);
    }

    /**
     * As above, then, while the tile is still in registers, colBias[co + j] added to column j (null: none), rowBias[ro
     * + i] to row i (null: none), and max(., 0) when relu: a layer's bias and activation without a pass of their own
     * over C. Each is one rounded operation after the product, in that order, so the values are those of the kernel
     * followed by a pass that adds and clamps. colBias must hold NR values from co, rowBias MR from ro.
     */
    static void kernel(int kc, float[] ap, int ai, float[] bp, int bi, float[] c, int ci, int ldc,
                       float alpha, float beta, float[] colBias, int co, float[] rowBias, int ro, boolean relu) {
        FloatVector c00 = FloatVector.zero(S), c01 = FloatVector.zero(S);
        FloatVector c10 = FloatVector.zero(S), c11 = FloatVector.zero(S);
        FloatVector c20 = FloatVector.zero(S), c21 = FloatVector.zero(S);
        FloatVector c30 = FloatVector.zero(S), c31 = FloatVector.zero(S);
        FloatVector c40 = FloatVector.zero(S), c41 = FloatVector.zero(S);
        FloatVector c50 = FloatVector.zero(S), c51 = FloatVector.zero(S);
        FloatVector c60 = FloatVector.zero(S), c61 = FloatVector.zero(S);
        FloatVector c70 = FloatVector.zero(S), c71 = FloatVector.zero(S);
        for (int p = 0; p < kc; p++) {
            int bo = bi + p * NR, ao = ai + p * MR;
            FloatVector b0 = FloatVector.fromArray(S, bp, bo);
            FloatVector b1 = FloatVector.fromArray(S, bp, bo + VL);
            FloatVector a = FloatVector.broadcast(S, ap[ao]);
            c00 = a.fma(b0, c00);
            c01 = a.fma(b1, c01);
            a = FloatVector.broadcast(S, ap[ao + 1]);
            c10 = a.fma(b0, c10);
            c11 = a.fma(b1, c11);
            a = FloatVector.broadcast(S, ap[ao + 2]);
            c20 = a.fma(b0, c20);
            c21 = a.fma(b1, c21);
            a = FloatVector.broadcast(S, ap[ao + 3]);
            c30 = a.fma(b0, c30);
            c31 = a.fma(b1, c31);
            a = FloatVector.broadcast(S, ap[ao + 4]);
            c40 = a.fma(b0, c40);
            c41 = a.fma(b1, c41);
            a = FloatVector.broadcast(S, ap[ao + 5]);
            c50 = a.fma(b0, c50);
            c51 = a.fma(b1, c51);
            a = FloatVector.broadcast(S, ap[ao + 6]);
            c60 = a.fma(b0, c60);
            c61 = a.fma(b1, c61);
            a = FloatVector.broadcast(S, ap[ao + 7]);
            c70 = a.fma(b0, c70);
            c71 = a.fma(b1, c71);
        }
        if (alpha != 1f) { // the engine always multiplies with alpha = 1: 16 multiplications saved per tile
            FloatVector al = FloatVector.broadcast(S, alpha);
            c00 = c00.mul(al);
            c01 = c01.mul(al);
            c10 = c10.mul(al);
            c11 = c11.mul(al);
            c20 = c20.mul(al);
            c21 = c21.mul(al);
            c30 = c30.mul(al);
            c31 = c31.mul(al);
            c40 = c40.mul(al);
            c41 = c41.mul(al);
            c50 = c50.mul(al);
            c51 = c51.mul(al);
            c60 = c60.mul(al);
            c61 = c61.mul(al);
            c70 = c70.mul(al);
            c71 = c71.mul(al);
        }
        if (beta != 0f) { // beta * C + the product, rounded once
            FloatVector be = FloatVector.broadcast(S, beta);
            c00 = FloatVector.fromArray(S, c, ci).fma(be, c00);
            c01 = FloatVector.fromArray(S, c, ci + VL).fma(be, c01);
            c10 = FloatVector.fromArray(S, c, ci + ldc).fma(be, c10);
            c11 = FloatVector.fromArray(S, c, ci + ldc + VL).fma(be, c11);
            c20 = FloatVector.fromArray(S, c, ci + 2 * ldc).fma(be, c20);
            c21 = FloatVector.fromArray(S, c, ci + 2 * ldc + VL).fma(be, c21);
            c30 = FloatVector.fromArray(S, c, ci + 3 * ldc).fma(be, c30);
            c31 = FloatVector.fromArray(S, c, ci + 3 * ldc + VL).fma(be, c31);
            c40 = FloatVector.fromArray(S, c, ci + 4 * ldc).fma(be, c40);
            c41 = FloatVector.fromArray(S, c, ci + 4 * ldc + VL).fma(be, c41);
            c50 = FloatVector.fromArray(S, c, ci + 5 * ldc).fma(be, c50);
            c51 = FloatVector.fromArray(S, c, ci + 5 * ldc + VL).fma(be, c51);
            c60 = FloatVector.fromArray(S, c, ci + 6 * ldc).fma(be, c60);
            c61 = FloatVector.fromArray(S, c, ci + 6 * ldc + VL).fma(be, c61);
            c70 = FloatVector.fromArray(S, c, ci + 7 * ldc).fma(be, c70);
            c71 = FloatVector.fromArray(S, c, ci + 7 * ldc + VL).fma(be, c71);
        }
        if (colBias != null) {
            FloatVector b0 = FloatVector.fromArray(S, colBias, co), b1 = FloatVector.fromArray(S, colBias, co + VL);
            c00 = c00.add(b0);
            c01 = c01.add(b1);
            c10 = c10.add(b0);
            c11 = c11.add(b1);
            c20 = c20.add(b0);
            c21 = c21.add(b1);
            c30 = c30.add(b0);
            c31 = c31.add(b1);
            c40 = c40.add(b0);
            c41 = c41.add(b1);
            c50 = c50.add(b0);
            c51 = c51.add(b1);
            c60 = c60.add(b0);
            c61 = c61.add(b1);
            c70 = c70.add(b0);
            c71 = c71.add(b1);
        }
        if (rowBias != null) {
            FloatVector r = FloatVector.broadcast(S, rowBias[ro]);
            c00 = c00.add(r);
            c01 = c01.add(r);
            r = FloatVector.broadcast(S, rowBias[ro + 1]);
            c10 = c10.add(r);
            c11 = c11.add(r);
            r = FloatVector.broadcast(S, rowBias[ro + 2]);
            c20 = c20.add(r);
            c21 = c21.add(r);
            r = FloatVector.broadcast(S, rowBias[ro + 3]);
            c30 = c30.add(r);
            c31 = c31.add(r);
            r = FloatVector.broadcast(S, rowBias[ro + 4]);
            c40 = c40.add(r);
            c41 = c41.add(r);
            r = FloatVector.broadcast(S, rowBias[ro + 5]);
            c50 = c50.add(r);
            c51 = c51.add(r);
            r = FloatVector.broadcast(S, rowBias[ro + 6]);
            c60 = c60.add(r);
            c61 = c61.add(r);
            r = FloatVector.broadcast(S, rowBias[ro + 7]);
            c70 = c70.add(r);
            c71 = c71.add(r);
        }
        if (relu) {
            FloatVector z = FloatVector.zero(S);
            c00 = c00.max(z);
            c01 = c01.max(z);
            c10 = c10.max(z);
            c11 = c11.max(z);
            c20 = c20.max(z);
            c21 = c21.max(z);
            c30 = c30.max(z);
            c31 = c31.max(z);
            c40 = c40.max(z);
            c41 = c41.max(z);
            c50 = c50.max(z);
            c51 = c51.max(z);
            c60 = c60.max(z);
            c61 = c61.max(z);
            c70 = c70.max(z);
            c71 = c71.max(z);
        }
        c00.intoArray(c, ci);
        c01.intoArray(c, ci + VL);
        c10.intoArray(c, ci + ldc);
        c11.intoArray(c, ci + ldc + VL);
        c20.intoArray(c, ci + 2 * ldc);
        c21.intoArray(c, ci + 2 * ldc + VL);
        c30.intoArray(c, ci + 3 * ldc);
        c31.intoArray(c, ci + 3 * ldc + VL);
        c40.intoArray(c, ci + 4 * ldc);
        c41.intoArray(c, ci + 4 * ldc + VL);
        c50.intoArray(c, ci + 5 * ldc);
        c51.intoArray(c, ci + 5 * ldc + VL);
        c60.intoArray(c, ci + 6 * ldc);
        c61.intoArray(c, ci + 6 * ldc + VL);
        c70.intoArray(c, ci + 7 * ldc);
        c71.intoArray(c, ci + 7 * ldc + VL);
    }
}
