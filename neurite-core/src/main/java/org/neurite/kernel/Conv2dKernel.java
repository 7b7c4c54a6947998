package org.neurite.kernel;

import java.util.concurrent.ConcurrentSkipListMap;

/**
 * 2-D convolution (cross-correlation, as deep-learning frameworks and the course's Remark 2.5 use it) over a batch,
 * as im2col + one GEMM per image, parallel over the batch.
 *
 * <p>Layouts are PyTorch's, row-major: x [n, c, h, w], weights [oc, c, kh, kw], bias [oc], out [n, oc, oh, ow]:
 * out[b][o][oy][ox] = bias[o] + sum_{ch,i,j} w[o][ch][i][j] x[b][ch][oy*sh - ph + i][ox*sw - pw + j].
 * With col = im2col(x[b]) this is out[b] = W [oc, c*kh*kw] x col [c*kh*kw, oh*ow]. The backward passes are
 * gradIn[b] = col2im(W^T gradOut[b]) (a transposed convolution) and gradW = sum_b gradOut[b] col[b]^T.
 * {@link ConvReference} computes the same three by direct loops and is the oracle of the tests.
 *
 * <p>The forward and weight-gradient products take col's packed panels straight from the image ({@link ConvPanels},
 * implicit im2col); {@code -Dneurite.conv.implicit=false} builds col explicitly instead (for comparison).
 */
public final class Conv2dKernel {
    /** Whether col's panels are gathered from the image rather than packed from an explicit col. */
    static final boolean IMPLICIT = !"false".equals(System.getProperty("neurite.conv.implicit"));

    private Conv2dKernel() {}

    /** out = conv(x, w) + bias; bias may be null. out is overwritten. */
    public static void forward(int n, int c, int oc, Window2d g, float[] x, float[] w, float[] bias, float[] out) {
        check("conv2d", n, c, oc, g, x, w, out);
        if (bias != null && bias.length != oc)
            throw new IllegalArgumentException("conv2d: bias has " + bias.length + " values for " + oc + " filters");
        int k = c * g.kh() * g.kw(), p = g.outPlane(), inImg = c * g.inPlane(), outImg = oc * p;
        boolean direct = isPointwise(g);
        if (n == 0) return;
        if (Winograd5x5.applies(c, oc, g)) { // 5x5 "same": 2.8 times fewer multiplications
            Winograd5x5.forward(n, c, oc, g, x, w, bias, out);
            return;
        }
        Gemm.PackedA pw = Gemm.pack(false, oc, k, w, 0, k); // the same weights for every image
        if (!direct && IMPLICIT) {
            implicitForward(n, c, oc, g, x, pw, bias, out);
            return;
        }
        Parallel.forRange(n, 1, (from, to) -> {
            float[] col = direct ? null : new float[k * p];
            for (int b = from; b < to; b++) {
                int o = b * outImg;
                if (bias != null)
                    for (int f = 0; f < oc; f++) java.util.Arrays.fill(out, o + f * p, o + (f + 1) * p, bias[f]);
                float[] src = x;
                int srcOff = b * inImg;
                if (!direct) {
                    Im2col.im2col(x, b * inImg, c, g, col, 0);
                    src = col;
                    srcOff = 0;
                }
                Gemm.sgemm(pw, false, p, 1f, src, srcOff, p, bias != null ? 1f : 0f, out, o, p);
            }
        });
    }

    /**
     * The forward product with col's panels gathered from the images. Small output planes are multiplied several
     * images at a time (the GEMM's columns are whole panels of {@link Gemm#PANEL}: one 14x14 plane is 6.1 panels,
     * so alone it computes 12% for nothing, three side by side 3%), then copied to their places in out.
     */
    private static void implicitForward(int n, int c, int oc, Window2d g, float[] x, Gemm.PackedA pw, float[] bias,
                                        float[] out) {
        int p = g.outPlane(), inImg = c * g.inPlane(), outImg = oc * p;
        int group = imagesPerProduct(n, p);
        int groups = (n + group - 1) / group;
        Parallel.forRange(groups, 1, (from, to) -> {
            ConvPanels panels = new ConvPanels(c, g, group);
            float[] tmp = group > 1 ? new float[oc * group * p] : null;
            for (int gi = from; gi < to; gi++) {
                int b0 = gi * group, count = Math.min(group, n - b0), cols = count * p;
                panels.load(x, b0 * inImg, count);
                if (group == 1) { // the bias goes in per tile, in cache (before: a fill of out, then beta = 1)
                    Gemm.sgemm(pw, cols, panels::packCol, 1f, 0f, bias, out, b0 * outImg, p);
                    continue;
                }
                Gemm.sgemm(pw, cols, panels::packCol, 1f, 0f, tmp, 0, cols);
                for (int f = 0; f < oc; f++) {
                    float bf = bias == null ? 0f : bias[f];
                    for (int i = 0; i < count; i++) {
                        int src = f * cols + i * p, dst = (b0 + i) * outImg + f * p;
                        if (bias == null) System.arraycopy(tmp, src, out, dst, p);
                        else for (int j = 0; j < p; j++) out[dst + j] = tmp[src + j] + bf;
                    }
                }
            }
        });
    }

