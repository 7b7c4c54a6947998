package org.neurite.optim;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.neurite.optim.Problems.bowl;
import static org.neurite.optim.Problems.param;
import static org.neurite.optim.Problems.threeSteps;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Tensor;

/**
 * The first three steps of every optimiser on f(w1, w2) = w1^2 + 10 w2^2 from W_0 = (1, 1), whose gradient is
 * g = (2 w1, 20 w2), against numbers worked from each update rule (arithmetic in the comments), to 1e-6.
 */
class FirstStepsTest {
    private static final double TOL = 1e-6;

    private static void assertSteps(double[][] expected, float[][] actual) {
        for (int s = 0; s < 3; s++)
            for (int i = 0; i < 2; i++)
                assertEquals(expected[s][i], actual[s][i], TOL, "W_" + (s + 1) + "[" + i + "]");
    }

    @Test
    void sgd() {
        Tensor w = param(1, 1);
        // eta = 0.01. W1 = (1 - 0.01*2, 1 - 0.01*20) = (0.98, 0.8)
        // g1 = (1.96, 16): W2 = (0.98 - 0.0196, 0.8 - 0.16) = (0.9604, 0.64)
        // g2 = (1.9208, 12.8): W3 = (0.9604 - 0.019208, 0.64 - 0.128) = (0.941192, 0.512)
        assertSteps(new double[][]{{0.98, 0.8}, {0.9604, 0.64}, {0.941192, 0.512}},
                threeSteps(new SGD(List.of(w), 0.01f), w));
    }

    @Test
    void momentum() {
        Tensor w = param(1, 1);
        // alpha = 0.9, eta = 0.01; v <- alpha v - eta g; W <- W + v.
        // v1 = -0.01*(2, 20) = (-0.02, -0.2); W1 = (0.98, 0.8)
        // g1 = (1.96, 16): v2 = (-0.018 - 0.0196, -0.18 - 0.16) = (-0.0376, -0.34); W2 = (0.9424, 0.46)
        // g2 = (1.8848, 9.2): v3 = (-0.03384 - 0.018848, -0.306 - 0.092) = (-0.052688, -0.398); W3 = (0.889712, 0.062)
        assertSteps(new double[][]{{0.98, 0.8}, {0.9424, 0.46}, {0.889712, 0.062}},
                threeSteps(new SGD(List.of(w), 0.01f).momentum(0.9f), w));
    }

    @Test
    void nesterov() {
        Tensor w = param(1, 1);
        // Stored Phi = W + alpha v; v <- alpha v - eta g(Phi); Phi <- Phi + alpha v - eta g(Phi). alpha 0.9, eta 0.01.
        // g(Phi0) = (2, 20): v1 = (-0.02, -0.2); Phi1 = (1 - 0.018 - 0.02, 1 - 0.18 - 0.2) = (0.962, 0.62)
        //   (literal: W1 = W0 + v1 = (0.98, 0.8); W1 + alpha v1 = (0.962, 0.62))
        // g(Phi1) = (1.924, 12.4): v2 = (-0.018 - 0.01924, -0.18 - 0.124) = (-0.03724, -0.304);
        //   Phi2 = (0.962 - 0.033516 - 0.01924, 0.62 - 0.2736 - 0.124) = (0.909244, 0.2224)
        // g(Phi2) = (1.818488, 4.448): v3 = (-0.033516 - 0.01818488, -0.2736 - 0.04448) = (-0.05170088, -0.31808);
        //   Phi3 = (0.909244 - 0.046530792 - 0.01818488, 0.2224 - 0.286272 - 0.04448) = (0.844528328, -0.108352)
        assertSteps(new double[][]{{0.962, 0.62}, {0.909244, 0.2224}, {0.844528328, -0.108352}},
                threeSteps(new SGD(List.of(w), 0.01f).momentum(0.9f).nesterov(true), w));
    }

    @Test
    void adaGrad() {
        Tensor w = param(1, 1);
        // eta = 0.1, eps = 1e-10 (inside the root, negligible here). Both coordinates move alike: AdaGrad is
        // invariant to scaling a coordinate of f, and g2/g1 = 10 w2/w1 stays 10.
        // A1 = (4, 400): W1 = 1 - 0.1*2/2 = 0.9 (w2: 1 - 0.1*20/20 = 0.9)
        // g = (1.8, 18): A2 = (4 + 3.24, 400 + 324) = (7.24, 724): W2 = 0.9 - 0.18/sqrt(7.24) = 0.9 - 0.18/2.6907248
        //   = 0.9 - 0.0668965 = 0.8331035
        // g = (1.666207, 16.66207): A3 = 7.24 + 2.776246 = 10.016246: W3 = 0.8331035 - 0.1666207/3.1648453 = 0.7804562
        assertSteps(new double[][]{{0.9, 0.9}, {0.8331035268, 0.8331035268}, {0.7804561813, 0.7804561813}},
                threeSteps(new AdaGrad(List.of(w), 0.1f), w));
    }

