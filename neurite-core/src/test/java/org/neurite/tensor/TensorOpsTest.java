package org.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Forward values of the ops against hand-worked numbers. */
class TensorOpsTest {
    private static Tensor t(float[] v, int... shape) {
        return Tensor.of(v, shape);
    }

    @Test
    void creation() {
        assertArrayEquals(new int[]{2, 3}, Tensor.zeros(2, 3).shape());
        assertEquals(0, Tensor.scalar(5f).dim());
        assertArrayEquals(new float[]{0, 1, 2, 3}, Tensor.arange(4).toFloatArray());
        assertArrayEquals(new float[]{1, 1.5f, 2, 2.5f}, Tensor.arange(1, 3, 0.5f).toFloatArray());
        assertArrayEquals(new float[]{7, 7}, Tensor.full(7, 2).toFloatArray());
        assertArrayEquals(Tensor.randn(new Rng(1), 5).toFloatArray(), Tensor.randn(new Rng(1), 5).toFloatArray());
        float[] data = {1, 2};
        Tensor copy = Tensor.of(data, 2);
        data[0] = 9;
        assertEquals(1f, copy.get(0)); // of copies; wrap would share
    }

    @Test
    void randnHasUnitVarianceAndRandIsInUnitInterval() {
        Tensor n = Tensor.randn(new Rng(2), 20000);
        assertEquals(0, n.mean().item(), 0.03);
        assertEquals(1, n.var().item(), 0.05);
        Tensor u = Tensor.rand(new Rng(3), 20000);
        assertTrue(u.min().item() >= 0 && u.max().item() < 1);
        assertEquals(0.5, u.mean().item(), 0.01);
    }

    @Test
    void broadcastingArithmetic() {
        Tensor a = t(new float[]{1, 2, 3, 4, 5, 6}, 2, 3);
        assertArrayEquals(new float[]{11, 22, 33, 14, 25, 36}, a.add(t(new float[]{10, 20, 30}, 3)).toFloatArray());
        assertArrayEquals(new float[]{0, 1, 2, 2, 3, 4}, a.sub(t(new float[]{1, 2}, 2, 1)).toFloatArray());
        assertArrayEquals(new float[]{2, 4, 6, 8, 10, 12}, a.mul(2f).toFloatArray());
        assertArrayEquals(new float[]{0.5f, 1, 1.5f, 2, 2.5f, 3}, a.div(2f).toFloatArray());
        Tensor outer = t(new float[]{1, 2}, 2, 1).mul(t(new float[]{3, 4, 5}, 1, 3));
        assertArrayEquals(new int[]{2, 3}, outer.shape());
        assertArrayEquals(new float[]{3, 4, 5, 6, 8, 10}, outer.toFloatArray());
        Tensor big = Tensor.ones(4, 3, 2, 2).mul(t(new float[]{1, 2, 3}, 1, 3, 1, 1));
        assertEquals(2f, big.get(3, 1, 1, 0));
        assertArrayEquals(new float[]{1, 8, 27}, t(new float[]{1, 2, 3}, 3).pow(3f).toFloatArray());
    }

    @Test
    void elementwiseFunctions() {
        Tensor x = t(new float[]{-1, 0, 2}, 3);
        assertArrayEquals(new float[]{0, 0, 2}, x.relu().toFloatArray());
        assertArrayEquals(new float[]{-1, 0, 1}, x.sign().toFloatArray());
        assertArrayEquals(new float[]{1, 0, 2}, x.abs().toFloatArray());
        assertArrayEquals(new float[]{-0.5f, 0, 0.5f}, x.clamp(-0.5f, 0.5f).toFloatArray());
        assertEquals(0.5f, Tensor.scalar(0).sigmoid().item(), 1e-7);
        assertEquals((float) Math.tanh(2), x.tanh().get(2), 1e-6);
        assertEquals((float) Math.exp(2), x.exp().get(2), 1e-5);
        assertArrayEquals(new float[]{2, 0, 2}, x.maximum(Tensor.zeros(3).add(0f)).add(x.minimum(Tensor.zeros(3)).abs().mul(2f)).toFloatArray());
        Tensor w = Tensor.where(t(new float[]{1, 0, 1}, 3), x, Tensor.full(9, 3));
        assertArrayEquals(new float[]{-1, 9, 2}, w.toFloatArray());
        assertArrayEquals(new float[]{0, 0, 1}, x.gt(0f).toFloatArray());
    }

