package org.neurite.kernel;

import static org.neurite.kernel.GemmMicroKernel.MR;
import static org.neurite.kernel.GemmMicroKernel.NR;
import static org.neurite.kernel.GemmMicroKernel.S;
import static org.neurite.kernel.GemmMicroKernel.VL;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Packing for {@link Gemm}: copies a block of op(A) or op(B) into the contiguous micro-panel layout the
 * {@link GemmMicroKernel} streams, zero-padding partial panels. The transposes are resolved here, so the kernel
 * sees one layout for all four cases.
 */
final class GemmPack {
    /** MR floats as one vector, for the MR contiguous values of a column of a transposed A; null without 256 bits. */
    private static final VectorSpecies<Float> ROW8 = MR == 8 && VL >= 8 ? FloatVector.SPECIES_256 : null;

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
                if (rows == MR && ROW8 != null) { // one 8-float vector per column p
                    for (int p = 0; p < kc; p++)
                        FloatVector.fromArray(ROW8, a, src + p * lda).intoArray(ap, dst + p * MR);
                } else if (rows == MR) {
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * lda, d = dst + p * MR;
                        for (int r = 0; r < MR; r++) ap[d + r] = a[s + r];
                    }
                } else { // a partial panel: its rows, then zeros (no select in the loop: see packB)
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * lda, d = dst + p * MR;
                        for (int r = 0; r < rows; r++) ap[d + r] = a[s + r];
                        for (int r = rows; r < MR; r++) ap[d + r] = 0f;
                    }
                }
            } else {
                int src = aOff + (i0 + ir) * lda + p0;
                if (rows == MR) {
                    int p = VL == 16 ? interleave8(a, src, lda, kc, ap, dst) : 0;
                    for (; p < kc; p++) {
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
     * Index vectors of the 3 stages of {@link #interleave8}, two-vector selectFroms (lanes 16..31 address the second
     * vector): stage 1 interleaves two rows value by value, stage 2 two such pairs 2 values at a time, stage 3 two
     * such quadruples 4 at a time; LO takes the first halves of its two inputs, HI the second halves.
     */
    private static final float[] IL_LO = {
        0, 16, 1, 17, 2, 18, 3, 19, 4, 20, 5, 21, 6, 22, 7, 23,
        0, 1, 16, 17, 2, 3, 18, 19, 4, 5, 20, 21, 6, 7, 22, 23,
        0, 1, 2, 3, 16, 17, 18, 19, 4, 5, 6, 7, 20, 21, 22, 23
    };
    private static final float[] IL_HI = {
        8, 24, 9, 25, 10, 26, 11, 27, 12, 28, 13, 29, 14, 30, 15, 31,
        8, 9, 24, 25, 10, 11, 26, 27, 12, 13, 28, 29, 14, 15, 30, 31,
        8, 9, 10, 11, 24, 25, 26, 27, 12, 13, 14, 15, 28, 29, 30, 31
    };

    /**
     * Packs 8 rows, a[s + r * lda + p], into ap[d + p * 8 + r] 16 columns at a time, in registers: per 16 columns
     * 8 loads, 3 stages of 8 two-vector permutes, 8 stores (instead of 128 scalar copies). Returns the number of
     * columns done (a multiple of 16); the caller copies the rest. Only for 16-lane vectors.
     */
    private static int interleave8(float[] a, int s, int lda, int kc, float[] ap, int d) {
        FloatVector lo1 = FloatVector.fromArray(S, IL_LO, 0), hi1 = FloatVector.fromArray(S, IL_HI, 0);
        FloatVector lo2 = FloatVector.fromArray(S, IL_LO, 16), hi2 = FloatVector.fromArray(S, IL_HI, 16);
        FloatVector lo3 = FloatVector.fromArray(S, IL_LO, 32), hi3 = FloatVector.fromArray(S, IL_HI, 32);
        int p = 0;
        for (; p + 16 <= kc; p += 16) {
            int sp = s + p, dp = d + p * MR;
            FloatVector r0 = FloatVector.fromArray(S, a, sp), r1 = FloatVector.fromArray(S, a, sp + lda);
            FloatVector r2 = FloatVector.fromArray(S, a, sp + 2 * lda), r3 = FloatVector.fromArray(S, a, sp + 3 * lda);
            FloatVector r4 = FloatVector.fromArray(S, a, sp + 4 * lda), r5 = FloatVector.fromArray(S, a, sp + 5 * lda);
            FloatVector r6 = FloatVector.fromArray(S, a, sp + 6 * lda), r7 = FloatVector.fromArray(S, a, sp + 7 * lda);
            // stage 1: rows 0,1 -> values (r0, r1) of columns 0-7 and 8-15; likewise rows 2,3 / 4,5 / 6,7
            FloatVector u01 = lo1.selectFrom(r0, r1), w01 = hi1.selectFrom(r0, r1);
            FloatVector u23 = lo1.selectFrom(r2, r3), w23 = hi1.selectFrom(r2, r3);
            FloatVector u45 = lo1.selectFrom(r4, r5), w45 = hi1.selectFrom(r4, r5);
            FloatVector u67 = lo1.selectFrom(r6, r7), w67 = hi1.selectFrom(r6, r7);
            // stage 2: rows 0-3 of columns 0-3, 4-7, 8-11, 12-15; likewise rows 4-7
            FloatVector a0 = lo2.selectFrom(u01, u23), a1 = hi2.selectFrom(u01, u23);
            FloatVector a2 = lo2.selectFrom(w01, w23), a3 = hi2.selectFrom(w01, w23);
            FloatVector b0 = lo2.selectFrom(u45, u67), b1 = hi2.selectFrom(u45, u67);
            FloatVector b2 = lo2.selectFrom(w45, w67), b3 = hi2.selectFrom(w45, w67);
            // stage 3: rows 0-7 of columns (0, 1), (2, 3), ... (14, 15): the packed layout
            lo3.selectFrom(a0, b0).intoArray(ap, dp);
            hi3.selectFrom(a0, b0).intoArray(ap, dp + 16);
            lo3.selectFrom(a1, b1).intoArray(ap, dp + 32);
            hi3.selectFrom(a1, b1).intoArray(ap, dp + 48);
            lo3.selectFrom(a2, b2).intoArray(ap, dp + 64);
            hi3.selectFrom(a2, b2).intoArray(ap, dp + 80);
            lo3.selectFrom(a3, b3).intoArray(ap, dp + 96);
            hi3.selectFrom(a3, b3).intoArray(ap, dp + 112);
        }
        return p;
    }

    /**
     * Packs op(B)[p0:p0+kc, j0:j0+nc] into bp: panel q (columns q*NR..) starts at q*NR*kc and holds, for each p,
     * the NR values of row p. rowOff is scratch of length NR (the offsets of a transposed B's rows in a panel).
     */
    static void packB(boolean transB, float[] b, int bOff, int ldb, int p0, int j0, int kc, int nc, float[] bp,
                      int[] rowOff) {
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
                    // A partial panel: its columns, then zeros. Not a select per value, j < cols ? b[..] : 0: C2
                    // hoisted that loop's checks on the strength of its profile, and each new width (W1 meets
                    // several) trapped out of the compiled packing and recompiled it, 4 times in W1's first epochs.
                    for (int p = 0; p < kc; p++) {
                        int s = src + p * ldb, d = dst + p * NR;
                        for (int j = 0; j < cols; j++) bp[d + j] = b[s + j];
                        for (int j = cols; j < NR; j++) bp[d + j] = 0f;
                    }
                }
            } else {
                // A partial panel repeats its last row of B past nc (any values will do there), so every panel
                // takes this one path: training at batch 64 fills whole panels, and a partial branch it never took
                // would be compiled as a trap that the first inference batch (1000 rows) would hit.
                int src = bOff + (j0 + jr) * ldb + p0;
                for (int j = 0; j < NR; j++) rowOff[j] = Math.min(j, cols - 1) * ldb;
                int p = 0;
                if (VL == 16) {
                    for (; p + 16 <= kc; p += 16) {
                        for (int h = 0; h < NR; h += 16) {
                            transpose16(b, src + p, rowOff, h, bp, dst + p * NR + h);
                        }
                    }
                }
                // the rest: column p of NR stored rows by two gathers through rowOff = {0, ldb, 2 ldb, ...} (clipped)
                for (; p < kc; p++) {
                    int d = dst + p * NR;
                    FloatVector.fromArray(S, b, src + p, rowOff, 0).intoArray(bp, d);
                    FloatVector.fromArray(S, b, src + p, rowOff, VL).intoArray(bp, d + VL);
                }
            }
        }
    }

    /**
     * Index vectors of the 4 stages of {@link #transpose16}; stage i swaps bit i of the row and lane indices of rows
     * x (bit i clear) and y = x + 2^i: LO gives lane c of the new x, (c_i == 0 ? x[c] : y[c - 2^i]), HI the new y,
     * (c_i == 0 ? x[c + 2^i] : y[c]); lanes 16..31 of a two-vector selectFrom address y.
     */
    private static final float[] T16_LO = {
        0, 16, 2, 18, 4, 20, 6, 22, 8, 24, 10, 26, 12, 28, 14, 30,
        0, 1, 16, 17, 4, 5, 20, 21, 8, 9, 24, 25, 12, 13, 28, 29,
        0, 1, 2, 3, 16, 17, 18, 19, 8, 9, 10, 11, 24, 25, 26, 27,
        0, 1, 2, 3, 4, 5, 6, 7, 16, 17, 18, 19, 20, 21, 22, 23
    };
    private static final float[] T16_HI = {
        1, 17, 3, 19, 5, 21, 7, 23, 9, 25, 11, 27, 13, 29, 15, 31,
        2, 3, 18, 19, 6, 7, 22, 23, 10, 11, 26, 27, 14, 15, 30, 31,
        4, 5, 6, 7, 20, 21, 22, 23, 12, 13, 14, 15, 28, 29, 30, 31,
        8, 9, 10, 11, 12, 13, 14, 15, 24, 25, 26, 27, 28, 29, 30, 31
    };

    /**
     * Transposes the 16 x 16 block b[s + rows[r0 + j] + p] (j, p < 16) into bp[d + p * NR + j] in registers: 16 loads,
     * 4 stages of 16 two-vector permutes, 16 stores. Only for 16-lane vectors. Rows start anywhere: a stored matrix's
     * rows[j] = j * ldb, a convolution's rows are windows of its image.
     */
    static void transpose16(float[] b, int s, int[] rows, int r0, float[] bp, int d) {
        FloatVector v0 = FloatVector.fromArray(S, b, s + rows[r0 + 0]);
        FloatVector v1 = FloatVector.fromArray(S, b, s + rows[r0 + 1]);
        FloatVector v2 = FloatVector.fromArray(S, b, s + rows[r0 + 2]);
        FloatVector v3 = FloatVector.fromArray(S, b, s + rows[r0 + 3]);
        FloatVector v4 = FloatVector.fromArray(S, b, s + rows[r0 + 4]);
        FloatVector v5 = FloatVector.fromArray(S, b, s + rows[r0 + 5]);
        FloatVector v6 = FloatVector.fromArray(S, b, s + rows[r0 + 6]);
        FloatVector v7 = FloatVector.fromArray(S, b, s + rows[r0 + 7]);
        FloatVector v8 = FloatVector.fromArray(S, b, s + rows[r0 + 8]);
        FloatVector v9 = FloatVector.fromArray(S, b, s + rows[r0 + 9]);
        FloatVector v10 = FloatVector.fromArray(S, b, s + rows[r0 + 10]);
        FloatVector v11 = FloatVector.fromArray(S, b, s + rows[r0 + 11]);
        FloatVector v12 = FloatVector.fromArray(S, b, s + rows[r0 + 12]);
        FloatVector v13 = FloatVector.fromArray(S, b, s + rows[r0 + 13]);
        FloatVector v14 = FloatVector.fromArray(S, b, s + rows[r0 + 14]);
        FloatVector v15 = FloatVector.fromArray(S, b, s + rows[r0 + 15]);
        FloatVector lo, hi, x;
        lo = FloatVector.fromArray(S, T16_LO, 0);
        hi = FloatVector.fromArray(S, T16_HI, 0);
        x = lo.selectFrom(v0, v1);
        v1 = hi.selectFrom(v0, v1);
        v0 = x;
        x = lo.selectFrom(v2, v3);
        v3 = hi.selectFrom(v2, v3);
        v2 = x;
        x = lo.selectFrom(v4, v5);
        v5 = hi.selectFrom(v4, v5);
        v4 = x;
        x = lo.selectFrom(v6, v7);
        v7 = hi.selectFrom(v6, v7);
        v6 = x;
        x = lo.selectFrom(v8, v9);
        v9 = hi.selectFrom(v8, v9);
        v8 = x;
        x = lo.selectFrom(v10, v11);
        v11 = hi.selectFrom(v10, v11);
        v10 = x;
        x = lo.selectFrom(v12, v13);
        v13 = hi.selectFrom(v12, v13);
        v12 = x;
        x = lo.selectFrom(v14, v15);
        v15 = hi.selectFrom(v14, v15);
        v14 = x;
        lo = FloatVector.fromArray(S, T16_LO, 16);
        hi = FloatVector.fromArray(S, T16_HI, 16);
        x = lo.selectFrom(v0, v2);
        v2 = hi.selectFrom(v0, v2);
        v0 = x;
        x = lo.selectFrom(v1, v3);
        v3 = hi.selectFrom(v1, v3);
        v1 = x;
        x = lo.selectFrom(v4, v6);
        v6 = hi.selectFrom(v4, v6);
        v4 = x;
        x = lo.selectFrom(v5, v7);
        v7 = hi.selectFrom(v5, v7);
        v5 = x;
        x = lo.selectFrom(v8, v10);
        v10 = hi.selectFrom(v8, v10);
        v8 = x;
        x = lo.selectFrom(v9, v11);
        v11 = hi.selectFrom(v9, v11);
        v9 = x;
        x = lo.selectFrom(v12, v14);
        v14 = hi.selectFrom(v12, v14);
        v12 = x;
        x = lo.selectFrom(v13, v15);
        v15 = hi.selectFrom(v13, v15);
        v13 = x;
        lo = FloatVector.fromArray(S, T16_LO, 32);
        hi = FloatVector.fromArray(S, T16_HI, 32);
        x = lo.selectFrom(v0, v4);
        v4 = hi.selectFrom(v0, v4);
        v0 = x;
        x = lo.selectFrom(v1, v5);
        v5 = hi.selectFrom(v1, v5);
        v1 = x;
        x = lo.selectFrom(v2, v6);
        v6 = hi.selectFrom(v2, v6);
        v2 = x;
        x = lo.selectFrom(v3, v7);
        v7 = hi.selectFrom(v3, v7);
        v3 = x;
        x = lo.selectFrom(v8, v12);
        v12 = hi.selectFrom(v8, v12);
        v8 = x;
        x = lo.selectFrom(v9, v13);
        v13 = hi.selectFrom(v9, v13);
        v9 = x;
        x = lo.selectFrom(v10, v14);
        v14 = hi.selectFrom(v10, v14);
        v10 = x;
        x = lo.selectFrom(v11, v15);
        v15 = hi.selectFrom(v11, v15);
        v11 = x;
        lo = FloatVector.fromArray(S, T16_LO, 48);
        hi = FloatVector.fromArray(S, T16_HI, 48);
        x = lo.selectFrom(v0, v8);
        v8 = hi.selectFrom(v0, v8);
        v0 = x;
        x = lo.selectFrom(v1, v9);
        v9 = hi.selectFrom(v1, v9);
        v1 = x;
        x = lo.selectFrom(v2, v10);
        v10 = hi.selectFrom(v2, v10);
        v2 = x;
        x = lo.selectFrom(v3, v11);
        v11 = hi.selectFrom(v3, v11);
        v3 = x;
        x = lo.selectFrom(v4, v12);
        v12 = hi.selectFrom(v4, v12);
        v4 = x;
        x = lo.selectFrom(v5, v13);
        v13 = hi.selectFrom(v5, v13);
        v5 = x;
        x = lo.selectFrom(v6, v14);
        v14 = hi.selectFrom(v6, v14);
        v6 = x;
        x = lo.selectFrom(v7, v15);
        v15 = hi.selectFrom(v7, v15);
        v7 = x;
        v0.intoArray(bp, d);
        v1.intoArray(bp, d + 1 * NR);
        v2.intoArray(bp, d + 2 * NR);
        v3.intoArray(bp, d + 3 * NR);
        v4.intoArray(bp, d + 4 * NR);
        v5.intoArray(bp, d + 5 * NR);
        v6.intoArray(bp, d + 6 * NR);
        v7.intoArray(bp, d + 7 * NR);
        v8.intoArray(bp, d + 8 * NR);
        v9.intoArray(bp, d + 9 * NR);
        v10.intoArray(bp, d + 10 * NR);
        v11.intoArray(bp, d + 11 * NR);
        v12.intoArray(bp, d + 12 * NR);
        v13.intoArray(bp, d + 13 * NR);
        v14.intoArray(bp, d + 14 * NR);
        v15.intoArray(bp, d + 15 * NR);
    }

}