    /**
     * Whether the weight gradient over the wide col ({@link ConvPanels#wide}) pays: its panels are transposed in
     * registers rather than gathered, worth it when the wide col is at most 15% wider (measured: 3x3 on 28x28 with 32
     * filters 10% faster, 5x5 on 28x28 from one channel the same; 5x5 on 14x14, 27% wider, 10% slower). The forward
     * product has no such choice: its compact panels are packed without gathers ({@link ConvPanels#packCol}) and
     * measured as fast as wide ones.
     */
    static boolean wideWeightGradientPays(Window2d g) {
        return WIDE && g.sh() == 1 && g.sw() == 1 && ConvPanels.wideColumns(g) <= 1.15 * g.outPlane();
    }

    /** {@code -Dneurite.conv.wide=false} always gathers (for comparison). */
    static final boolean WIDE = !"false".equals(System.getProperty("neurite.conv.wide"));

    /** Images per forward product: enough that their planes fill whole panels nearly, while every thread gets work. */
    static int imagesPerProduct(int n, int plane) {
        int best = 1;
        double bestWaste = waste(plane);
        for (int g = 2; g <= 8 && (long) g * plane <= 4096 && (n + g - 1) / g >= Parallel.threads(); g++) {
            double wst = waste(g * plane);
            if (wst < bestWaste - 0.02) {
                best = g;
                bestWaste = wst;
            }
        }
        return best;
    }

    /** The fraction of a product's columns that pad the last panel. */
    private static double waste(int cols) {
        int panels = (cols + Gemm.PANEL - 1) / Gemm.PANEL;
        return 1 - cols / (double) (panels * Gemm.PANEL);
    }

    /** gradIn = the gradient of sum(gradOut * conv(x, w)) with respect to x (a transposed convolution). Overwrites gradIn. */
    public static void backwardInput(int n, int c, int oc, Window2d g, float[] gradOut, float[] w, float[] gradIn) {
        check("conv2d backward (input)", n, c, oc, g, gradIn, w, gradOut);
        int k = c * g.kh() * g.kw(), p = g.outPlane(), inImg = c * g.inPlane(), outImg = oc * p;
        boolean direct = isPointwise(g);
        if (n == 0) return;
        Window2d full = direct || !IMPLICIT ? null : fullConvolution(g);
        if (full != null) { // a forward convolution of gradOut with the flipped kernels: no col2im scatter
            forward(n, oc, c, full, gradOut, flipped(w, oc, c, g.kh(), g.kw()), null, gradIn);
            return;
        }
        Gemm.PackedA wt = Gemm.pack(true, k, oc, w, 0, k); // W^T, the same for every image
        Parallel.forRange(n, 1, (from, to) -> {
            float[] col = direct ? null : new float[k * p];
            for (int b = from; b < to; b++) {
                if (direct) {
                    Gemm.sgemm(wt, false, p, 1f, gradOut, b * outImg, p, 0f, gradIn, b * inImg, p);
                    continue;
                }
                Gemm.sgemm(wt, false, p, 1f, gradOut, b * outImg, p, 0f, col, 0, p);
                java.util.Arrays.fill(gradIn, b * inImg, (b + 1) * inImg, 0f);
                Im2col.col2im(col, 0, c, g, gradIn, b * inImg);
            }
        });
    }

    /**
     * gradW = the gradient of sum(gradOut * conv(x, w)) with respect to w: sum over the batch of gradOut[b] col[b]^T.
     * Overwrites gradW. Per-chunk partial sums are added in batch order, so the result depends only on the thread count.
     */
    public static void backwardWeight(int n, int c, int oc, Window2d g, float[] x, float[] gradOut, float[] gradW) {
        check("conv2d backward (weight)", n, c, oc, g, x, gradW, gradOut);
        if (n > 0 && Winograd5x5.appliesToWeightGradient(c, oc, g)) {
            Winograd5x5.backwardWeight(n, c, oc, g, x, gradOut, gradW);
            return;
        }
        int k = c * g.kh() * g.kw(), p = g.outPlane(), inImg = c * g.inPlane(), outImg = oc * p;
        boolean direct = isPointwise(g);
        ConcurrentSkipListMap<Integer, float[]> partials = new ConcurrentSkipListMap<>();
        if (IMPLICIT && !direct && wideWeightGradientPays(g)) wideBackwardWeight(n, c, oc, g, x, gradOut, partials);
        else Parallel.forRange(n, 1, (from, to) -> {
            ConvPanels panels = direct || !IMPLICIT ? null : new ConvPanels(c, g, 1);
            float[] col = direct || panels != null ? null : new float[k * p];
            float[] acc = new float[oc * k];
            for (int b = from; b < to; b++) {
                if (panels != null) {
                    panels.load(x, b * inImg, 1);
                    Gemm.sgemm(false, oc, k, p, 1f, gradOut, b * outImg, p, panels::packColT, 1f, acc, 0, k);
                    continue;
                }
                float[] src = x;
                int srcOff = b * inImg;
                if (!direct) {
                    Im2col.im2col(x, b * inImg, c, g, col, 0);
                    src = col;
                    srcOff = 0;
                }
                Gemm.sgemm(false, true, oc, k, p, 1f, gradOut, b * outImg, p, src, srcOff, p, 1f, acc, 0, k);
            }
            partials.put(from, acc);
        });
        java.util.Arrays.fill(gradW, 0, oc * k, 0f);
        for (float[] acc : partials.values()) for (int i = 0; i < acc.length; i++) gradW[i] += acc[i];
    }

