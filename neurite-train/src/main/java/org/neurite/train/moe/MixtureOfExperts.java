package org.neurite.train.moe;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.BiFunction;
import org.neurite.nn.Module;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Shape;
import org.neurite.tensor.Tensor;

/**
 * Mixture of experts (the course's Proposition 2.14; Jacobs et al. 1991, Shazeer et al. 2017): K expert networks
 * E_1..E_K and a gating network G that decides, example by example, which experts to use; all trained end to end.
 *
 * <p>For inputs x [N, ...]: gate logits h = G(x) [N, K], gate probabilities g = softmax(h) [N, K], and each expert
 * maps x to the same output shape [N, O] (O may be several dimensions).
 * <ul>
 *   <li><b>Dense</b> ({@code topK(K)}, the default): y_i = sum_k g_k(x_i) E_k(x_i); every expert sees every example.</li>
 *   <li><b>Sparse top-k</b> ({@code topK(k)}, k &lt; K): for each example the k experts S_i with the largest logits, with
 *   weights renormalised over them, w_ik = g_ik / sum_{j in S_i} g_ij (the softmax of the kept logits), and
 *   y_i = sum_{k in S_i} w_ik E_k(x_i). Each expert runs once, on the sub-batch of the examples routed to it; the
 *   others are not evaluated for those examples. For k = 1 the weight is g_ik itself, not 1 (the Switch Transformer's
 *   choice): a renormalised single weight is identically 1 and would give the gate no gradient.</li>
 * </ul>
 *
 * <p><b>Load balancing</b> (optional): a gate left alone tends to collapse onto a few experts. After every forward,
 * {@link #loadBalancingLoss()} is the Switch Transformer's auxiliary loss (Fedus et al. 2021)
 * <pre>
 *   L_aux = K sum_k f_k P_k,   f_k = (1 / (N k_top)) #{(i, slot) routed to expert k},   P_k = (1/N) sum_i g_ik
 * </pre>
 * (f is the fraction of routing assignments, a constant; P the mean gate probability, through which the gradient
 * flows; in dense mode f_k counts each example's argmax expert). It is 1 when routing is uniform and K when everything
 * goes to one expert. Add coefficient * L_aux to the task loss yourself, or use {@link #withLoadBalancing}.
 */
public final class MixtureOfExperts extends Module {
    private final Module gate;
    private final List<Module> experts = new ArrayList<>();
    private int topK;
    private Tensor lastAux;
    private int[] lastCounts;

    /** A mixture of the given experts with gating network {@code gate}: x [N, ...] -> logits [N, K]. Dense. */
    public MixtureOfExperts(Module gate, List<? extends Module> experts) {
        if (gate == null) throw new IllegalArgumentException("MixtureOfExperts: the gate is null");
        if (experts == null || experts.isEmpty()) throw new IllegalArgumentException("MixtureOfExperts: needs at least one expert");
        this.gate = registerModule("gate", gate);
        for (int k = 0; k < experts.size(); k++) {
            if (experts.get(k) == null) throw new IllegalArgumentException("MixtureOfExperts: expert " + k + " is null");
            this.experts.add(registerModule("expert" + k, experts.get(k)));
        }
        this.topK = experts.size();
    }

    public MixtureOfExperts(Module gate, Module... experts) {
        this(gate, Arrays.asList(experts));
    }

    /** Use only the k best experts per example (1 <= k <= K); k = K is dense mixing. */
    public MixtureOfExperts topK(int k) {
        if (k < 1 || k > experts.size())
            throw new IllegalArgumentException("MixtureOfExperts.topK: k must be in [1, " + experts.size() + "], got " + k);
        this.topK = k;
        return this;
    }

    public int topK() {
        return topK;
    }

    public int numExperts() {
        return experts.size();
    }

    public Module gate() {
        return gate;
    }

    public Module expert(int k) {
        return experts.get(k);
    }

