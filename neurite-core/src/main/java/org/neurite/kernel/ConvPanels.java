package org.neurite.kernel;

import static org.neurite.kernel.GemmMicroKernel.NR;
import static org.neurite.kernel.GemmMicroKernel.S;
import static org.neurite.kernel.GemmMicroKernel.VL;

import jdk.incubator.vector.FloatVector;

/**
 * Implicit im2col: the GEMM's packed B panels of a convolution, built straight from the image instead of from a
 * materialised col matrix. im2col wrote col (c*kh*kw x oh*ow, 9 to 25 times the image) and packing read it back and
 * wrote it again; here the image, small enough to stay in L1/L2, is read once per panel row.
 *
 * <p>The image is first copied into a zero-padded buffer xp [c, hp, wp] covering every position a window reads, so
 * col[r][n] = xp[base(r) + off(n)] with base(r) = (ch*hp + i)*wp + j for r = (ch, i, j) and
 * off(n) = oy*sh*wp + ox*sw for output pixel n = (oy, ox). A panel row is then 32 values at fixed offsets from
 * base(r): with stride 1 each half lies within 32 consecutive floats of xp, so two plain loads and a permute fetch
 * it ({@link #packCol}); otherwise (stride 2, a panel across two images) a gather does.
 */
final class ConvPanels {
    /** {@code -Dneurite.conv.windows=false} gathers every panel row (for comparison). */
    private static final boolean WINDOWS = !"false".equals(System.getProperty("neurite.conv.windows"));
    private final Window2d g;
    private final int c, hp, wp, images;
    private final boolean wide;
    /** The padded image. */
    final float[] xp;
    /** base(r) for every row r = (ch, i, j) of col, off(n) for every output pixel n = (oy, ox). */
    private final int[] base, off;
    /** Per panel: the offsets of its pixels (or rows), and the permutation of {@link #windowRows}. */
    private final int[] idx = new int[NR];
    private final float[] perm = new float[NR];
    /** Scratch of {@link #transposedWindows}: NR rows of VL pixels, row t at t * VL. */
    private final float[] tile = new float[NR * VL];
    private static final int[] TILE_ROWS = new int[NR];

    static {
        for (int t = 0; t < NR; t++) TILE_ROWS[t] = t * VL;
    }

    /** Panels for up to {@code images} images side by side: col's columns are image 0's pixels, then image 1's... */
    ConvPanels(int c, Window2d g, int images) {
        this(c, g, images, false);
    }

    private ConvPanels(int c, Window2d g, int images, boolean wide) {
        this.c = c;
        this.g = g;
        this.images = images;
        this.wide = wide;
        this.hp = (g.oh() - 1) * g.sh() + g.kh();
        this.wp = (g.ow() - 1) * g.sw() + g.kw();
        // wide panels and windows read up to a panel's width past the last pixel: that many zeros keep them in the array
        this.xp = new float[images * c * hp * wp + NR];
        base = new int[c * g.kh() * g.kw()];
        for (int ch = 0, r = 0; ch < c; ch++)
            for (int i = 0; i < g.kh(); i++)
                for (int j = 0; j < g.kw(); j++) base[r++] = (ch * hp + i) * wp + j;
        off = new int[images * g.outPlane()];
        for (int im = 0, n = 0; im < images; im++)
            for (int oy = 0; oy < g.oh(); oy++)
                for (int ox = 0; ox < g.ow(); ox++) off[n++] = im * c * hp * wp + oy * g.sh() * wp + ox * g.sw();
    }

    /**
     * Panels of the wide col of one image (stride 1 only): its columns are the pixels of an output {@code oh x wp},
     * of which the first ow of each row are the real output and the other kw - 1 are discarded. Then column
     * n = oy*wp + ox of row r is xp[base(r) + n]: each row of col is a contiguous run of xp, at the price of
     * (wp - ow) / ow more columns. The weight gradient transposes such runs in registers ({@link #packWideT}).
     */
    static ConvPanels wide(int c, Window2d g) {
        if (g.sh() != 1 || g.sw() != 1) throw new IllegalArgumentException("ConvPanels: wide panels need stride 1, got " + g);
        return new ConvPanels(c, g, 1, true);
    }

    /** The columns of the wide col: (oh - 1) * wp + ow (the last row's discarded columns are left out). */
    static int wideColumns(Window2d g) {
        return (g.oh() - 1) * ((g.ow() - 1) * g.sw() + g.kw()) + g.ow();
    }

    /** The row stride of the wide col: column oy*wp + ox is output pixel (oy, ox). */
    int wideRowStride() {
        return wp;
    }