    @Test
    void rmsProp() {
        Tensor w = param(1, 1);
        // eta = 0.01, beta = 0.9, eps = 1e-8 inside the root.
        // A1 = 0.1*(4, 400) = (0.4, 40): W1 = 1 - 0.01*2/sqrt(0.4) = 1 - 0.02/0.6324555 = 0.9683772 (w2 alike)
        // g = (1.9367544, ...): A2 = 0.36 + 0.1*3.7510177 = 0.7351018: W2 = 0.9683772 - 0.019367544/0.8573808 = 0.9457880
        // g = (1.8915760, ...): A3 = 0.6615916 + 0.1*3.5780598 = 1.0193976: W3 = 0.9457880 - 0.018915760/1.0096522 = 0.9270531
        assertSteps(new double[][]{{0.9683772236, 0.9683772236}, {0.9457880250, 0.9457880250},
                        {0.9270530981, 0.9270530981}},
                threeSteps(new RMSProp(List.of(w), 0.01f).beta(0.9f), w));
    }

    @Test
    void adam() {
        Tensor w = param(1, 1);
        // eta = 0.1, alpha = 0.9, beta = 0.999, eps = 1e-8.
        // t=1: G = 0.1 g, A = 0.001 g^2, G^ = g, A^ = g^2: W1 = 1 - 0.1 * g/|g| = 0.9 (both coordinates)
        // t=2: g = 1.8: G = 0.9*0.2 + 0.1*1.8 = 0.36, G^ = 0.36/0.19 = 1.8947368;
        //   A = 0.999*0.004 + 0.001*3.24 = 0.007236, A^ = 0.007236/0.001999 = 3.6198099, sqrt = 1.9025798;
        //   W2 = 0.9 - 0.1*1.8947368/1.9025798 = 0.9 - 0.0995878 = 0.8004122
        // t=3: g = 1.6008245: G = 0.324 + 0.16008245 = 0.48408245, G^ = 0.48408245/0.271 = 1.7862821;
        //   A = 0.007228764 + 0.002562639 = 0.009791403, A^ = /0.002997001 = 3.2670669, sqrt = 1.8075029;
        //   W3 = 0.8004122 - 0.1*1.7862821/1.8075029 = 0.8004122 - 0.0988260 = 0.7015863
        assertSteps(new double[][]{{0.9, 0.9}, {0.8004122282, 0.8004122282}, {0.7015862722, 0.7015862722}},
                threeSteps(new Adam(List.of(w), 0.1f).betas(0.9f, 0.999f).eps(1e-8f), w));
    }

    @Test
    void adamW() {
        Tensor w = param(1, 1);
        // As Adam with eta = 0.1, and first W <- W (1 - eta lambda) = 0.99 W with lambda = 0.1; the gradient is taken
        // at the old W. t=1: W1 = 0.99 - 0.1 = 0.89.
        // t=2: g = 1.78: G = 0.18 + 0.178 = 0.358, G^ = 1.8842105; A = 0.003996 + 0.0031684 = 0.0071644,
        //   A^ = 3.5839920, sqrt = 1.8931434; W2 = 0.89*0.99 - 0.1*1.8842105/1.8931434 = 0.8811 - 0.0995282 = 0.7815719
        // t=3: g = 1.5631437: G = 0.3222 + 0.15631437 = 0.47851437, G^ = 1.7657357; A = 0.0071572356 + 0.0024434183
        //   = 0.0096006539, A^ = 3.2034212, sqrt = 1.7898104; W3 = 0.7737561 - 0.0986549 = 0.6751012
        assertSteps(new double[][]{{0.89, 0.89}, {0.7815718555, 0.7815718555}, {0.6751012209, 0.6751012209}},
                threeSteps(new AdamW(List.of(w), 0.1f).weightDecay(0.1f), w));
    }

    @Test
    void l2Regularisation() {
        Tensor w = param(1, 1);
        // SGD eta = 0.01, lambda = 0.5: g + lambda W = (2.5 w1, 20.5 w2), so each step multiplies
        // w1 by 1 - 0.025 = 0.975 and w2 by 1 - 0.205 = 0.795: W3 = (0.975^3, 0.795^3) = (0.926859375, 0.502459875)
        assertSteps(new double[][]{{0.975, 0.795}, {0.950625, 0.632025}, {0.926859375, 0.502459875}},
                threeSteps(new SGD(List.of(w), 0.01f).weightDecay(0.5f), w));
    }