    @Test
    void matmulValues() {
        Tensor a = t(new float[]{1, 2, 3, 4, 5, 6}, 2, 3), b = t(new float[]{7, 8, 9, 10, 11, 12}, 3, 2);
        assertArrayEquals(new float[]{58, 64, 139, 154}, a.matmul(b).toFloatArray());
        assertArrayEquals(a.matmul(b).toFloatArray(), a.matmul(b.t().copy(), false, true).toFloatArray());
        Tensor batched = Tensor.stack(List.of(a, a.mul(2f)), 0).matmul(Tensor.stack(List.of(b, b), 0));
        assertArrayEquals(new float[]{58, 64, 139, 154, 116, 128, 278, 308}, batched.toFloatArray());
    }

    @Test
    void reductions() {
        Tensor x = t(new float[]{1, 5, 3, 4, 2, 6}, 2, 3);
        assertEquals(21f, x.sum().item());
        assertArrayEquals(new float[]{5, 7, 9}, x.sum(0).toFloatArray());
        assertArrayEquals(new int[]{2, 1}, x.sum(1, true).shape());
        assertArrayEquals(new float[]{3, 4}, x.mean(1, false).toFloatArray());
        assertArrayEquals(new float[]{5, 6}, x.max(1).toFloatArray());
        assertArrayEquals(new float[]{1, 2}, x.min(1).toFloatArray());
        assertArrayEquals(new float[]{1, 2}, x.argmax(1).toFloatArray());
        assertEquals(5, x.argmax());
        assertEquals(6f, x.max().item());
        assertArrayEquals(new float[]{4, 4}, x.var(1, true, false).toFloatArray(), 1e-6f);
        assertEquals(3.5f, x.var().item(), 1e-6); // unbiased: sum of squares 17.5 / 5
        assertEquals(21f, x.reshape(1, 2, 3).sum(new int[]{0, 2}, false).sum().item());
    }

    @Test
    void largeSumsRunInParallelChunksAndStayAccurate() {
        assertEquals(300_000f, Tensor.ones(300_000).sum().item());
        Tensor r = Tensor.rand(new Rng(11), 200_003);
        double expected = 0;
        for (float v : r.toFloatArray()) expected += v;
        assertEquals(expected, r.sum().item(), 1e-6 * expected);
        assertEquals(expected / 200_003, r.mean().item(), 1e-6);
    }

    @Test
    void softmaxIsStableAndNormalised() {
        Tensor x = t(new float[]{1000, 1001, 1002, -1000, 0, 1000}, 2, 3);
        Tensor s = x.softmax(1);
        assertArrayEquals(new float[]{0.09003057f, 0.24472847f, 0.66524096f}, s.slice(0, 0, 1).toFloatArray(), 1e-6f);
        assertEquals(1f, s.slice(0, 1, 2).sum().item(), 1e-6);
        Tensor ls = x.logSoftmax(1);
        assertEquals(-2.4076059f, ls.get(0, 0), 1e-5);
        assertEquals(0f, ls.get(1, 2), 1e-6);
        assertFalse(Float.isNaN(ls.get(1, 0)));
    }

