package org.neurite.kernel;

/** Scalar oracles for {@link Elementwise}: the plain loops every vector kernel is tested against. */
public final class ElementwiseReference {
    private ElementwiseReference() {}

    public static void binary(Elementwise.Binary op, float[] a, int ao, int ai, float[] b, int bo, int bi,
                              float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i * ai], b[bo + i * bi]);
    }

    public static void unary(Elementwise.Unary op, float[] a, int ao, float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = op.apply(a[ao + i]);
    }

    public static void clamp(float[] a, int ao, float lo, float hi, float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = Math.min(Math.max(a[ao + i], lo), hi);
    }

    public static void reluBackward(float[] g, int go, float[] x, int xo, float[] o, int oo, int n) {
        for (int i = 0; i < n; i++) o[oo + i] = x[xo + i] > 0 ? g[go + i] : 0f;
    }

    public static void axpy(int n, float alpha, float[] x, int xo, float[] y, int yo) {
        for (int i = 0; i < n; i++) y[yo + i] += alpha * x[xo + i];
    }

    public static float sum(float[] a, int ao, int n) {
        double s = 0;
        for (int i = 0; i < n; i++) s += a[ao + i];
        return (float) s;
    }
}
