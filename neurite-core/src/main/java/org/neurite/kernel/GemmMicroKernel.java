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
        if (beta == 0f) {
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
        } else { // beta * C + the product, rounded once
            FloatVector be = FloatVector.broadcast(S, beta);
            FloatVector.fromArray(S, c, ci).fma(be, c00).intoArray(c, ci);
            FloatVector.fromArray(S, c, ci + VL).fma(be, c01).intoArray(c, ci + VL);
            FloatVector.fromArray(S, c, ci + ldc).fma(be, c10).intoArray(c, ci + ldc);
            FloatVector.fromArray(S, c, ci + ldc + VL).fma(be, c11).intoArray(c, ci + ldc + VL);
            FloatVector.fromArray(S, c, ci + 2 * ldc).fma(be, c20).intoArray(c, ci + 2 * ldc);
            FloatVector.fromArray(S, c, ci + 2 * ldc + VL).fma(be, c21).intoArray(c, ci + 2 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 3 * ldc).fma(be, c30).intoArray(c, ci + 3 * ldc);
            FloatVector.fromArray(S, c, ci + 3 * ldc + VL).fma(be, c31).intoArray(c, ci + 3 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 4 * ldc).fma(be, c40).intoArray(c, ci + 4 * ldc);
            FloatVector.fromArray(S, c, ci + 4 * ldc + VL).fma(be, c41).intoArray(c, ci + 4 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 5 * ldc).fma(be, c50).intoArray(c, ci + 5 * ldc);
            FloatVector.fromArray(S, c, ci + 5 * ldc + VL).fma(be, c51).intoArray(c, ci + 5 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 6 * ldc).fma(be, c60).intoArray(c, ci + 6 * ldc);
            FloatVector.fromArray(S, c, ci + 6 * ldc + VL).fma(be, c61).intoArray(c, ci + 6 * ldc + VL);
            FloatVector.fromArray(S, c, ci + 7 * ldc).fma(be, c70).intoArray(c, ci + 7 * ldc);
            FloatVector.fromArray(S, c, ci + 7 * ldc + VL).fma(be, c71).intoArray(c, ci + 7 * ldc + VL);
        }
    }
}