    /** x [N, ...] -> y [N, O]; see the class comment. */
    @Override
    public Tensor forward(Tensor x) {
        int kExperts = experts.size();
        Tensor logits = gate.forward(x);
        int n = x.size(0);
        if (logits.dim() != 2 || logits.size(0) != n || logits.size(1) != kExperts)
            throw new IllegalArgumentException("MixtureOfExperts: the gate returned " + Shape.str(logits.shape())
                    + " for input " + Shape.str(x.shape()) + ", expected [" + n + ", " + kExperts + "] (one logit per expert)");
        Tensor g = logits.softmax(1);
        int[][] chosen = topIndices(logits, topK);
        Tensor y = topK == kExperts ? dense(x, g) : sparse(x, g, chosen);
        recordBalance(g, chosen, n);
        return y;
    }

    private Tensor dense(Tensor x, Tensor g) {
        List<Tensor> outs = new ArrayList<>(experts.size());
        for (int k = 0; k < experts.size(); k++) outs.add(checked(k, experts.get(k).forward(x), x.size(0), outs));
        Tensor stacked = Tensor.stack(outs, 1);                              // [N, K, O...]
        int[] gs = new int[stacked.dim()];
        Arrays.fill(gs, 1);
        gs[0] = g.size(0);
        gs[1] = g.size(1);
        return stacked.mul(g.reshape(gs)).sum(1);                            // sum_k g_k E_k(x)
    }

