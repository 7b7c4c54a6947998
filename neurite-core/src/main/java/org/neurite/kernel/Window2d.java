package org.neurite.kernel;

/**
 * The geometry of a 2-D sliding window (convolution or pooling) over one h x w plane: kernel kh x kw, strides sh, sw,
 * zero padding ph, pw added before the first row and column, and the output size oh x ow. Padding after the last
 * row/column is implied by oh and ow, so asymmetric ("same" with an even kernel) padding is expressible.
 * Output (oy, ox) reads input rows oy*sh - ph + i for i in [0, kh) and columns ox*sw - pw + j for j in [0, kw).
 */
public record Window2d(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow) {
    public Window2d {
        if (h < 1 || w < 1 || kh < 1 || kw < 1 || sh < 1 || sw < 1 || ph < 0 || pw < 0 || oh < 1 || ow < 1)
            throw new IllegalArgumentException("Window2d: invalid geometry " + describe(h, w, kh, kw, sh, sw, ph, pw, oh, ow));
    }

    /**
     * The usual geometry: the same padding p on both sides of each dimension, output size
     * floor((h + 2p - kh) / s) + 1 (PyTorch's formula).
     */
    public static Window2d of(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw) {
        return withPadding(h, w, kh, kw, sh, sw, ph, ph, pw, pw);
    }

    /** Padding given per side (top, bottom, left, right). */
    public static Window2d withPadding(int h, int w, int kh, int kw, int sh, int sw, int top, int bottom, int left,
                                       int right) {
        int oh = Math.floorDiv(h + top + bottom - kh, Math.max(sh, 1)) + 1;
        int ow = Math.floorDiv(w + left + right - kw, Math.max(sw, 1)) + 1;
        if (oh < 1 || ow < 1)
            throw new IllegalArgumentException("kernel " + kh + "x" + kw + " does not fit input " + h + "x" + w
                    + " with padding (" + top + ", " + bottom + ", " + left + ", " + right + ")");
        return new Window2d(h, w, kh, kw, sh, sw, top, left, oh, ow);
    }

    /** Elements in one input plane. */
    public int inPlane() {
        return h * w;
    }

    /** Elements in one output plane. */
    public int outPlane() {
        return oh * ow;
    }

    private static String describe(int h, int w, int kh, int kw, int sh, int sw, int ph, int pw, int oh, int ow) {
        return "(input " + h + "x" + w + ", kernel " + kh + "x" + kw + ", stride " + sh + "x" + sw + ", padding "
                + ph + "x" + pw + ", output " + oh + "x" + ow + ")";
    }
}