    /**
     * Panels of the wide col's transpose (rows = wide columns n, columns = (ch, i, j)): the B of the weight gradient
     * gradOut col^T. Row r of col is contiguous in xp from base(r), so 16 x 16 blocks are loaded row by row and
     * transposed in registers ({@link GemmPack#transpose16}); only the last kc % 16 rows are gathered.
     */
    void packWideT(int p0, int j0, int kc, int nc, float[] bp) {
        if (!wide) throw new IllegalStateException("ConvPanels: packWideT on panels not built by wide()");
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr), dst = jr * kc;
            int[] rows = base;
            int r0 = j0 + jr;
            if (cols < NR) { // the last, partial panel repeats its last column (the GEMM never stores past nc)
                for (int t = 0; t < NR; t++) idx[t] = base[r0 + Math.min(t, cols - 1)];
                rows = idx;
                r0 = 0;
            }
            int p = 0;
            if (VL == 16)
                for (; p + 16 <= kc; p += 16)
                    for (int h = 0; h < NR; h += 16) GemmPack.transpose16(xp, p0 + p, rows, r0 + h, bp, dst + p * NR + h);
            for (; p < kc; p++) {
                int d = dst + p * NR;
                FloatVector.fromArray(S, xp, p0 + p, rows, r0).intoArray(bp, d);
                FloatVector.fromArray(S, xp, p0 + p, rows, r0 + VL).intoArray(bp, d + VL);
            }
        }
    }

    /** Copies count images x [count, c, h, w] (from xOff) into xp with their zero padding. */
    void load(float[] x, int xOff, int count) {
        if (count < 1 || count > images)
            throw new IllegalArgumentException("ConvPanels: " + count + " images for room of " + images);
        int h = g.h(), w = g.w();
        // No fill: every load writes the same interior positions, so the borders keep the zeros of new float[].
        int x0 = 0, x1 = Math.min(w, wp - g.pw()); // the image columns that land in xp
        for (int ch = 0; ch < count * c; ch++) { // image i's channel k is plane i*c + k of both x and xp
            for (int y = 0; y < h; y++) {
                int yp = y + g.ph();
                if (yp >= hp) break;
                if (x1 > x0) System.arraycopy(x, xOff + (ch * h + y) * w + x0, xp, (ch * hp + yp) * wp + x0 + g.pw(), x1 - x0);
            }
        }
    }

    /** Panels of col (rows = (ch, i, j), columns = output pixels): the B of the forward product W col ({@link Gemm.PanelSource}). */
    void packCol(int p0, int j0, int kc, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr), dst = jr * kc;
            for (int t = 0; t < NR; t++) idx[t] = off[j0 + jr + Math.min(t, cols - 1)];
            int lo0 = idx[0], lo1 = idx[VL];
            if (WINDOWS && idx[VL - 1] - lo0 < 2 * VL && idx[NR - 1] - lo1 < 2 * VL) windowRows(kc, dst, bp, p0, lo0, lo1);
            else gatherRows(kc, dst, bp, base, p0);
        }
    }

    /**
     * The panel rows when each half of the panel's pixels lies within 2 VL consecutive floats of xp (stride 1: a
     * half crosses at most a few row ends of kw - 1 padding floats each): per half, two plain loads and one two-vector
     * permute by the fixed offsets idx[t] - lo, instead of a gather. Past the last column the values are repeats.
     */
    private void windowRows(int kc, int dst, float[] bp, int p0, int lo0, int lo1) {
        for (int t = 0; t < VL; t++) {
            perm[t] = idx[t] - lo0;
            perm[VL + t] = idx[VL + t] - lo1;
        }
        FloatVector q0 = FloatVector.fromArray(S, perm, 0), q1 = FloatVector.fromArray(S, perm, VL);
        for (int p = 0; p < kc; p++) {
            int s0 = base[p0 + p] + lo0, s1 = base[p0 + p] + lo1, d = dst + p * NR;
            q0.selectFrom(FloatVector.fromArray(S, xp, s0), FloatVector.fromArray(S, xp, s0 + VL)).intoArray(bp, d);
            q1.selectFrom(FloatVector.fromArray(S, xp, s1), FloatVector.fromArray(S, xp, s1 + VL)).intoArray(bp, d + VL);
        }
    }

    /**
     * Panels of col^T (rows = output pixels, columns = (ch, i, j)): the B of the weight gradient gradOut col^T. With
     * stride 1, 16 consecutive pixels lie within 2 VL floats of xp (as in {@link #windowRows}), so for each of the
     * panel's 32 columns two loads and a permute fetch them, and two register transposes turn the 32 x 16 tile into
     * 16 panel rows; other blocks, and the last kc % 16 rows, are gathered.
     */
    void packColT(int p0, int j0, int kc, int nc, float[] bp) {
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr), dst = jr * kc;
            for (int t = 0; t < NR; t++) idx[t] = base[j0 + jr + Math.min(t, cols - 1)];
            int p = 0;
            if (WINDOWS && VL == 16)
                for (; p + 16 <= kc; p += 16) {
                    int lo = off[p0 + p];
                    if (off[p0 + p + 15] - lo < 2 * VL) transposedWindows(p0 + p, lo, bp, dst + p * NR);
                    else gatherRows(16, dst + p * NR, bp, off, p0 + p);
                }
            gatherRows(kc - p, dst + p * NR, bp, off, p0 + p);
        }
    }

    /** Rows q0..q0+15 of the current col^T panel (columns at idx) into bp from d, through {@link #tile}. */
    private void transposedWindows(int q0, int lo, float[] bp, int d) {
        for (int i = 0; i < VL; i++) perm[i] = off[q0 + i] - lo;
        FloatVector q = FloatVector.fromArray(S, perm, 0);
        for (int t = 0; t < NR; t++) {
            int s = idx[t] + lo;
            q.selectFrom(FloatVector.fromArray(S, xp, s), FloatVector.fromArray(S, xp, s + VL)).intoArray(tile, t * VL);
        }
        GemmPack.transpose16(tile, 0, TILE_ROWS, 0, bp, d);
        GemmPack.transpose16(tile, 0, TILE_ROWS, 16, bp, d + 16);
    }

    /**
     * For p in [0, kc): bp[dst + p*NR + t] = xp[start[p0 + p] + idx[t]], two gathers per row; start holds the bases
     * of col rows (forward) or the offsets of pixels (transposed). Past the last column idx repeats itself.
     */
    private void gatherRows(int kc, int dst, float[] bp, int[] start, int p0) {
        for (int p = 0; p < kc; p++) {
            int s = start[p0 + p], d = dst + p * NR;
            FloatVector.fromArray(S, xp, s, idx, 0).intoArray(bp, d);
            FloatVector.fromArray(S, xp, s, idx, VL).intoArray(bp, d + VL);
        }
    }
}
