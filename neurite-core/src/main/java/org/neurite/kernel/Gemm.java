package org.neurite.kernel;

import jdk.incubator.vector.FloatVector;

import static org.neurite.kernel.GemmMicroKernel.MR;
import static org.neurite.kernel.GemmMicroKernel.NR;

/**
 * Single-precision general matrix multiply, row-major: C = alpha * op(A) * op(B) + beta * C, where op(X) is X or
 * its transpose. A is m x k after op, B is k x n after op, C is m x n; lda, ldb, ldc are the row strides of the
 * arrays as stored. All four transpose cases are supported because backward needs them (dA = dC B^T, dB = A^T dC).
 * When beta is 0, C is overwritten and its old contents (even NaN) are ignored, as in BLAS.
 *
 * <p>GotoBLAS/BLIS structure: for each kc x nc block of op(B) (packed into NR-column micro-panels) and each mc x kc
 * block of op(A) (packed into MR-row micro-panels), the {@link GemmMicroKernel} computes MR x NR tiles of C in
 * vector registers. Packing resolves the transposes. Packing buffers are reused per thread. Large problems are
 * split into one contiguous slab of C per thread ({@link Parallel}); small ones run on the calling thread.
 */
public final class Gemm {
    /** Depth of a packed block (L1/L2 blocking); tuning knob {@code -Dneurite.gemm.kc}. */
    static final int KC = Integer.getInteger("neurite.gemm.kc", 768);
    /** Rows of a packed A block (L2 blocking), a multiple of MR; {@code -Dneurite.gemm.mc}. */
    static final int MC = roundUp(Integer.getInteger("neurite.gemm.mc", 96), MR);
    /** Columns of a packed B block (L3 blocking), a multiple of NR; {@code -Dneurite.gemm.nc}. */
    static final int NC = roundUp(Integer.getInteger("neurite.gemm.nc", 1024), NR);
    /** Below this many flops (2mnk) a call runs single-threaded; {@code -Dneurite.gemm.parFlops}. */
    static final long PAR_FLOPS = Long.getLong("neurite.gemm.parFlops", 3_000_000L);

