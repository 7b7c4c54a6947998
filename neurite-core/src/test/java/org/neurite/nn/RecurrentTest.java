package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.autodiff.Gradcheck;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** RNN, LSTM and GRU: shapes, one step against the equations by hand, state in and out, gradients through time. */
class RecurrentTest {
    private final Rng rng = new Rng(19);

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** row r of W [rows, cols] dotted with v. */
    private static double dot(Tensor w, int r, float[] v) {
        double s = 0;
        for (int j = 0; j < v.length; j++) s += w.get(r, j) * v[j];
        return s;
    }

    @Test
    void lstmOneStepByHand() {
        LSTM lstm = new LSTM(3, 2, new Rng(1));
        var p = lstm.namedParameters();
        assertEquals(List.of("weight_ih_l0", "weight_hh_l0", "bias_ih_l0", "bias_hh_l0"), List.copyOf(p.keySet()));
        assertArrayEquals(new int[]{8, 3}, p.get("weight_ih_l0").shape());
        float[] x = {0.5f, -1f, 2f}, h0 = {0.1f, -0.2f}, c0 = {0.3f, 0.4f};
        var out = lstm.forward(Tensor.of(x, 1, 1, 3), Tensor.of(h0, 1, 2), Tensor.of(c0, 1, 2));
        Tensor wi = p.get("weight_ih_l0"), wh = p.get("weight_hh_l0"), bi = p.get("bias_ih_l0"), bh = p.get("bias_hh_l0");
        for (int k = 0; k < 2; k++) {
            double[] pre = new double[4];
            for (int gate = 0; gate < 4; gate++) {
                int r = gate * 2 + k;
                pre[gate] = dot(wi, r, x) + bi.get(r) + dot(wh, r, h0) + bh.get(r);
            }
            double c = sig(pre[1]) * c0[k] + sig(pre[0]) * Math.tanh(pre[2]);
            double h = sig(pre[3]) * Math.tanh(c);
            assertEquals(c, out.cell().get(0, k), 1e-5);
            assertEquals(h, out.hidden().get(0, k), 1e-5);
            assertEquals(h, out.output().get(0, 0, k), 1e-5);
        }
    }

    @Test
    void gruAndRnnOneStepByHand() {
        GRU gru = new GRU(2, 2, new Rng(2));
        var p = gru.namedParameters();
        Tensor wi = p.get("weight_ih_l0"), wh = p.get("weight_hh_l0"), bi = p.get("bias_ih_l0"), bh = p.get("bias_hh_l0");
        float[] x = {1f, -0.5f}, h0 = {0.2f, 0.7f};
        Tensor h1 = gru.forward(Tensor.of(x, 1, 1, 2), Tensor.of(h0, 1, 2)).hidden();
        for (int k = 0; k < 2; k++) {
            double r = sig(dot(wi, k, x) + bi.get(k) + dot(wh, k, h0) + bh.get(k));
            double z = sig(dot(wi, 2 + k, x) + bi.get(2 + k) + dot(wh, 2 + k, h0) + bh.get(2 + k));
            double n = Math.tanh(dot(wi, 4 + k, x) + bi.get(4 + k) + r * (dot(wh, 4 + k, h0) + bh.get(4 + k)));
            assertEquals((1 - z) * n + z * h0[k], h1.get(0, k), 1e-5);
        }
        RNN rnn = new RNN(2, 3, new Rng(3));
        var q = rnn.namedParameters();
        Tensor y = rnn.forward(Tensor.of(x, 1, 1, 2));
        for (int k = 0; k < 3; k++)
            assertEquals(Math.tanh(dot(q.get("weight_ih_l0"), k, x) + q.get("bias_ih_l0").get(k) + q.get("bias_hh_l0").get(k)),
                    y.get(0, 0, k), 1e-5);
    }

    @Test
    void shapesAndStateCarryOver() {
        LSTM lstm = new LSTM(4, 5);
        Tensor x = Tensor.randn(rng, 3, 6, 4);
        assertArrayEquals(new int[]{3, 6, 5}, lstm.forward(x).shape());
        // running the first 4 steps, then the last 2 from the returned state, equals running all 6
        var whole = lstm.forward(x, null, null);
        var first = lstm.forward(x.slice(1, 0, 4), null, null);
        var second = lstm.forward(x.slice(1, 4, 6), first.hidden(), first.cell());
        assertArrayEquals(whole.hidden().toFloatArray(), second.hidden().toFloatArray(), 1e-6f);
        assertArrayEquals(whole.output().slice(1, 4, 6).toFloatArray(), second.output().toFloatArray(), 1e-6f);
        GRU gru = new GRU(4, 2);
        var g = gru.forward(x, null);
        assertArrayEquals(new int[]{3, 6, 2}, g.output().shape());
        assertArrayEquals(new int[]{3, 2}, g.hidden().shape());
        assertArrayEquals(new int[]{3, 6, 7}, new RNN(4, 7).forward(x).shape());
        var e = assertThrows(IllegalArgumentException.class, () -> lstm.forward(Tensor.zeros(3, 4)));
        assertTrue(e.getMessage().contains("LSTM(4 -> 5): expected input [batch, time, 4]"), e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> gru.forward(x, Tensor.zeros(2, 2)));
    }

    private void gradcheck(Recurrent layer, boolean withState, boolean cell) {
        List<Tensor> inputs = new ArrayList<>();
        inputs.add(Tensor.randn(rng, 2, 3, 3).requiresGrad(true)); // 3 time steps
        if (withState) inputs.add(Tensor.randn(rng, 2, 2).mul(0.5f).detach().requiresGrad(true));
        if (cell) inputs.add(Tensor.randn(rng, 2, 2).mul(0.5f).detach().requiresGrad(true));
        inputs.addAll(layer.parameters());
        Gradcheck.Result r = Gradcheck.check(v -> {
            Tensor h0 = withState ? v.get(1) : null, c0 = cell ? v.get(2) : null;
            return layer.run(v.get(0), h0, c0).output().tanh();
        }, inputs);
        assertTrue(r.passed(), layer + ": " + r);
    }

    @Test void lstmGradientsThroughThreeSteps() { gradcheck(new LSTM(3, 2, new Rng(4)), true, true); }
    @Test void gruGradients() { gradcheck(new GRU(3, 2, new Rng(5)), true, false); }
    @Test void rnnGradients() { gradcheck(new RNN(3, 2, new Rng(6)), false, false); }
}
