package org.neurite.kernel;

import java.util.concurrent.ConcurrentSkipListMap;
import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

import static org.neurite.kernel.GemmMicroKernel.MR;

/**
 * A 5x5 convolution with stride 1 and "same" zero padding (2 on every side) by Winograd's minimal filtering
 * algorithm F(2x2, 5x5) (Lavin and Gray, "Fast Algorithms for Convolutional Neural Networks", 2016). Each 2x2 block
 * of outputs ("tile") comes from a 6x6 window of input d and the 5x5 kernel g as
 * <pre>  Y = A^T [ (G g G^T) (.) (B^T d B) ] A</pre>
 * with the 6x6, 6x5 and 2x6 matrices below, from the interpolation points 0, 1, -1, 2, -2 and infinity. The
 * elementwise product, summed over input channels, is 36 matrix products [filters x channels] x [channels x tiles]:
 * 36 multiplications per tile and channel pair instead of 100, so 2.8 times fewer than the direct convolution. The
 * result is the same convolution, rounded differently: {@code Conv2dKernelTest} checks it against the
 * double-precision reference (relative error about 1e-6 of the output's scale). With non-finite inputs the outputs
 * near them are non-finite too, as directly, but an infinity can come out as NaN (the transforms subtract).
 *
 * <p>Tiles of the whole batch are taken 32 at a time (one panel of the GEMM); per chunk the input transform writes
 * the 36 panels [channels x 32 tiles] straight in the GEMM's packed layout (16 channels at a time in vector lanes,
 * then a register transpose), the 36 products run on the fast GEMM with the transformed kernels packed once per
 * call, and the output transform (16 tiles at a time in lanes) stores the 2x2 blocks into out with the bias.
 * Used for channels a multiple of 16 on 16-lane vectors; {@code -Dneurite.conv.winograd=false} turns it off.
 *
 * <p>The weight gradient is the same algorithm the other way round, F(5x5, 2x2): each 2x2 block of the output
 * gradient is a 2x2 filter over the same 6x6 input window, giving a 5x5 contribution to every filter's weights, and
 * with the interpolation points unchanged the input transform B^T d B is the same. Summed over all tiles of the
 * batch, the elementwise products become 36 GEMMs [filters x tiles] x [tiles x channels] with the tiles as their
 * long inner dimension, then A'^T M A' gives the 5x5 weights.
 */
final class Winograd5x5 {
    static final boolean ENABLED = !"false".equals(System.getProperty("neurite.conv.winograd"));
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int VL = S.length(), T = 32, A = 6; // lanes, tiles per chunk (one panel), 6x6 windows
    /**
     * Strides between the 36 elements' blocks in the per-chunk buffers are padded by a cache line: with strides of a
     * multiple of 4 KB, the 36 values of one tile fell into the same few L1 sets and kept evicting each other.
     */
    private static final int PAD = 16, TR = 256 + PAD;
    /** Columns of the input transform's strip: the windows of 16 consecutive tiles along a row. */
    private static final int STRIP = 2 * 16 + A - 2;
    private static final int[] LANE_ROWS = new int[16];

    static {
        for (int j = 0; j < LANE_ROWS.length; j++) LANE_ROWS[j] = j * 16;
    }

    private Winograd5x5() {}

    /**
     * Whether this algorithm computes conv(x, w) for c input channels and oc filters over window g: channels in
     * multiples of 16 (a vector), filters in multiples of the register tile's 8 rows.
     */
    static boolean applies(int c, int oc, Window2d g) {
        return ENABLED && VL == 16 && c % 16 == 0 && c <= Gemm.KC && oc % MR == 0 && g.kh() == 5 && g.kw() == 5
                && g.sh() == 1 && g.sw() == 1 && g.ph() == 2 && g.pw() == 2 && g.oh() == g.h() && g.ow() == g.w()
                && g.h() % 2 == 0 && g.w() % 2 == 0;
    }