    /**
     * The weight gradient over the wide col: gradW = sum_b gradOut[b] col[b]^T with gradOut spread to the wide layout
     * (zeros in the discarded columns, so that they add nothing) and col^T's panels packed from the image
     * ({@link ConvPanels#packWideT}). One partial gradW per chunk of the batch.
     */
    private static void wideBackwardWeight(int n, int c, int oc, Window2d g, float[] x, float[] gradOut,
                                           ConcurrentSkipListMap<Integer, float[]> partials) {
        int k = c * g.kh() * g.kw(), p = g.outPlane(), inImg = c * g.inPlane(), outImg = oc * p;
        int cols = ConvPanels.wideColumns(g), oh = g.oh(), ow = g.ow();
        Parallel.forRange(n, 1, (from, to) -> {
            ConvPanels panels = ConvPanels.wide(c, g);
            int wp = panels.wideRowStride();
            float[] gw = new float[oc * cols]; // the discarded columns stay 0
            float[] acc = new float[oc * k];
            for (int b = from; b < to; b++) {
                panels.load(x, b * inImg, 1);
                for (int f = 0; f < oc; f++)
                    for (int oy = 0; oy < oh; oy++)
                        System.arraycopy(gradOut, b * outImg + f * p + oy * ow, gw, f * cols + oy * wp, ow);
                Gemm.sgemm(false, oc, k, cols, 1f, gw, 0, cols, panels::packWideT, 1f, acc, 0, k);
            }
            partials.put(from, acc);
        });
    }

    /**
     * For stride 1, the input gradient gradIn[c][y][x] = sum_{o,i,j} gradOut[o][y + ph - i][x + pw - j] w[o][c][i][j]
     * is the forward convolution of gradOut [oc, oh, ow] with w flipped in both axes and its channels swapped, with
     * padding kh-1-ph on top and h-oh+ph below (likewise across). Returns that window, or null when the padding
     * would be negative (padding of a kernel's size or more) or the stride is not 1.
     */
    static Window2d fullConvolution(Window2d g) {
        int top = g.kh() - 1 - g.ph(), bottom = g.h() - g.oh() + g.ph();
        int left = g.kw() - 1 - g.pw(), right = g.w() - g.ow() + g.pw();
        if (g.sh() != 1 || g.sw() != 1 || top < 0 || bottom < 0 || left < 0 || right < 0) return null;
        return Window2d.withPadding(g.oh(), g.ow(), g.kh(), g.kw(), 1, 1, top, bottom, left, right);
    }

    /** w'[c][o][i][j] = w[o][c][kh-1-i][kw-1-j]. */
    static float[] flipped(float[] w, int oc, int c, int kh, int kw) {
        float[] f = new float[oc * c * kh * kw];
        for (int o = 0; o < oc; o++)
            for (int ch = 0; ch < c; ch++)
                for (int i = 0; i < kh; i++)
                    for (int j = 0; j < kw; j++)
                        f[((ch * oc + o) * kh + kh - 1 - i) * kw + kw - 1 - j] = w[((o * c + ch) * kh + i) * kw + j];
        return f;
    }

    /** A 1x1 kernel with stride 1 and no padding reads the image itself as its col matrix. */
    private static boolean isPointwise(Window2d g) {
        return g.kh() == 1 && g.kw() == 1 && g.sh() == 1 && g.sw() == 1 && g.ph() == 0 && g.pw() == 0
                && g.oh() == g.h() && g.ow() == g.w();
    }

    static void check(String op, int n, int c, int oc, Window2d g, float[] x, float[] w, float[] out) {
        long nx = (long) n * c * g.inPlane(), nw = (long) oc * c * g.kh() * g.kw(), no = (long) n * oc * g.outPlane();
        if (n < 0 || c < 1 || oc < 1 || x.length < nx || w.length < nw || out.length < no)
            throw new IllegalArgumentException(op + ": arrays of length (input " + x.length + ", weight " + w.length
                    + ", output " + out.length + ") do not hold n=" + n + ", c=" + c + ", oc=" + oc + " for " + g);
    }
}