    @Test
    void l1Regularisation() {
        Tensor w = param(1, 1);
        // SGD eta = 0.01, mu = 1: W <- W - 0.01 (g + sign(W)).
        // W1 = (1 - 0.03, 1 - 0.21) = (0.97, 0.79)
        // W2 = (0.97 - 0.01*(1.94 + 1), 0.79 - 0.01*(15.8 + 1)) = (0.9406, 0.622)
        // W3 = (0.9406 - 0.01*(1.8812 + 1), 0.622 - 0.01*(12.44 + 1)) = (0.911788, 0.4876)
        assertSteps(new double[][]{{0.97, 0.79}, {0.9406, 0.622}, {0.911788, 0.4876}},
                threeSteps(new SGD(List.of(w), 0.01f).l1(1f), w));
    }

    @Test
    void newton() {
        Tensor w = param(1, 1);
        Newton opt = new Newton(List.of(w));
        // H = diag(2, 20), g = (2, 20): H^-1 g = (1, 1), so W1 = (0, 0), where g = 0 and W stays.
        double[][] expected = {{0, 0}, {0, 0}, {0, 0}};
        for (int s = 0; s < 3; s++) {
            opt.step(() -> bowl(w));
            assertArrayEquals(expected[s], toDouble(w.toFloatArray()), TOL);
        }
    }

    @Test
    void newtonCg() {
        Tensor w = param(1, 1);
        NewtonCG opt = new NewtonCG(List.of(w));
        // Step 1: r0 = -g = (-2, -20), |g|^2 = 404, CG tolerance min(0.5, sqrt|g|)|g| = 10.05. p = r0, Hp = (-4, -400),
        //   p.Hp = 8 + 8000 = 8008, a = 404/8008; d = a p; r1 = r0 - a Hp, |r1| = 1.807 < 10.05: stop.
        //   Armijo holds at t = 1: W1 = (1 - 808/8008, 1 - 8080/8008) = (0.8991009, -0.0089910)
        // Step 2: |g| = 1.807, tolerance 0.904: CG runs its two iterations, exact on a 2-D quadratic: W2 = (0, 0).
        // Step 3: g = 0: W stays.
        double[][] expected = {{7200.0 / 8008, -72.0 / 8008}, {0, 0}, {0, 0}};
        for (int s = 0; s < 3; s++) {
            opt.step(() -> bowl(w));
            assertArrayEquals(expected[s], toDouble(w.toFloatArray()), TOL, "step " + (s + 1));
        }
    }

    @Test
    void lbfgs() {
        Tensor w = param(1, 1);
        LBFGS opt = new LBFGS(List.of(w)).maxIter(1);
        // One iteration per step(), no line search, lr = 1.
        // It 1: d = -g = (-2, -20), t = min(1, 1/|g|_1) = 1/22: W1 = (1 - 2/22, 1 - 20/22) = (10/11, 1/11)
        // It 2: g = (20/11, 20/11); s = t d = (-1/11, -10/11), y = g - (2, 20) = (-2/11, -200/11);
        //   s.y = 2002/121 = 16.545455, y.y = 40004/121, H0 = s.y/y.y = 2002/40004 = 0.0500450.
        //   Two loops: q = -g; a = s.q / s.y = (20/121 + 200/121)/(2002/121) = 220/2002 = 0.1098901;
        //   q <- q - a y = (-1.8181818 + 0.0199800, -1.8181818 + 1.9980020) = (-1.7982018, 0.1798202);
        //   r = H0 q = (-0.0899910, 0.0089991); b = y.r / s.y = (0.0163620 - 0.1636202)/16.545455 = -0.0088999;
        //   d = r + s (a - b) = r + s * 0.1187900 = (-0.1007901, -0.0989921); t = 1:
        //   W2 = (0.9090909 - 0.1007901, 0.0909091 - 0.0989921) = (0.8083008, -0.0080830)
        // It 3: the same recursion with two pairs gives d = (-0.2002404, -0.0538275): W3 = (0.6080604, -0.0619105)
        double[][] expected = {{10.0 / 11, 1.0 / 11}, {0.8083007883, -0.0080830079}, {0.6080603992, -0.0619104775}};
        for (int s = 0; s < 3; s++) {
            opt.step(() -> bowl(w));
            assertArrayEquals(expected[s], toDouble(w.toFloatArray()), TOL, "iteration " + (s + 1));
        }
        assertEquals(3, opt.iterations());
    }

    static double[] toDouble(float[] a) {
        double[] d = new double[a.length];
        for (int i = 0; i < a.length; i++) d[i] = a[i];
        return d;
    }
}