    /** out [n, oc, h, w] = conv(x [n, c, h, w], w [oc, c, 5, 5]) + bias (may be null); out is overwritten. */
    static void forward(int n, int c, int oc, Window2d g, float[] x, float[] w, float[] bias, float[] out) {
        int h = g.h(), wd = g.w(), hp = h + 4, wp = wd + 4, th = h / 2, tw = wd / 2, tilesPerImage = th * tw;
        int tiles = n * tilesPerImage, chunks = (tiles + T - 1) / T;
        float[] u = kernels(c, oc, w);
        float[] xh = channelsLast(n, c, h, wd, 2, x);
        Parallel.forRange(chunks, 1, (from, to) -> {
            float[] v = new float[A * A * c * T], m = new float[A * A * (oc * T + PAD)];
            float[] tr = new float[A * A * TR], s1 = new float[A * STRIP * 16], s2 = new float[2 * A * 16];
            int[] map = new int[T], src = new int[T], runs = new int[3 * 16];
            for (int chunk = from; chunk < to; chunk++) {
                int t0 = chunk * T, valid = Math.min(T, tiles - t0);
                for (int t = 0; t < T; t++) { // past the last tile, repeat it: computed, never stored
                    int tile = t0 + Math.min(t, valid - 1), b = tile / tilesPerImage, r = tile % tilesPerImage;
                    int ty = r / tw, tx = r % tw;
                    src[t] = ((b * hp + 2 * ty) * wp + 2 * tx) * c;
                    map[t] = b * oc * h * wd + 2 * ty * wd + 2 * tx;
                }
                inputTransform(c, wp, xh, src, tr, s1, v);
                for (int e = 0; e < A * A; e++) // M_e = U_e V_e: both operands are packed already
                    for (int kb = 0; kb < oc; kb += MR)
                        GemmMicroKernel.kernel(c, u, (e * oc + kb) * c, v, e * c * T, m, e * (oc * T + PAD) + kb * T, T,
                                1f, 0f);
                outputTransform(oc, h * wd, wd, m, s2, bias, map, valid, runs, out);
            }
        });
    }

    /** Tiles per chunk of the weight gradient: the inner dimension of its GEMMs. */
    private static final int TW = 128;
    /** 8 lanes, one per row of the GEMM's register tile: the output gradient's transform is packed A directly. */
    private static final VectorSpecies<Float> S8 = FloatVector.SPECIES_256;

    /** Whether {@link #backwardWeight} computes the weight gradient of conv(x, w). */
    static boolean appliesToWeightGradient(int c, int oc, Window2d g) {
        return applies(c, oc, g) && S8.length() == MR;
    }

