package org.neurite.kernel;

/**
 * Direct-loop 2-D cross-correlation and its two gradients, straight from the definition
 * (X * w)(i, j) = sum_m sum_n X[i+m][j+n] w[m][n] (the course's Definition 2.5, with stride, zero padding and
 * channels). Slow and obviously right: the oracle that {@link Conv2dKernel} is tested against.
 */
public final class ConvReference {
    private ConvReference() {}

    public static void forward(int n, int c, int oc, Window2d g, float[] x, float[] w, float[] bias, float[] out) {
        Conv2dKernel.check("conv2d reference", n, c, oc, g, x, w, out);
        for (int b = 0; b < n; b++)
            for (int o = 0; o < oc; o++)
                for (int oy = 0; oy < g.oh(); oy++)
                    for (int ox = 0; ox < g.ow(); ox++) {
                        double s = bias == null ? 0 : bias[o];
                        for (int ch = 0; ch < c; ch++)
                            for (int i = 0; i < g.kh(); i++)
                                for (int j = 0; j < g.kw(); j++) {
                                    int y = oy * g.sh() - g.ph() + i, xx = ox * g.sw() - g.pw() + j;
                                    if (y >= 0 && y < g.h() && xx >= 0 && xx < g.w())
                                        s += w[((o * c + ch) * g.kh() + i) * g.kw() + j]
                                                * x[((b * c + ch) * g.h() + y) * g.w() + xx];
                                }
                        out[((b * oc + o) * g.oh() + oy) * g.ow() + ox] = (float) s;
                    }
    }

    /** Both gradients of sum(gradOut * conv(x, w)), each overwritten (either may be null to skip it). */
    public static void backward(int n, int c, int oc, Window2d g, float[] x, float[] w, float[] gradOut,
                                float[] gradIn, float[] gradW) {
        if (gradIn != null) java.util.Arrays.fill(gradIn, 0, n * c * g.inPlane(), 0f);
        if (gradW != null) java.util.Arrays.fill(gradW, 0, oc * c * g.kh() * g.kw(), 0f);
        for (int b = 0; b < n; b++)
            for (int o = 0; o < oc; o++)
                for (int oy = 0; oy < g.oh(); oy++)
                    for (int ox = 0; ox < g.ow(); ox++) {
                        float go = gradOut[((b * oc + o) * g.oh() + oy) * g.ow() + ox];
                        for (int ch = 0; ch < c; ch++)
                            for (int i = 0; i < g.kh(); i++)
                                for (int j = 0; j < g.kw(); j++) {
                                    int y = oy * g.sh() - g.ph() + i, xx = ox * g.sw() - g.pw() + j;
                                    if (y < 0 || y >= g.h() || xx < 0 || xx >= g.w()) continue;
                                    int wi = ((o * c + ch) * g.kh() + i) * g.kw() + j;
                                    int xi = ((b * c + ch) * g.h() + y) * g.w() + xx;
                                    if (gradIn != null) gradIn[xi] += w[wi] * go;
                                    if (gradW != null) gradW[wi] += x[xi] * go;
                                }
                    }
    }
}
