package org.neurite.autodiff;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import org.neurite.tensor.Tensor;

/**
 * Pictures of a computational graph for learners (the course's Example 3.1): one box per tensor showing its name or
 * op, its value and its gradient, with an arrow from each input to the op that uses it. {@link #toDot} gives
 * Graphviz text; {@link #toSvg} a self-contained SVG laid out in layers (leaves at the bottom, the output on top),
 * which needs no Graphviz. Gradients shown are those of leaves after backward() (grad() of intermediate tensors is
 * not kept, as in PyTorch).
 */
public final class GraphExport {
    private GraphExport() {}

    public static String toDot(Tensor output) {
        GraphWalk w = new GraphWalk(output);
        StringBuilder sb = new StringBuilder("digraph computational_graph {\n  rankdir=BT;\n  node [shape=record, fontname=\"Helvetica\"];\n");
        for (Tensor t : w.order) {
            String op = t.node() != null ? t.node().op() : (t.requiresGrad() ? "leaf" : "constant");
            sb.append("  n").append(w.ids.get(t)).append(" [label=\"{").append(escape(w.label(t))).append(" | op: ")
                    .append(escape(op)).append(" | value: ").append(escape(GraphWalk.values(t))).append(" | grad: ")
                    .append(escape(GraphWalk.values(t.grad()))).append("}\"];\n");
        }
        for (Tensor t : w.order)
            if (t.node() != null)
                for (Tensor in : t.node().inputs())
                    sb.append("  n").append(w.ids.get(in)).append(" -> n").append(w.ids.get(t)).append(";\n");
        return sb.append("}\n").toString();
    }

    private static String escape(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"").replace("{", "\\{").replace("}", "\\}")
                .replace("|", "\\|").replace("<", "\\<").replace(">", "\\>");
    }

    public static String toSvg(Tensor output) {
        GraphWalk w = new GraphWalk(output);
        int n = w.order.size();
        int[] layer = new int[n];
        int layers = 0;
        for (int i = 0; i < n; i++) { // longest path from a leaf: inputs come earlier in the order
            Tensor t = w.order.get(i);
            if (t.node() != null)
                for (Tensor in : t.node().inputs()) layer[i] = Math.max(layer[i], layer[w.ids.get(in)] + 1);
            layers = Math.max(layers, layer[i] + 1);
        }
        List<List<Integer>> rows = new ArrayList<>();
        for (int l = 0; l < layers; l++) rows.add(new ArrayList<>());
        for (int i = 0; i < n; i++) rows.get(layer[i]).add(i);
        final int bw = 150, bh = 64, gx = 30, gy = 50;
        int widest = rows.stream().mapToInt(List::size).max().orElse(1);
        int width = widest * (bw + gx) + gx, height = layers * (bh + gy) + gy;
        int[] x = new int[n], y = new int[n];
        for (int l = 0; l < layers; l++) {
            List<Integer> row = rows.get(l);
            int offset = (width - row.size() * (bw + gx) + gx) / 2;
            for (int k = 0; k < row.size(); k++) {
                x[row.get(k)] = offset + k * (bw + gx);
                y[row.get(k)] = height - gy - bh - l * (bh + gy) + gy / 2;
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(width).append("\" height=\"").append(height)
                .append("\" viewBox=\"0 0 ").append(width).append(' ').append(height).append("\" font-family=\"Helvetica, Arial, sans-serif\">\n")
                .append("<defs><marker id=\"arrow\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\" markerWidth=\"7\" markerHeight=\"7\" orient=\"auto\">")
                .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"#555\"/></marker></defs>\n")
                .append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n");
        for (int i = 0; i < n; i++) {
            Tensor t = w.order.get(i);
            if (t.node() == null) continue;
            for (Tensor in : t.node().inputs()) {
                int j = w.ids.get(in);
                sb.append("<line x1=\"").append(x[j] + bw / 2).append("\" y1=\"").append(y[j]).append("\" x2=\"")
                        .append(x[i] + bw / 2).append("\" y2=\"").append(y[i] + bh)
                        .append("\" stroke=\"#555\" stroke-width=\"1.5\" marker-end=\"url(#arrow)\"/>\n");
            }
        }
        for (int i = 0; i < n; i++) {
            Tensor t = w.order.get(i);
            String fill = t.node() != null ? "#e8f0fe" : t.requiresGrad() ? "#e6f4ea" : "#f1f3f4";
            sb.append("<g><rect x=\"").append(x[i]).append("\" y=\"").append(y[i]).append("\" width=\"").append(bw)
                    .append("\" height=\"").append(bh).append("\" rx=\"8\" fill=\"").append(fill).append("\" stroke=\"#444\"/>\n");
            String op = t.node() != null ? t.node().op() : (t.requiresGrad() ? "leaf" : "constant");
            text(sb, x[i] + bw / 2, y[i] + 18, 14, "bold", w.label(t) + "  (" + op + ")");
            text(sb, x[i] + bw / 2, y[i] + 37, 12, "normal", "value " + GraphWalk.values(t));
            text(sb, x[i] + bw / 2, y[i] + 54, 12, "normal", "grad " + GraphWalk.values(t.grad()));
            sb.append("</g>\n");
        }
        return sb.append("</svg>\n").toString();
    }

    private static void text(StringBuilder sb, int cx, int cy, int size, String weight, String s) {
        sb.append("<text x=\"").append(cx).append("\" y=\"").append(cy).append("\" font-size=\"").append(size)
                .append("\" font-weight=\"").append(weight).append("\" text-anchor=\"middle\">")
                .append(s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")).append("</text>\n");
    }

    /** Writes text to a file atomically (temporary file in the same folder, then a move). */
    public static void write(String text, Path file) throws IOException {
        Path dir = file.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path tmp = Files.createTempFile(dir, file.getFileName().toString(), ".tmp");
        try {
            Files.writeString(tmp, text, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(tmp);
        }
    }
}