    /**
     * gradW [oc, c, 5, 5] = sum over the batch of gradOut [n, oc, h, w] correlated with x [n, c, h, w] (padded by 2);
     * overwritten. Per-thread partial sums are added in the order of their chunks, so the result depends only on the
     * thread count.
     */
    static void backwardWeight(int n, int c, int oc, Window2d g, float[] x, float[] gradOut, float[] gradW) {
        int h = g.h(), wd = g.w(), wp = wd + 4, hp = h + 4, tw = wd / 2, tilesPerImage = (h / 2) * tw;
        int tiles = n * tilesPerImage, chunks = (tiles + TW - 1) / TW;
        int cp = (c + Gemm.PANEL - 1) / Gemm.PANEL * Gemm.PANEL, ev = cp * TW + PAD, ed = MR * TW + PAD;
        float[] xh = channelsLast(n, c, h, wd, 2, x), gh = channelsLast(n, oc, h, wd, 0, gradOut);
        ConcurrentSkipListMap<Integer, float[]> partials = new ConcurrentSkipListMap<>();
        Parallel.forRange(chunks, 1, (from, to) -> {
            float[] v = new float[A * A * ev], d = new float[A * A * ed], acc = new float[A * A * oc * cp];
            float[] s1 = new float[A * A * 16], q = new float[A * 2 * S8.length()];
            int[] src = new int[TW], at = new int[TW];
            for (int chunk = from; chunk < to; chunk++) {
                int t0 = chunk * TW, valid = Math.min(TW, tiles - t0);
                for (int t = 0; t < TW; t++) {
                    int tile = t0 + Math.min(t, valid - 1), b = tile / tilesPerImage, r = tile % tilesPerImage;
                    int ty = r / tw, tx = r % tw;
                    src[t] = ((b * hp + 2 * ty) * wp + 2 * tx) * c;
                    at[t] = t < valid ? ((b * h + 2 * ty) * wd + 2 * tx) * oc : -1; // past the last tile: zeros
                }
                windowRows(c, wp, xh, src, s1, v, ev);
                float beta = chunk == from ? 0f : 1f;
                for (int kb = 0; kb < oc; kb += MR) { // 8 filters' transforms, used while they are in cache
                    gradientTiles(kb, oc, wd, gh, at, q, d, ed);
                    for (int e = 0; e < A * A; e++)
                        for (int j = 0; j < cp; j += Gemm.PANEL)
                            GemmMicroKernel.kernel(TW, d, e * ed, v, e * ev + j * TW, acc, (e * oc + kb) * cp + j, cp,
                                    1f, beta);
                }
            }
            partials.put(from, acc);
        });
        float[] m = null;
        for (float[] p : partials.values()) {
            if (m == null) m = p;
            else for (int i = 0; i < m.length; i++) m[i] += p[i];
        }
        float[] sum = m;
        Parallel.forRange(oc, 1, (from, to) -> {
            double[] y6 = new double[5 * A];
            for (int k = from; k < to; k++)
                for (int ch = 0; ch < c; ch++) {
                    int base = k * cp + ch, es = oc * cp; // element e of (k, ch): sum[e * es + base]
                    for (int j = 0; j < A; j++) { // A'^T M, column j
                        double m0 = sum[j * es + base], m1 = sum[(A + j) * es + base];
                        double m2 = sum[(2 * A + j) * es + base], m3 = sum[(3 * A + j) * es + base];
                        double m4 = sum[(4 * A + j) * es + base], m5 = sum[(5 * A + j) * es + base];
                        y6[j] = m0 + m1 + m2 + m3 + m4;
                        y6[A + j] = m1 - m2 + 2 * (m3 - m4);
                        y6[2 * A + j] = m1 + m2 + 4 * (m3 + m4);
                        y6[3 * A + j] = m1 - m2 + 8 * (m3 - m4);
                        y6[4 * A + j] = m1 + m2 + 16 * (m3 + m4) + m5;
                    }
                    int o = (k * c + ch) * 25;
                    for (int i = 0; i < 5; i++) { // (.) A'
                        double u0 = y6[i * A], u1 = y6[i * A + 1], u2 = y6[i * A + 2], u3 = y6[i * A + 3];
                        double u4 = y6[i * A + 4], u5 = y6[i * A + 5];
                        gradW[o + i * 5] = (float) (u0 + u1 + u2 + u3 + u4);
                        gradW[o + i * 5 + 1] = (float) (u1 - u2 + 2 * (u3 - u4));
                        gradW[o + i * 5 + 2] = (float) (u1 + u2 + 4 * (u3 + u4));
                        gradW[o + i * 5 + 3] = (float) (u1 - u2 + 8 * (u3 - u4));
                        gradW[o + i * 5 + 4] = (float) (u1 + u2 + 16 * (u3 + u4) + u5);
                    }
                }
        });
    }

    /**
     * The chunk's transformed windows B^T d B as the weight gradient's B operand: for element e, panels of 32
     * channels with one row per tile (v[e * ev + panel * TW * 32 + t * 32 + channel % 32]), 16 channels per vector,
     * so no transpose is needed.
     */
    private static void windowRows(int c, int wp, float[] xh, int[] src, float[] s1, float[] v, int ev) {
        int row = wp * c;
        for (int t = 0; t < TW; t++)
            for (int cb = 0; cb < c; cb += 16) {
                int d0 = src[t] + cb, dst = (cb / Gemm.PANEL) * TW * Gemm.PANEL + t * Gemm.PANEL + cb % Gemm.PANEL;
                for (int x = 0; x < A; x++) bt(xh, d0 + x * c, row, s1, x * 16, A * 16);
                for (int i = 0; i < A; i++) bt(s1, i * A * 16, 16, v, i * A * ev + dst, ev);
            }
    }

