package org.neurite.tensor;

/** toString: shape and values, nested like PyTorch's, with "..." in place of the middle of long dimensions. */
final class TensorFormat {
    private static final int EDGE = 3, FULL = 1000;

    private TensorFormat() {}

    static String format(Tensor t) {
        StringBuilder sb = new StringBuilder("tensor(");
        if (t.dim() == 0) sb.append(num(t.data[0]));
        else append(sb, t, 0, 0, t.numel() > FULL);
        sb.append(", shape=").append(Shape.str(t.shape));
        if (t.node() != null) sb.append(", grad_fn=").append(t.node().op());
        else if (t.requiresGrad()) sb.append(", requiresGrad=true");
        return sb.append(')').toString();
    }

    private static void append(StringBuilder sb, Tensor t, int d, int off, boolean abbreviate) {
        int n = t.shape[d], stride = 1;
        for (int i = d + 1; i < t.dim(); i++) stride *= t.shape[i];
        sb.append('[');
        for (int i = 0; i < n; i++) {
            if (abbreviate && n > 2 * EDGE && i == EDGE) {
                sb.append("..., ");
                i = n - EDGE;
            }
            if (d == t.dim() - 1) sb.append(num(t.data[off + i]));
            else append(sb, t, d + 1, off + i * stride, abbreviate);
            if (i < n - 1) sb.append(", ");
        }
        sb.append(']');
    }

    private static String num(float v) {
        if (v == Math.rint(v) && Math.abs(v) < 1e7) return String.valueOf((long) v) + (v == 0 && 1 / v < 0 ? ".0" : ".");
        return String.format("%.4g", v);
    }
}
