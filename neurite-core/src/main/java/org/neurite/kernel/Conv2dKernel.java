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
 */
public final class Conv2dKernel {
    private Conv2dKernel() {}

    /** out = conv(x, w) + bias; bias may be null. out is overwritten. */
    public static void forward(int n, int c, int oc, Window2d g, float[] x, float[] w, float[] bias, float[] out) {
        check("conv2d", n, c, oc, g, x, w, out);
        if (bias != null && bias.length != oc)
            throw new IllegalArgumentException("conv2d: bias has " + bias.length + " values for " + oc + " filters");
        int k = c * g.kh() * g.kw(), p = g.outPlane(), inImg = c * g.inPlane(), outImg = oc * p;
        boolean direct = isPointwise(g);
        if (n == 0) return;
        Gemm.PackedA pw = Gemm.pack(false, oc, k, w, 0, k); // the same weights for every image
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

    /** gradIn = the gradient of sum(gradOut * conv(x, w)) with respect to x (a transposed convolution). Overwrites gradIn. */
    public static void backwardInput(int n, int c, int oc, Window2d g, float[] gradOut, float[] w, float[] gradIn) {
        check("conv2d backward (input)", n, c, oc, g, gradIn, w, gradOut);
        int k = c * g.kh() * g.kw(), p = g.outPlane(), inImg = c * g.inPlane(), outImg = oc * p;
        boolean direct = isPointwise(g);
        if (n == 0) return;
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
        int k = c * g.kh() * g.kw(), p = g.outPlane(), inImg = c * g.inPlane(), outImg = oc * p;
        boolean direct = isPointwise(g);
        ConcurrentSkipListMap<Integer, float[]> partials = new ConcurrentSkipListMap<>();
        Parallel.forRange(n, 1, (from, to) -> {
            float[] col = direct ? null : new float[k * p];
            float[] acc = new float[oc * k];
            for (int b = from; b < to; b++) {
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