    /**
     * The chunk's transformed 2x2 output-gradient blocks G' f G'^T of filters kb..kb+7 as the weight gradient's A
     * operand, packed (for element e and tile t: d[e * ed + t * 8 + lane]); 8 filters per vector, from the
     * channels-last copy gh of the output gradient (with gathers a plane apart, this transform had 100 profile samples
     * in W2's step against 58 now). G' rows (scaled as G's): (1/4, 0), (1/6, 1/6), (1/6, -1/6), (1/24, 1/12),
     * (1/24, -1/12), (0, 1).
     * Tiles with at[t] < 0 (past the last) are zeros.
     */
    private static void gradientTiles(int kb, int oc, int wd, float[] gh, int[] at, float[] q, float[] d, int ed) {
        int l8 = S8.length();
        FloatVector zero = FloatVector.zero(S8);
        for (int t = 0; t < TW; t++) {
            int o = t * l8;
            if (at[t] < 0) {
                for (int e = 0; e < A * A; e++) zero.intoArray(d, e * ed + o);
                continue;
            }
            int base = at[t] + kb;
            for (int col = 0; col < 2; col++) { // G' times each column (f[0][col], f[1][col]) of the block
                FloatVector u0 = FloatVector.fromArray(S8, gh, base + col * oc);
                FloatVector u1 = FloatVector.fromArray(S8, gh, base + (wd + col) * oc);
                int r = col * l8, st = 2 * l8; // row i of G' f, column col: q[i * st + r]
                u0.mul(0.25f).intoArray(q, r);
                u0.add(u1).mul(1f / 6).intoArray(q, st + r);
                u0.sub(u1).mul(1f / 6).intoArray(q, 2 * st + r);
                u0.add(u1.mul(2f)).mul(1f / 24).intoArray(q, 3 * st + r);
                u0.sub(u1.mul(2f)).mul(1f / 24).intoArray(q, 4 * st + r);
                u1.intoArray(q, 5 * st + r);
            }
            for (int i = 0; i < A; i++) { // (G' f) G'^T, row i
                FloatVector u0 = FloatVector.fromArray(S8, q, i * 2 * l8);
                FloatVector u1 = FloatVector.fromArray(S8, q, i * 2 * l8 + l8);
                int e = i * A * ed + o;
                u0.mul(0.25f).intoArray(d, e);
                u0.add(u1).mul(1f / 6).intoArray(d, e + ed);
                u0.sub(u1).mul(1f / 6).intoArray(d, e + 2 * ed);
                u0.add(u1.mul(2f)).mul(1f / 24).intoArray(d, e + 3 * ed);
                u0.sub(u1.mul(2f)).mul(1f / 24).intoArray(d, e + 4 * ed);
                u1.intoArray(d, e + 5 * ed);
            }
        }
    }

    /**
     * U = G g G^T for every filter and channel, as 36 [oc x c] matrices in the GEMM's packed layout: for element e and
     * filters kb..kb+7, per channel its 8 values (u[(e * oc + kb) * c + ch * 8 + o % 8]).
     */
    private static float[] kernels(int c, int oc, float[] w) {
        float[] u = new float[A * A * oc * c];
        Parallel.forRange(oc, 1, (from, to) -> {
            double[] gg = new double[A * 5], row = new double[A];
            for (int o = from; o < to; o++)
                for (int ch = 0; ch < c; ch++) {
                    int k = (o * c + ch) * 25;
                    for (int j = 0; j < 5; j++) { // G g, column j
                        gRows(w[k + j], w[k + 5 + j], w[k + 10 + j], w[k + 15 + j], w[k + 20 + j], row);
                        for (int i = 0; i < A; i++) gg[i * 5 + j] = row[i];
                    }
                    for (int i = 0; i < A; i++) { // (G g) G^T, row i
                        gRows(gg[i * 5], gg[i * 5 + 1], gg[i * 5 + 2], gg[i * 5 + 3], gg[i * 5 + 4], row);
                        for (int j = 0; j < A; j++)
                            u[((i * A + j) * oc + o - o % MR) * c + ch * MR + o % MR] = (float) row[j];
                    }
                }
        });
        return u;
    }