    private Tensor sparse(Tensor x, Tensor g, int[][] chosen) {
        int n = x.size(0), k = topK;
        // weights w_ik over the kept experts: renormalised for k >= 2, g_ik itself for k = 1
        float[] idx = new float[n * k];
        for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) idx[i * k + j] = chosen[i][j];
        Tensor kept = g.gather(1, Tensor.wrap(idx, n, k));                   // [N, k]
        Tensor w = k == 1 ? kept : kept.div(kept.sum(1, true));
        // run each expert on its sub-batch; rows (i, slot) come out grouped by expert
        List<Tensor> parts = new ArrayList<>();
        int[] rowOf = new int[n * k];                                        // (i, slot) -> row in the concatenation
        int row = 0;
        List<Tensor> shapeRef = new ArrayList<>();
        for (int e = 0; e < experts.size(); e++) {
            int count = 0;
            for (int i = 0; i < n; i++) for (int j = 0; j < k; j++) if (chosen[i][j] == e) count++;
            if (count == 0) continue;                                        // this expert is not evaluated at all
            int[] sub = new int[count];
            int c = 0;
            for (int i = 0; i < n; i++)
                for (int j = 0; j < k; j++)
                    if (chosen[i][j] == e) {
                        sub[c++] = i;
                        rowOf[i * k + j] = row++;
                    }
            Tensor out = experts.get(e).forward(x.indexSelect(0, sub));
            parts.add(checked(e, out, count, shapeRef));
            if (shapeRef.isEmpty()) shapeRef.add(out);
        }
        Tensor all = parts.size() == 1 ? parts.get(0) : Tensor.concat(parts, 0); // [N k, O...]
        Tensor ordered = all.indexSelect(0, rowOf);                          // row i k + j = E_chosen[i][j](x_i)
        int[] os = ordered.shape();
        int[] ws = new int[os.length];
        Arrays.fill(ws, 1);
        ws[0] = n * k;
        Tensor weighted = ordered.mul(w.reshape(ws));
        int[] grouped = new int[os.length + 1];
        grouped[0] = n;
        grouped[1] = k;
        System.arraycopy(os, 1, grouped, 2, os.length - 1);
        return weighted.reshape(grouped).sum(1);                             // [N, O...]
    }

    /** Checks an expert's output has b rows and the same shape as the experts before it (outs' first element). */
    private static Tensor checked(int e, Tensor out, int b, List<Tensor> before) {
        if (out.dim() < 1 || out.size(0) != b)
            throw new IllegalArgumentException("MixtureOfExperts: expert " + e + " returned " + Shape.str(out.shape())
                    + " for a batch of " + b + " examples");
        if (!before.isEmpty()) {
            int[] a = before.get(0).shape(), o = out.shape();
            if (!Arrays.equals(Arrays.copyOfRange(a, 1, a.length), Arrays.copyOfRange(o, 1, o.length)))
                throw new IllegalArgumentException("MixtureOfExperts: expert " + e + " returned " + Shape.str(o)
                        + ", an earlier expert " + Shape.str(a) + ": all experts must give the same output shape");
        }
        return out;
    }

    /** For each row of logits [N, K], the indices of its k largest values, largest first (ties: lower index). */
    static int[][] topIndices(Tensor logits, int k) {
        int n = logits.size(0), kk = logits.size(1);
        float[] v = logits.data();
        int[][] out = new int[n][k];
        for (int i = 0; i < n; i++) {
            boolean[] taken = new boolean[kk];
            for (int j = 0; j < k; j++) {
                int best = -1;
                for (int e = 0; e < kk; e++)
                    if (!taken[e] && (best < 0 || v[i * kk + e] > v[i * kk + best])) best = e;
                taken[best] = true;
                out[i][j] = best;
            }
        }
        return out;
    }

    private void recordBalance(Tensor g, int[][] chosen, int n) {
        int kExperts = experts.size();
        int[] counts = new int[kExperts];
        boolean dense = topK == kExperts;
        for (int[] row : chosen) {
            if (dense) counts[row[0]]++;
            else for (int e : row) counts[e]++;
        }
        float[] f = new float[kExperts];
        int slots = dense ? n : n * topK;
        for (int e = 0; e < kExperts; e++) f[e] = (float) counts[e] / slots;
        lastCounts = counts;
        lastAux = g.mean(0).mul(Tensor.wrap(f, kExperts)).sum().mul((float) kExperts);
    }

    /**
     * L_aux of the last forward (a scalar that carries gradient to the gate); see the class comment.
     *
     * @throws IllegalStateException before the first forward
     */
    public Tensor loadBalancingLoss() {
        if (lastAux == null) throw new IllegalStateException("MixtureOfExperts.loadBalancingLoss: no forward yet");
        return lastAux;
    }

    /** How many routing assignments each expert got in the last forward (argmax per example when dense). */
    public int[] lastExpertCounts() {
        if (lastCounts == null) throw new IllegalStateException("MixtureOfExperts.lastExpertCounts: no forward yet");
        return lastCounts.clone();
    }

    /**
     * A Trainer loss: base(output, target) + coefficient * L_aux of this mixture's last forward, while training; the
     * plain base loss in eval mode, so validation figures measure the task only. The mixture may sit inside a larger
     * model: L_aux is that of its most recent forward, which in a training step is the step's own.
     */
    public BiFunction<Tensor, Tensor, Tensor> withLoadBalancing(BiFunction<Tensor, Tensor, Tensor> base, double coefficient) {
        if (!(coefficient >= 0) || Double.isInfinite(coefficient))
            throw new IllegalArgumentException("MixtureOfExperts.withLoadBalancing: coefficient must be >= 0, got " + coefficient);
        return (out, target) -> {
            Tensor l = base.apply(out, target);
            if (!isTraining() || !Autograd.isGradEnabled() || coefficient == 0) return l;
            return l.add(loadBalancingLoss().mul((float) coefficient));
        };
    }

    /** The gate's probabilities g = softmax(G(x)) [N, K], in eval mode under no-grad. */
    public Tensor gateProbabilities(Tensor x) {
        boolean was = isTraining();
        eval();
        try (var s = Autograd.noGradScope()) {
            return gate.forward(x).softmax(1);
        } finally {
            train(was);
        }
    }

    /** The expert each example is routed to first: argmax_k G(x)_k, [N]. */
    public int[] route(Tensor x) {
        return Arrays.stream(topIndices(gateProbabilities(x), 1)).mapToInt(r -> r[0]).toArray();
    }

    @Override
    public String toString() {
        return "MixtureOfExperts(" + experts.size() + " experts, " + (topK == experts.size() ? "dense" : "top-" + topK) + ")";
    }
}
