package org.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Tensor;

/**
 * Nesterov's accelerated gradient as the course writes it (Proposition 3.9) takes the gradient at the look-ahead
 * point: v_{t+1} = alpha v_t - eta grad J(W_t + alpha v_t), W_{t+1} = W_t + v_{t+1}. SGD stores Phi = W + alpha v and
 * needs one gradient per step; this test runs the literal formula (in double, gradients computed in the test) beside
 * the optimiser and checks that the trajectories agree: Phi_t = W_t + alpha v_t, and W_t = Phi_t - alpha v_t.
 */
class NesterovTest {
    // J(W) = 1/2 W^T A W - b^T W with A = [[3, 1], [1, 2]], b = (1, -1): grad J = A W - b, minimum A^-1 b = (0.6, -0.8).
    private static double[] grad(double[] w) {
        return new double[]{3 * w[0] + w[1] - 1, w[0] + 2 * w[1] + 1};
    }

    private static Tensor loss(Tensor w) {
        Tensor a = Tensor.of(new float[]{3, 1, 1, 2}, 2, 2), b = Tensor.of(new float[]{1, -1}, 2);
        Tensor col = w.reshape(2, 1);
        return col.t().matmul(a).matmul(col).sum().mul(0.5f).sub(w.mul(b).sum());
    }

    @Test
    void trajectoryMatchesTheLookAheadFormula() {
        float alpha = 0.9f, eta = 0.05f;
        Tensor phi = Tensor.of(new float[]{2f, 1.5f}, 2).requiresGrad(true);
        SGD opt = new SGD(List.of(phi), eta).momentum(alpha).nesterov(true);
        double[] w = {2, 1.5}, v = {0, 0};
        for (int t = 1; t <= 200; t++) {
            // literal: gradient at the look-ahead point W + alpha v
            double[] g = grad(new double[]{w[0] + alpha * v[0], w[1] + alpha * v[1]});
            for (int i = 0; i < 2; i++) {
                v[i] = alpha * v[i] - eta * g[i];
                w[i] += v[i];
            }
            Problems.iterate(opt, () -> loss(phi));
            float[] vOpt = opt.state().buffers().get("0.v");
            for (int i = 0; i < 2; i++) {
                assertEquals(w[i] + alpha * v[i], phi.data()[i], 1e-5, "Phi_" + t + "[" + i + "]");
                assertEquals(v[i], vOpt[i], 1e-5, "v_" + t + "[" + i + "]");
                assertEquals(w[i], phi.data()[i] - alpha * vOpt[i], 1e-5, "W_" + t + "[" + i + "]");
            }
        }
        // both reach the minimum (0.6, -0.8)
        assertEquals(0.6, w[0], 1e-3);
        assertEquals(-0.8, w[1], 1e-3);
        assertEquals(0.6, phi.data()[0], 1e-3);
        assertEquals(-0.8, phi.data()[1], 1e-3);
    }

    @Test
    void nesterovDiffersFromPlainMomentum() {
        // The look-ahead matters: after two steps the two methods are at different points.
        Tensor a = Problems.param(1, 1), b = Problems.param(1, 1);
        SGD nag = new SGD(List.of(a), 0.01f).momentum(0.9f).nesterov(true);
        SGD mom = new SGD(List.of(b), 0.01f).momentum(0.9f);
        for (int s = 0; s < 2; s++) {
            Problems.iterate(nag, () -> Problems.bowl(a));
            Problems.iterate(mom, () -> Problems.bowl(b));
        }
        assertEquals(0.9424, b.data()[0], 1e-6);
        assertEquals(0.909244, a.data()[0], 1e-6);
    }
}