    /**
     * G times (g0..g4). G's rows, (1/4, 0, 0, 0, 0), (1, 1, 1, 1, 1)/6, (1, -1, 1, -1, 1)/6, (1, 2, 4, 8, 16)/24,
     * (1, -2, 4, -8, 16)/24, (0, 0, 0, 0, 1), carry the scale factors 1/4, 1/6, 1/6, 1/24, 1/24, 1, so that B^T
     * (rows scaled by the inverse factors) has small integers and transforms the data exactly up to its rounding.
     */
    private static void gRows(double g0, double g1, double g2, double g3, double g4, double[] out) {
        double even = g0 + g2 + g4, odd = g1 + g3, even2 = g0 + 4 * g2 + 16 * g4, odd2 = 2 * g1 + 8 * g3;
        out[0] = g0 / 4;
        out[1] = (even + odd) / 6;
        out[2] = (even - odd) / 6;
        out[3] = (even2 + odd2) / 24;
        out[4] = (even2 - odd2) / 24;
        out[5] = g4;
    }

    /** The shape of a channels-last copy. */
    private record Layout(int n, int c, int h, int w, int pad) {}

    /** Copies up to this many floats are kept for the next call (16 MB; W2's are at most 1.3 M). */
    private static final int KEEP_FLOATS = 1 << 22;
    /** The last few channels-last arrays per calling thread, by layout. */
    private static final ThreadLocal<java.util.Map<Layout, float[]>> BUFFERS = ThreadLocal.withInitial(
            () -> new java.util.LinkedHashMap<>(8, 0.75f, true) {
                @Override
                protected boolean removeEldestEntry(java.util.Map.Entry<Layout, float[]> eldest) {
                    return size() > 4;
                }
            });

    /**
     * An array for a channels-last copy of this layout, reused from the calling thread's last calls when it can be:
     * W2's training step made 13.8 MB of them, all zeroed by the JVM at allocation. Every copy of one layout writes
     * the same interior positions, so the zero padding of a kept array stays zero. A copy does not outlive the call
     * that made it, and one thread makes one call at a time.
     */
    private static float[] channelsLastBuffer(Layout layout, int size) {
        if (size > KEEP_FLOATS) return new float[size];
        return BUFFERS.get().computeIfAbsent(layout, l -> new float[size]);
    }

    /**
     * x [n, c, h, w] as [n, h + 2 pad, w + 2 pad, c] with zero padding: the channels of a position are one vector
     * load. Per image row, blocks of 16 channels x 16 columns go through a register transpose (a row of 16 columns
     * reads past w into the next row: discarded); the last columns of the array's last rows are copied one by one.
     */
    private static float[] channelsLast(int n, int c, int h, int w, int pad, float[] x) {
        int hp = h + 2 * pad, wp = w + 2 * pad, plane = h * w;
        float[] xh = channelsLastBuffer(new Layout(n, c, h, w, pad), n * hp * wp * c);
        int[] rows = new int[16];
        for (int j = 0; j < 16; j++) rows[j] = j * plane;
        Parallel.forRange(n, 1, (from, to) -> {
            float[] tile = new float[16 * Gemm.PANEL];
            for (int b = from; b < to; b++)
                for (int cb = 0; cb < c; cb += 16)
                    for (int y = 0; y < h; y++) {
                        int s = ((b * c + cb) * h + y) * w, d = ((b * hp + y + pad) * wp + pad) * c + cb;
                        int lanes = Math.min(16, c - cb); // the output gradient's filters need not fill 16
                        for (int x0 = 0; x0 < w; x0 += 16) {
                            int cols = Math.min(16, w - x0);
                            if (lanes == 16 && s + x0 + rows[15] + 16 <= x.length) {
                                // tile[p * 32 + j] = channel cb + j at column x0 + p
                                GemmPack.transpose16(x, s + x0, rows, 0, tile, 0);
                                for (int p = 0; p < cols; p++)
                                    System.arraycopy(tile, p * Gemm.PANEL, xh, d + (x0 + p) * c, 16);
                            } else {
                                for (int j = 0; j < lanes; j++)
                                    for (int p = 0; p < cols; p++) xh[d + (x0 + p) * c + j] = x[s + j * plane + x0 + p];
                            }
                        }
                    }
        });
        return xh;
    }

