package org.neurite.autodiff;

import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import org.neurite.tensor.Tensor;

/** The tensors of a recorded graph below an output, leaves included, each after the tensors it depends on. */
final class GraphWalk {
    final List<Tensor> order = new ArrayList<>();
    final Map<Tensor, Integer> ids = new IdentityHashMap<>();

    GraphWalk(Tensor output) {
        visit(output);
    }

    private void visit(Tensor t) { // graphs for pictures are small: recursion depth is no concern here
        if (ids.containsKey(t)) return;
        ids.put(t, -1);
        if (t.node() != null) for (Tensor in : t.node().inputs()) visit(in);
        ids.put(t, order.size());
        order.add(t);
    }

    /** The tensor's name, else its op, else "const" or "leaf", with its id to keep labels apart. */
    String label(Tensor t) {
        if (t.name() != null) return t.name();
        String kind = t.node() != null ? t.node().op() : t.requiresGrad() ? "leaf" : "const";
        return kind + "#" + ids.get(t);
    }

    /** A short rendering of a tensor's values: the number for a scalar, else the shape (and values if few). */
    static String values(Tensor t) {
        if (t == null) return "-";
        if (t.numel() == 1) return fmt(t.data()[0]);
        if (t.numel() <= 4) {
            StringBuilder sb = new StringBuilder("[");
            for (int i = 0; i < t.numel(); i++) sb.append(i > 0 ? ", " : "").append(fmt(t.data()[i]));
            return sb.append(']').toString();
        }
        return "shape " + java.util.Arrays.toString(t.shape());
    }

    static String fmt(float v) {
        return v == Math.rint(v) && Math.abs(v) < 1e7 ? String.valueOf((long) v) : String.format("%.4g", v);
    }
}
