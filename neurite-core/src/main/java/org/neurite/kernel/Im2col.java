package org.neurite.kernel;

/**
 * The im2col and col2im rearrangements that turn a 2-D convolution into one matrix product.
 *
 * <p>For one image of c channels, im2col builds the matrix col of shape [c*kh*kw, oh*ow] with
 * col[(ch*kh + i)*kw + j][oy*ow + ox] = x[ch][oy*sh - ph + i][ox*sw - pw + j] (0 outside the image: zero padding).
 * A convolution with weights W [oc, c*kh*kw] is then W * col. col2im is its adjoint: it adds every entry of col back
 * into the input position it was read from, which is what the input gradient needs.
 */
public final class Im2col {
    private Im2col() {}

    /** Writes col [c*kh*kw, oh*ow] (at colOff) from one image x [c, h, w] (at xOff). */
    public static void im2col(float[] x, int xOff, int c, Window2d g, float[] col, int colOff) {
        check("im2col", x, xOff, c, g, col, colOff);
        int h = g.h(), w = g.w(), ow = g.ow(), oh = g.oh(), p = g.outPlane();
        int row = colOff;
        for (int ch = 0; ch < c; ch++) {
            int plane = xOff + ch * h * w;
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++, row += p) {
                    for (int oy = 0; oy < oh; oy++) {
                        int y = oy * g.sh() - g.ph() + i, dst = row + oy * ow;
                        if (y < 0 || y >= h) {
                            java.util.Arrays.fill(col, dst, dst + ow, 0f);
                            continue;
                        }
                        int src = plane + y * w;
                        int x0 = j - g.pw();
                        if (g.sw() == 1) { // zeros left of the image, one copy, zeros right of it
                            int lo = Math.min(ow, Math.max(0, -x0)), hi = Math.max(lo, Math.min(ow, w - x0));
                            if (lo > 0 || hi < ow) java.util.Arrays.fill(col, dst, dst + ow, 0f);
                            copyRow(x, src + x0 + lo, col, dst + lo, hi - lo);
                            continue;
                        }
                        for (int ox = 0; ox < ow; ox++) {
                            int xx = ox * g.sw() + x0;
                            col[dst + ox] = xx >= 0 && xx < w ? x[src + xx] : 0f;
                        }
                    }
                }
            }
        }
    }

    /** Adds col [c*kh*kw, oh*ow] (at colOff) into the image x [c, h, w] (at xOff): the adjoint of im2col. */
    public static void col2im(float[] col, int colOff, int c, Window2d g, float[] x, int xOff) {
        check("col2im", x, xOff, c, g, col, colOff);
        int h = g.h(), w = g.w(), ow = g.ow(), oh = g.oh(), p = g.outPlane();
        int row = colOff;
        for (int ch = 0; ch < c; ch++) {
            int plane = xOff + ch * h * w;
            for (int i = 0; i < g.kh(); i++) {
                for (int j = 0; j < g.kw(); j++, row += p) {
                    for (int oy = 0; oy < oh; oy++) {
                        int y = oy * g.sh() - g.ph() + i;
                        if (y < 0 || y >= h) continue;
                        int src = row + oy * ow, dst = plane + y * w, x0 = j - g.pw();
                        if (g.sw() == 1) { // only the columns that land inside the image
                            int lo = Math.min(ow, Math.max(0, -x0)), hi = Math.max(lo, Math.min(ow, w - x0));
                            addRow(col, src + lo, x, dst + x0 + lo, hi - lo);
                            continue;
                        }
                        for (int ox = 0; ox < ow; ox++) {
                            int xx = ox * g.sw() + x0;
                            if (xx >= 0 && xx < w) x[dst + xx] += col[src + ox];
                        }
                    }
                }
            }
        }
    }

    private static final jdk.incubator.vector.VectorSpecies<Float> S = jdk.incubator.vector.FloatVector.SPECIES_PREFERRED;

    /**
     * y[yo .. yo+n) += a[ao .. ao+n). Rows here are short (an output row: 14 or 28 values), where a scalar loop
     * spends more on its own overhead than on the adds: full vectors, then one masked vector for the rest.
     */
    private static void addRow(float[] a, int ao, float[] y, int yo, int n) {
        int i = 0;
        for (; i + S.length() <= n; i += S.length())
            jdk.incubator.vector.FloatVector.fromArray(S, a, ao + i)
                    .add(jdk.incubator.vector.FloatVector.fromArray(S, y, yo + i)).intoArray(y, yo + i);
        if (i < n) {
            var m = S.indexInRange(i, n);
            jdk.incubator.vector.FloatVector.fromArray(S, a, ao + i, m)
                    .add(jdk.incubator.vector.FloatVector.fromArray(S, y, yo + i, m)).intoArray(y, yo + i, m);
        }
    }

    /** y[yo .. yo+n) = a[ao .. ao+n), for short rows: full vectors, then one masked vector. */
    private static void copyRow(float[] a, int ao, float[] y, int yo, int n) {
        int i = 0;
        for (; i + S.length() <= n; i += S.length())
            jdk.incubator.vector.FloatVector.fromArray(S, a, ao + i).intoArray(y, yo + i);
        if (i < n) {
            var m = S.indexInRange(i, n);
            jdk.incubator.vector.FloatVector.fromArray(S, a, ao + i, m).intoArray(y, yo + i, m);
        }
    }

    private static void check(String op, float[] x, int xOff, int c, Window2d g, float[] col, int colOff) {
        long img = (long) c * g.inPlane(), cols = (long) c * g.kh() * g.kw() * g.outPlane();
        if (c < 1 || xOff < 0 || colOff < 0 || xOff + img > x.length || colOff + cols > col.length)
            throw new IllegalArgumentException(op + ": arrays too small for " + c + " channels of " + g
                    + " (image " + x.length + " from " + xOff + ", col " + col.length + " from " + colOff + ")");
    }
}