    /**
     * The chunk's transformed windows V = B^T d B into v: for element e of the 6x6 transform, the panel
     * [c rows x 32 tiles] from e * c * 32. Per 16 tiles and 16 channels: each window's 36 vectors (lanes =
     * channels) into tr, then one 16 x 16 register transpose per element puts the tiles in the lanes.
     *
     * <p>Neighbouring tiles of a row share 4 of their 6 window columns, so the column transforms B^T d go into a strip
     * s1 (row i of column x at s1[(i * STRIP + x) * 16]) that the run of tiles along the row shares: a tile that
     * continues the previous one transforms only its 2 new columns.
     */
    private static void inputTransform(int c, int wp, float[] xh, int[] src, float[] tr, float[] s1, float[] v) {
        int row = wp * c;
        for (int half = 0; half < T; half += 16) {
            for (int cb = 0; cb < c; cb += 16) {
                for (int t = 0, first = 0; t < 16; t++) {
                    int d0 = src[half + t] + cb;
                    boolean next = t > 0 && src[half + t] == src[half + t - 1] + 2 * c; // same row, one tile on
                    if (!next) first = t;
                    int x0 = 2 * (t - first); // the window's first column in the strip
                    for (int x = next ? A - 2 : 0; x < A; x++) // columns: B^T d
                        bt(xh, d0 + x * c, row, s1, (x0 + x) * 16, STRIP * 16);
                    for (int i = 0; i < A; i++) // rows: (.) B
                        bt(s1, (i * STRIP + x0) * 16, 16, tr, i * A * TR + t * 16, TR);
                }
                for (int e = 0; e < A * A; e++)
                    GemmPack.transpose16(tr, e * TR, LANE_ROWS, 0, v, e * c * T + cb * T + half);
            }
        }
    }

    /**
     * One 1-D input transform, 16 lanes at a time: o = B^T v for the 6 vectors v[k] = a[ai + k * as], written to
     * o[k] = d[di + k * ds]. B^T rows: (4, 0, -5, 0, 1, 0), (0, 4, 4, -1, -1, 0), (0, -4, 4, 1, -1, 0),
     * (0, -2, -1, 2, 1, 0), (0, 2, -1, -2, 1, 0), (0, 4, 0, -5, 0, 1).
     */
    private static void bt(float[] a, int ai, int as, float[] d, int di, int ds) {
        FloatVector v0 = FloatVector.fromArray(S, a, ai), v1 = FloatVector.fromArray(S, a, ai + as);
        FloatVector v2 = FloatVector.fromArray(S, a, ai + 2 * as), v3 = FloatVector.fromArray(S, a, ai + 3 * as);
        FloatVector v4 = FloatVector.fromArray(S, a, ai + 4 * as), v5 = FloatVector.fromArray(S, a, ai + 5 * as);
        v0.mul(4f).sub(v2.mul(5f)).add(v4).intoArray(d, di);
        v1.add(v2).mul(4f).sub(v3.add(v4)).intoArray(d, di + ds);
        v2.sub(v1).mul(4f).add(v3.sub(v4)).intoArray(d, di + 2 * ds);
        v3.sub(v1).mul(2f).add(v4.sub(v2)).intoArray(d, di + 3 * ds);
        v1.sub(v3).mul(2f).add(v4.sub(v2)).intoArray(d, di + 4 * ds);
        v1.mul(4f).sub(v3.mul(5f)).add(v5).intoArray(d, di + 5 * ds);
    }

    /**
     * Index vectors of the output's stores, one per first lane s: a two-vector selectFrom of (y0, y1) by row s gives
     * (y0[s], y1[s], y0[s + 1], y1[s + 1], ...), the two columns of the 2x2 blocks of tiles s, s + 1, ... interleaved
     * as they lie in an output row. Lanes past 15 are clipped: never stored.
     */
    private static final float[] PAIRS = new float[16 * 16];