    @Test
    void shapeOps() {
        Tensor x = Tensor.arange(24).reshape(2, 3, 4);
        assertArrayEquals(new int[]{4, 3, 2}, x.transpose(0, 2).shape());
        assertEquals(x.get(1, 2, 3), x.transpose(0, 2).get(3, 2, 1));
        assertEquals(x.get(1, 0, 2), x.permute(2, 0, 1).get(2, 1, 0));
        assertArrayEquals(new int[]{2, 12}, x.flatten(1, -1).shape());
        assertArrayEquals(new int[]{2, 1, 3, 4}, x.unsqueeze(1).shape());
        assertArrayEquals(new int[]{2, 3, 4}, x.unsqueeze(1).squeeze(1).shape());
        assertArrayEquals(new float[]{4, 5, 6, 7, 8, 9, 10, 11, 16, 17, 18, 19, 20, 21, 22, 23}, x.slice(1, 1, 3).toFloatArray());
        Tensor c = Tensor.concat(List.of(Tensor.zeros(2, 1), Tensor.ones(2, 2)), 1);
        assertArrayEquals(new float[]{0, 1, 1, 0, 1, 1}, c.toFloatArray());
        assertArrayEquals(new int[]{2, 2, 3}, Tensor.stack(List.of(Tensor.zeros(2, 3), Tensor.ones(2, 3)), 1).shape());
        assertArrayEquals(new float[]{8, 9, 10, 11, 0, 1, 2, 3}, x.slice(0, 0, 1).squeeze(0).indexSelect(0, new int[]{2, 0}).toFloatArray());
        Tensor g = t(new float[]{1, 2, 3, 4, 5, 6}, 2, 3).gather(1, t(new float[]{2, 0}, 2, 1));
        assertArrayEquals(new float[]{3, 4}, g.toFloatArray());
        assertArrayEquals(new float[]{1, 2, 1, 2, 1, 2}, t(new float[]{1, 2}, 2).expand(3, 2).toFloatArray());
        assertArrayEquals(new float[]{3, 6}, Tensor.ones(3, 2).mul(t(new float[]{1, 2}, 2)).sumTo(2).toFloatArray());
    }

    @Test
    void noGradRecordsNothingAndDetachCuts() {
        Tensor w = Tensor.ones(2).requiresGrad(true);
        Tensor y = Autograd.noGrad(() -> w.mul(3f));
        assertFalse(y.requiresGrad());
        assertNull(y.node());
        try (var s = Autograd.noGradScope()) {
            assertFalse(w.add(1f).requiresGrad());
        }
        assertTrue(w.add(1f).requiresGrad());
        Tensor z = w.mul(2f).detach().mul(w).sum();
        z.backward();
        assertArrayEquals(new float[]{2, 2}, w.grad().toFloatArray());
    }

    @Test
    void broadcastGradientsAreSummedBackToTheInputShape() {
        Tensor bias = Tensor.zeros(3).requiresGrad(true);
        Tensor x = Tensor.ones(4, 3);
        x.add(bias).sum().backward();
        assertArrayEquals(new float[]{4, 4, 4}, bias.grad().toFloatArray());
    }

    @Test
    void toStringShowsShapeAndAbbreviates() {
        assertEquals("tensor([[1., 2.], [3., 4.]], shape=[2, 2])", t(new float[]{1, 2, 3, 4}, 2, 2).toString());
        String big = Tensor.arange(5000).toString();
        assertTrue(big.contains("..."), big);
        assertTrue(big.length() < 200, big);
        assertTrue(Tensor.ones(2).requiresGrad(true).mul(2f).toString().contains("grad_fn=mul"));
    }

    /**
     * Sums over several dimensions, adjacent ones (summed as one contiguous run) and not, against double-precision
     * loops; [64, 8, 30, 30] sums its rows in parallel.
     */
    @Test
    void sumOverSeveralDimensionsMatchesLoops() {
        int[][] shapes = {{3, 4, 5, 6}, {64, 8, 30, 30}};
        int[][] dimSets = {{0, 2, 3}, {2, 3}, {0, 1}, {1, 2}, {0, 2}, {1, 3}, {0, 1, 3}};
        for (int[] sh : shapes) {
            Tensor x = Tensor.randn(new Rng(9), sh);
            float[] v = x.toFloatArray();
            for (int[] dims : dimSets) {
                boolean[] red = new boolean[4];
                for (int d : dims) red[d] = true;
                Tensor got = x.sum(dims, true);
                int[] os = got.shape();
                double[] want = new double[got.numel()];
                int[] idx = new int[4];
                for (int f = 0; f < v.length; f++) {
                    for (int d = 3, r = f; d >= 0; d--) {
                        idx[d] = r % sh[d];
                        r /= sh[d];
                    }
                    int o = 0;
                    for (int d = 0; d < 4; d++) o = o * os[d] + (red[d] ? 0 : idx[d]);
                    want[o] += v[f];
                }
                float[] g = got.toFloatArray();
                for (int i = 0; i < g.length; i++)
                    assertEquals(want[i], g[i], 1e-4 * Math.sqrt(v.length / g.length) + 1e-5,
                            java.util.Arrays.toString(sh) + " sum " + java.util.Arrays.toString(dims) + " at " + i);
            }
        }
    }
}