    private static final ThreadLocal<Buffers> BUFFERS = ThreadLocal.withInitial(Buffers::new);

    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        run(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, beta, null, 0, false, c, cOff, ldc);
    }

    /**
     * C = op(A) op(B) + bias, with bias[biasOff + j] added to every row's column j (bias may be null), then, when
     * relu, max(C, 0): a linear layer with its bias and activation. Both are applied to each register tile while it
     * is in L1, instead of a pass that copies the bias into C before the product and one over C for the activation
     * after it. The bias is added after the first block of the inner dimension, as the kernel would add it from C,
     * so the values are bit-identical to filling C with the bias, multiplying with beta = 1, and applying the ReLU.
     */
    public static void sgemmBias(boolean transA, boolean transB, int m, int n, int k,
                                 float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                                 float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
        if (bias != null && (biasOff < 0 || (long) biasOff + n > bias.length))
            throw bad("bias of " + bias.length + " elements from offset " + biasOff + " is too short for n=" + n);
        run(transA, transB, m, n, k, 1f, a, aOff, lda, b, bOff, ldb, 0f, bias, biasOff, relu, c, cOff, ldc);
    }

    private static void run(boolean transA, boolean transB, int m, int n, int k, float alpha,
                            float[] a, int aOff, int lda, float[] b, int bOff, int ldb, float beta,
                            float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw bad("negative size: m=" + m + ", n=" + n + ", k=" + k);
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("B", b, bOff, ldb, transB ? n : k, transB ? k : n);
        checkMatrix("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            epilogue(c, cOff, ldc, m, n, bias, biasOff, null, 0, relu);
            return;
        }
        if (n < NR && m >= NR && k <= KC && beta == 0f) {
            narrow(transA, transB, m, n, k, alpha, a, aOff, lda, b, bOff, ldb, bias, biasOff, relu, c, cOff, ldc);
            return;
        }
        int threads = Parallel.threads();
        if (threads > 1 && 2.0 * m * n * k >= PAR_FLOPS) {
            // Split the longer of n and m across threads. The choice is arithmetic, not an if: training only ever
            // splits n (batch 64 < features), and a branch never taken is compiled as a trap, so the first inference
            // batch (m = 1000) would throw away the compiled GEMM and run it in the interpreter for several batches.
            int sn = (m - n - 1) >>> 31; // 1 when n >= m
            int unit = MR + sn * (NR - MR), len = m + sn * (n - m), units = (len + unit - 1) / unit;
            int parts = Math.min(threads, units);
            if (parts > 1) {
                int strideA = transA ? 1 : lda, strideB = transB ? ldb : 1;
                Parallel.forRange(parts, 1, (from, to) -> {
                    for (int t = from; t < to; t++) { // parts <= units, so every part has at least one unit
                        int lo = (int) ((long) units * t / parts) * unit;
                        int span = Math.min(len, (int) ((long) units * (t + 1) / parts) * unit) - lo;
                        serial(transA, m + (1 - sn) * (span - m), n + sn * (span - n), k, alpha,
                                a, aOff + (1 - sn) * lo * strideA, lda,
                                panels(transB, b, bOff + sn * lo * strideB, ldb), beta, bias, biasOff + sn * lo,
                                relu, c, cOff + sn * lo + (1 - sn) * lo * ldc, ldc);
                    }
                });
                return;
            }
        }
        serial(transA, m, n, k, alpha, a, aOff, lda, panels(transB, b, bOff, ldb), beta, bias, biasOff, relu,
                c, cOff, ldc);
    }

    /**
     * C = op(A) op(B) (+ bias, ReLU) with fewer columns than a register tile (a classifier's last layer: n = 10),
     * computed as its transpose op(B)^T op(A)^T and copied back. As it stands every tile of C is partial: 10 of its
     * 32 columns. Transposed, the long side m runs along full tiles and the 10 rows fill 2 tiles of 8. 1000 x 10 x 256
     * (W1's last layer at inference), 2 threads: 73-81 against 101-104 us, copy back included. The same products in
     * the same order, so the same values: with k within one block, the bias is added after the whole sum either way.
     */
    private static void narrow(boolean transA, boolean transB, int m, int n, int k, float alpha,
                               float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                               float[] bias, int biasOff, boolean relu, float[] c, int cOff, int ldc) {
        float[] ct = new float[n * m];
        run(!transB, !transA, n, m, k, alpha, b, bOff, ldb, a, aOff, lda, 0f, null, 0, false, ct, 0, m);
        copyBack(ct, m, n, bias, biasOff, relu, c, cOff, ldc);
    }

    /**
     * C = the transpose of ct [n, m] (+ bias, ReLU). A method of its own so that its loops, which get hot at once,
     * are compiled by themselves and not with narrow's call into the product (which C2 compiled three times).
     */
    private static void copyBack(float[] ct, int m, int n, float[] bias, int biasOff, boolean relu,
                                 float[] c, int cOff, int ldc) {
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            for (int j = 0; j < n; j++) {
                float v = ct[j * m + i];
                if (bias != null) v += bias[biasOff + j];
                c[ci + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /** The blocked product on the calling thread (m, n, k > 0). */
    static void serial(boolean transA, boolean transB, int m, int n, int k, float alpha,
                       float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                       float beta, float[] c, int cOff, int ldc) {
        serial(transA, m, n, k, alpha, a, aOff, lda, panels(transB, b, bOff, ldb), beta, null, 0, false, c, cOff, ldc);
    }

    /** The panels of a stored matrix op(B), packed by {@link GemmPack#packB}. */
    private static PanelSource panels(boolean transB, float[] b, int bOff, int ldb) {
        int[] rowOff = BUFFERS.get().rowOff;
        return (p0, j0, kc, nc, bp) -> GemmPack.packB(transB, b, bOff, ldb, p0, j0, kc, nc, bp, rowOff);
    }

    /**
     * Writes rows p0..p0+kc and columns j0..j0+nc of op(B) into bp in the packed layout of {@link GemmPack#packB}:
     * panel q (columns q*NR..) from q*NR*kc, for each row its NR values. Past nc any values will do: column j of the
     * product reads only column j of B, and columns past nc are never stored. A source that builds these
     * panels straight from somewhere else (a convolution from its image) saves writing and rereading op(B).
     */
    @FunctionalInterface
    public interface PanelSource {
        void pack(int p0, int j0, int kc, int nc, float[] bp);
    }

    /** The number of columns of a packed B panel (the register tile's width). */
    public static final int PANEL = NR;

    /**
     * C = alpha * op(A) * B + beta * C on the calling thread, with B (k x n) given by the panels it packs
     * (m, n, k >= 0).
     */
    public static void sgemm(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                             PanelSource b, float beta, float[] c, int cOff, int ldc) {
        if (m < 0 || n < 0 || k < 0) throw bad("negative size: m=" + m + ", n=" + n + ", k=" + k);
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        checkMatrix("C", c, cOff, ldc, m, n);
        if (m == 0 || n == 0) return;
        if (k == 0 || alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            return;
        }
        serial(transA, m, n, k, alpha, a, aOff, lda, b, beta, null, 0, false, c, cOff, ldc);
    }

    /** The blocked product on the calling thread (m, n, k > 0), with the epilogue of {@link #sgemmBias}. */
    private static void serial(boolean transA, int m, int n, int k, float alpha, float[] a, int aOff, int lda,
                               PanelSource b, float beta, float[] bias, int biasOff, boolean relu,
                               float[] c, int cOff, int ldc) {
        int kc0 = split(k, KC, 1), mc0 = split(m, MC, MR), nc0 = split(n, NC, NR);
        Buffers buf = BUFFERS.get();
        float[] ap = buf.ap(roundUp(Math.min(mc0, m), MR) * kc0);
        float[] bp = buf.bp(roundUp(Math.min(nc0, n), NR) * kc0);
        for (int jc = 0; jc < n; jc += nc0) {
            int nc = Math.min(nc0, n - jc);
            for (int pc = 0; pc < k; pc += kc0) {
                int kc = Math.min(kc0, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                float[] biasBlock = pc == 0 ? bias : null;
                boolean reluBlock = relu && pc + kc == k;
                b.pack(pc, jc, kc, nc, bp);
                for (int ic = 0; ic < m; ic += mc0) {
                    int mc = Math.min(mc0, m - ic);
                    GemmPack.packA(transA, a, aOff, lda, ic, pc, mc, kc, ap);
                    macro(mc, nc, kc, alpha, betaBlock, ap, bp, c, cOff + ic * ldc + jc, ldc, buf.tile,
                            biasBlock, biasOff + jc, null, 0, reluBlock);
                }
            }
        }
    }

    /**
     * op(A) packed once, for many products with different B on the calling thread: a convolution multiplies the
     * same weights by every image's column matrix, and repacking them per image cost about a tenth of its time.
     * Holds the same blocks {@link #serial} would pack, so results are bit-identical to {@link #sgemm}.
     */
    public static final class PackedA {
        final int m, k, kc0, mc0;
        final float[][] blocks; // [pc block][ic block]

        private PackedA(int m, int k, int kc0, int mc0, float[][] blocks) {
            this.m = m;
            this.k = k;
            this.kc0 = kc0;
            this.mc0 = mc0;
            this.blocks = blocks;
        }

        /** Rows of op(A). */
        public int rows() {
            return m;
        }

        /** Columns of op(A): the inner dimension. */
        public int inner() {
            return k;
        }
    }

    /** Packs op(A), m x k, for {@link #sgemm(PackedA, boolean, int, float, float[], int, int, float, float[], int, int)}. */
    public static PackedA pack(boolean transA, int m, int k, float[] a, int aOff, int lda) {
        if (m <= 0 || k <= 0) throw bad("pack: sizes must be positive: m=" + m + ", k=" + k);
        checkMatrix("A", a, aOff, lda, transA ? k : m, transA ? m : k);
        int kc0 = split(k, KC, 1), mc0 = split(m, MC, MR);
        int pcs = (k + kc0 - 1) / kc0, ics = (m + mc0 - 1) / mc0;
        float[][] blocks = new float[pcs * ics][];
        for (int pc = 0, bi = 0; pc < k; pc += kc0) {
            int kc = Math.min(kc0, k - pc);
            for (int ic = 0; ic < m; ic += mc0, bi++) {
                int mc = Math.min(mc0, m - ic);
                blocks[bi] = new float[roundUp(mc, MR) * kc];
                GemmPack.packA(transA, a, aOff, lda, ic, pc, mc, kc, blocks[bi]);
            }
        }
        return new PackedA(m, k, kc0, mc0, blocks);
    }

    /** C = alpha * A * op(B) + beta * C with A packed by {@link #pack}; runs on the calling thread. */
    public static void sgemm(PackedA a, boolean transB, int n, float alpha, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        if (n < 0) throw bad("negative size: n=" + n);
        checkMatrix("B", b, bOff, ldb, transB ? n : a.k, transB ? a.k : n);
        sgemm(a, n, panels(transB, b, bOff, ldb), alpha, beta, c, cOff, ldc);
    }

    /** C = alpha * A * B + beta * C with A packed by {@link #pack} and B (k x n) given by its panels; calling thread. */
    public static void sgemm(PackedA a, int n, PanelSource b, float alpha, float beta, float[] c, int cOff, int ldc) {
        sgemm(a, n, b, alpha, beta, null, c, cOff, ldc);
    }

    /**
     * As above, then rowBias[i] added to row i of C (null: none), as a convolution's bias per filter: applied to each
     * tile after the first block of the inner dimension, so bit-identical to filling C with the bias and beta = 1.
     */
    public static void sgemm(PackedA a, int n, PanelSource b, float alpha, float beta, float[] rowBias,
                             float[] c, int cOff, int ldc) {
        int m = a.m, k = a.k;
        if (n < 0) throw bad("negative size: n=" + n);
        checkMatrix("C", c, cOff, ldc, m, n);
        if (rowBias != null && rowBias.length < m)
            throw bad("row bias of " + rowBias.length + " elements is too short for m=" + m);
        if (n == 0) return;
        if (alpha == 0f) {
            scale(m, n, beta, c, cOff, ldc);
            epilogue(c, cOff, ldc, m, n, null, 0, rowBias, 0, false);
            return;
        }
        int nc0 = split(n, NC, NR), ics = (m + a.mc0 - 1) / a.mc0;
        Buffers buf = BUFFERS.get();
        float[] bp = buf.bp(roundUp(Math.min(nc0, n), NR) * a.kc0);
        for (int jc = 0; jc < n; jc += nc0) {
            int nc = Math.min(nc0, n - jc);
            for (int pc = 0, pi = 0; pc < k; pc += a.kc0, pi++) {
                int kc = Math.min(a.kc0, k - pc);
                float betaBlock = pc == 0 ? beta : 1f;
                float[] biasBlock = pc == 0 ? rowBias : null;
                b.pack(pc, jc, kc, nc, bp);
                for (int ic = 0, ii = 0; ic < m; ic += a.mc0, ii++) {
                    int mc = Math.min(a.mc0, m - ic);
                    macro(mc, nc, kc, alpha, betaBlock, a.blocks[pi * ics + ii], bp, c, cOff + ic * ldc + jc, ldc,
                            buf.tile, null, 0, biasBlock, ic, false);
                }
            }
        }
    }

    /**
     * All MR x NR tiles of one packed block pair; partial tiles go through a scratch tile, by the same kernel call
     * as full ones (so beta C is added with one rounding everywhere: before, a partial tile added beta * C as a
     * separate product and sum, which differed in the last bit for beta other than 0 and 1). Then, per tile, the
     * biases (column j gets colBias[colOff + j], row i rowBias[rowOff + i]; null: none) and the ReLU.
     */
    private static void macro(int mc, int nc, int kc, float alpha, float beta, float[] ap, float[] bp,
                              float[] c, int cBase, int ldc, float[] tile, float[] colBias, int colOff,
                              float[] rowBias, int rowOff, boolean relu) {
        boolean epilogue = colBias != null || rowBias != null || relu;
        for (int jr = 0; jr < nc; jr += NR) {
            int cols = Math.min(NR, nc - jr);
            for (int ir = 0; ir < mc; ir += MR) {
                int rows = Math.min(MR, mc - ir), ci = cBase + ir * ldc + jr;
                if (rows == MR && cols == NR) {
                    GemmMicroKernel.kernel(kc, ap, ir * kc, bp, jr * kc, c, ci, ldc, alpha, beta);
                } else {
                    // Through the scratch tile, which holds C's values for beta. Copied even when beta is 0 (the
                    // kernel then ignores them): a branch here that training never takes after its first step would
                    // be compiled as a trap, hit by a fresh model's first step (its gradients' first products).
                    for (int i = 0; i < rows; i++) System.arraycopy(c, ci + i * ldc, tile, i * NR, cols);
                    GemmMicroKernel.kernel(kc, ap, ir * kc, bp, jr * kc, tile, 0, NR, alpha, beta);
                    for (int i = 0; i < rows; i++) System.arraycopy(tile, i * NR, c, ci + i * ldc, cols);
                }
                if (epilogue) epilogue(c, ci, ldc, rows, cols, colBias, colOff + jr, rowBias, rowOff + ir, relu);
            }
        }
    }

    /**
     * For i < rows, j < cols: c[ci + i * ldc + j] += colBias[co + j] (when not null), then += rowBias[ro + i] (when
     * not null), then max(c, 0) when relu.
     */
    private static void epilogue(float[] c, int ci, int ldc, int rows, int cols, float[] colBias, int co,
                                 float[] rowBias, int ro, boolean relu) {
        var s = GemmMicroKernel.S;
        int vl = s.length(), full = cols - cols % vl;
        FloatVector zero = FloatVector.zero(s);
        for (int i = 0; i < rows; i++) {
            int r = ci + i * ldc, j = 0;
            float rb = rowBias == null ? 0f : rowBias[ro + i];
            for (; j < full; j += vl) {
                FloatVector v = FloatVector.fromArray(s, c, r + j);
                if (colBias != null) v = v.add(FloatVector.fromArray(s, colBias, co + j));
                if (rowBias != null) v = v.add(rb);
                if (relu) v = v.max(zero);
                v.intoArray(c, r + j);
            }
            for (; j < cols; j++) {
                float v = c[r + j];
                if (colBias != null) v += colBias[co + j];
                if (rowBias != null) v += rb;
                c[r + j] = relu ? Math.max(v, 0f) : v;
            }
        }
    }

    /** C = beta * C; beta == 0 writes zeros. */
    private static void scale(int m, int n, float beta, float[] c, int cOff, int ldc) {
        if (beta == 1f) return;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0f) java.util.Arrays.fill(c, ci, ci + n, 0f);
            else for (int j = 0; j < n; j++) c[ci + j] *= beta;
        }
    }

    /** Block length for a dimension of size len: at most max, equal-sized blocks, rounded up to a multiple of q. */
    private static int split(int len, int max, int q) {
        int blocks = (len + max - 1) / max;
        return roundUp((len + blocks - 1) / blocks, q);
    }

    private static int roundUp(int x, int q) {
        return (x + q - 1) / q * q;
    }

    private static void checkMatrix(String name, float[] x, int off, int ld, int rows, int cols) {
        if (x == null) throw bad(name + " is null");
        if (ld < Math.max(1, cols)) {
            throw bad("ld" + name.toLowerCase() + "=" + ld + " < max(1, " + cols + ") for " + name + " stored "
                    + rows + " x " + cols);
        }
        if (off < 0) throw bad(name + " offset " + off + " is negative");
        long need = rows == 0 || cols == 0 ? off : off + (long) (rows - 1) * ld + cols;
        if (need > x.length) {
            throw bad(name + " too short: stored " + rows + " x " + cols + " at offset " + off + " with ld" +
                    name.toLowerCase() + "=" + ld + " needs " + need + " elements, array has " + x.length);
        }
    }

    private static IllegalArgumentException bad(String msg) {
        return new IllegalArgumentException("sgemm: " + msg);
    }

    /**
     * Per-thread packing buffers and the scratch tile for partial tiles. Allocated at their largest blocks (MC x KC
     * and NC x KC, about 3 MB) so the grow path is never taken: growing first at inference time would trap out of the
     * compiled GEMM as above.
     */
    private static final class Buffers {
        float[] ap = new float[MC * KC], bp = new float[NC * KC];
        final float[] tile = new float[MR * NR];
        final int[] rowOff = new int[NR];

        float[] ap(int size) {
            if (ap.length < size) ap = new float[size];
            return ap;
        }

        float[] bp(int size) {
            if (bp.length < size) bp = new float[size];
            return bp;
        }
    }
}