    static {
        for (int s = 0; s < 16; s++)
            for (int l = 0; l < 16; l++) PAIRS[s * 16 + l] = Math.min(s + l / 2, 15) + (l % 2) * 16;
    }

    /**
     * Y = A^T M A for the chunk's tiles, 16 at a time in lanes, plus the bias, into out: map[t] is tile t's index in
     * out for filter 0 (filter k adds k * plane), its 2x2 block at map[t] + (0, 1, wd, wd + 1). Tiles that follow one
     * another along an output row (map 2 apart) are runs, stored as contiguous rows of up to 16 values (8 tiles) with
     * one permute and one masked store. With a scatter of each position instead (4 per filter and 16 tiles), W2's
     * second convolution took 4.35-4.55 ms forward against 4.11-4.23 ms now.
     */
    private static void outputTransform(int oc, int plane, int wd, float[] m, float[] s2, float[] bias, int[] map,
                                        int valid, int[] runs, float[] out) {
        for (int half = 0; half < T && half < valid; half += 16) {
            int lanes = Math.min(16, valid - half), nr = 0; // run r: first lane runs[3r], length runs[3r+1], at [3r+2]
            for (int l = 0; l < lanes; l++) {
                if (nr > 0 && map[half + l] == map[half + l - 1] + 2 && runs[3 * nr - 2] < 8) {
                    runs[3 * nr - 2]++;
                } else {
                    runs[3 * nr] = l;
                    runs[3 * nr + 1] = 1;
                    runs[3 * nr + 2] = map[half + l];
                    nr++;
                }
            }
            for (int k = 0; k < oc; k++) {
                int m0 = k * T + half, es = oc * T + PAD; // element e of tile lane l: m[e * es + m0 + l]
                for (int j = 0; j < A; j++) at(m, m0 + j * es, A * es, s2, j * 16, A * 16); // columns: A^T M
                FloatVector b = FloatVector.broadcast(S, bias == null ? 0f : bias[k]);
                for (int i = 0; i < 2; i++) {
                    int r = i * A * 16, row = k * plane + i * wd;
                    FloatVector u0 = FloatVector.fromArray(S, s2, r), u1 = FloatVector.fromArray(S, s2, r + 16);
                    FloatVector u2 = FloatVector.fromArray(S, s2, r + 32), u3 = FloatVector.fromArray(S, s2, r + 48);
                    FloatVector u4 = FloatVector.fromArray(S, s2, r + 64), u5 = FloatVector.fromArray(S, s2, r + 80);
                    FloatVector y0 = u0.add(u1).add(u2).add(u3).add(u4).add(b);
                    FloatVector y1 = u1.sub(u2).add(u3.sub(u4).mul(2f)).add(u5).add(b);
                    for (int q = 0; q < nr; q++) {
                        FloatVector pairs = FloatVector.fromArray(S, PAIRS, runs[3 * q] * 16).selectFrom(y0, y1);
                        pairs.intoArray(out, row + runs[3 * q + 2], S.indexInRange(0, 2 * runs[3 * q + 1]));
                    }
                }
            }
        }
    }

    /** One 1-D output transform: (o0, o1) = A^T v, A^T rows (1, 1, 1, 1, 1, 0) and (0, 1, -1, 2, -2, 1). */
    private static void at(float[] a, int ai, int as, float[] d, int di, int ds) {
        FloatVector v0 = FloatVector.fromArray(S, a, ai), v1 = FloatVector.fromArray(S, a, ai + as);
        FloatVector v2 = FloatVector.fromArray(S, a, ai + 2 * as), v3 = FloatVector.fromArray(S, a, ai + 3 * as);
        FloatVector v4 = FloatVector.fromArray(S, a, ai + 4 * as), v5 = FloatVector.fromArray(S, a, ai + 5 * as);
        v0.add(v1).add(v2).add(v3).add(v4).intoArray(d, di);
        v1.sub(v2).add(v3.sub(v4).mul(2f)).add(v5).intoArray(d, di + ds);
    }
}
