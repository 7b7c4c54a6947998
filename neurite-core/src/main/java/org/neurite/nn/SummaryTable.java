package org.neurite.nn;

import java.util.List;
import org.neurite.tensor.Tensor;

/** Formats {@link Module#summary(int...)}: one row per layer (name, type, output shape, parameters), then totals. */
final class SummaryTable {
    private SummaryTable() {}

    static String[] row(String name, Module m, Tensor y) {
        return new String[]{(name.isEmpty() ? "" : name + " ") + "(" + m + ")", batchShape(y.shape()),
                String.format("%,d", m.parameterCount())};
    }

    /** A shape with its first (batch) dimension shown as N: [N, 32, 28, 28]. */
    static String batchShape(int[] s) {
        if (s.length == 0) return "[]";
        StringBuilder sb = new StringBuilder("[N");
        for (int i = 1; i < s.length; i++) sb.append(", ").append(s[i]);
        return sb.append(']').toString();
    }

    static String format(List<String[]> rows, int[] input, long params, int bufferTensors, long bufferValues) {
        String[] head = {"Layer (type)", "Output Shape", "Param #"};
        int[] w = new int[3];
        for (int i = 0; i < 3; i++) w[i] = head[i].length();
        for (String[] r : rows) for (int i = 0; i < 3; i++) w[i] = Math.max(w[i], r[i].length());
        int total = w[0] + w[1] + w[2] + 6;
        StringBuilder sb = new StringBuilder();
        String rule = "=".repeat(total) + "\n", thin = "-".repeat(total) + "\n";
        sb.append("Input: ").append(batchShape(input)).append('\n').append(rule);
        line(sb, head, w).append(rule);
        for (int i = 0; i < rows.size(); i++) {
            line(sb, rows.get(i), w);
            sb.append(i + 1 < rows.size() ? thin : rule);
        }
        sb.append(String.format("Total params: %,d%n", params));
        sb.append(String.format("Trainable params: %,d%n", params));
        sb.append(String.format("Buffers (not trained): %,d values in %d tensors%n", bufferValues, bufferTensors));
        return sb.toString();
    }

    private static StringBuilder line(StringBuilder sb, String[] r, int[] w) {
        return sb.append(pad(r[0], w[0])).append("   ").append(pad(r[1], w[1])).append("   ")
                .append(" ".repeat(w[2] - r[2].length())).append(r[2]).append('\n');
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(w - s.length());
    }
}
