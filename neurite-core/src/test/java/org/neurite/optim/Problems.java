package org.neurite.optim;

import java.util.List;
import java.util.function.Supplier;
import org.neurite.tensor.Tensor;

/** Small test functions built from Tensor ops. */
final class Problems {
    private Problems() {}

    /** f(w1, w2) = w1^2 + 10 w2^2 for w of shape [2]; grad = (2 w1, 20 w2). */
    static Tensor bowl(Tensor w) {
        return w.square().mul(Tensor.of(new float[]{1f, 10f}, 2)).sum();
    }

    /** Rosenbrock (1 - x)^2 + 100 (y - x^2)^2 for w = (x, y); minimum 0 at (1, 1). */
    static Tensor rosenbrock(Tensor w) {
        Tensor x = w.slice(0, 0, 1), y = w.slice(0, 1, 2);
        return Tensor.scalar(1f).sub(x).square().add(y.sub(x.square()).square().mul(100f)).sum();
    }

    /** A 2-vector parameter. */
    static Tensor param(float a, float b) {
        return Tensor.of(new float[]{a, b}, 2).requiresGrad(true);
    }

    /** One first-order iteration: zeroGrad, loss, backward, step. */
    static float iterate(Optimizer opt, Supplier<Tensor> loss) {
        opt.zeroGrad();
        Tensor l = loss.get();
        l.backward();
        opt.step();
        return l.item();
    }

    /** Runs three first-order steps on the bowl from w0 and returns W_1, W_2, W_3. */
    static float[][] threeSteps(Optimizer opt, Tensor w) {
        float[][] out = new float[3][];
        for (int s = 0; s < 3; s++) {
            iterate(opt, () -> bowl(w));
            out[s] = w.toFloatArray();
        }
        return out;
    }

    static List<Tensor> list(Tensor... ts) {
        return List.of(ts);
    }
}
