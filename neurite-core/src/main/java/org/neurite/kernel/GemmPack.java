package org.neurite.kernel;

import static org.neurite.kernel.GemmMicroKernel.MR;
import static org.neurite.kernel.GemmMicroKernel.NR;
import static org.neurite.kernel.GemmMicroKernel.S;
import static org.neurite.kernel.GemmMicroKernel.VL;

import jdk.incubator.vector.FloatVector;

/**
 * Packing for {@link Gemm}: copies a block of op(A) or op(B) into the contiguous micro-panel layout the
 * {@link GemmMicroKernel} streams, zero-padding partial panels. The transposes are resolved here, so the kernel
 * sees one layout for all four cases.
 */
final class GemmPack {
    private GemmPack() {}

    /**
     * Packs op(A)[i0:i0+mc, p0:p0+kc] into ap: panel q (rows q*MR..) starts at q*MR*kc and holds, for each p, the
     * MR values of column p.
     */
    static void packA(boolean transA, float[] a, int aOff, int lda, int i0, int p0, int mc, int kc, float[] ap) {
        for (int ir = 0; ir < mc; ir += MR) {
            int rows = Math.min(MR, mc - ir), dst = ir * kc;
            if (transA) {
                int src = aOff + p0 * lda + i0 + ir;
                if (rows == MR) {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * lda, d = dst + p * MR;
                        for (int r = 0; r < MR; r++) ap[d + r] = a[s + r];
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * lda, d = dst + p * MR;
                        for (int r = 0; r < MR; r++) ap[d + r] = r < rows ? a[s + r] : 0f;
                    }
                }
            } else {
                int src = aOff + (i0 + ir) * lda + p0;
                if (rows == MR) {
                    for (int p = 0; p < kc; p++) {
                        int d = dst + p * MR, sp = src + p;
                        for (int r = 0; r < MR; r++) ap[d + r] = a[sp + r * lda];
                    }
                } else {
                    for (int r = 0; r < MR; r++) {
                        int s = src + r * lda;
                        if (r < rows) for (int p = 0; p < kc; p++) ap[dst + p * MR + r] = a[s + p];
                        else for (int p = 0; p < kc; p++) ap[dst + p * MR + r] = 0f;
                    }
                }
            }
        }
    }

    /**
     * Packs op(B)[p0:p0+kc, j0:j0+nc] into bp: panel q (columns q*NR..) starts at q*NR*kc and holds, for each p,
     * the NR values of row p.
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int j0, int kc, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr), dst = jr * kc;
            if (!transB) {
                int src = bOff + p0 * ldb + j0 + jr;
                if (cols == NR) {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * ldb, d = dst + p * NR;
                        FloatVector.fromArray(S, b, s).intoArray(bp, d);
                        FloatVector.fromArray(S, b, s + VL).intoArray(bp, d + VL);
                    }
                } else {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * ldb, d = dst + p * NR;
                        for (int j = 0; j < NR; j++) bp[d + j] = j < cols ? b[s + j] : 0f;
                    }
                }
            } else {
                int src = bOff + (j0 + jr) * ldb + p0;
                for (int j = 0; j < NR; j++) {
                    int s = src + j * ldb;
                    if (j < cols) for (int p = 0; p < kc; p++) bp[dst + p * NR + j] = b[s + p];
                    else for (int p = 0; p < kc; p++) bp[dst + p * NR + j] = 0f;
                }
            }
        }
    }
}
