package org.neurite.nn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.neurite.nn.loss.Losses;
import org.neurite.tensor.Autograd;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** Where the perceptron fails (Remark 2.2), a 2-4-1 MLP (Remark 2.3) learns XOR by gradient descent. */
class MlpXorTest {
    @Test
    void twoLayerNetworkLearnsXor() {
        Rng rng = new Rng(7);
        Sequential mlp = new Sequential(new Linear(2, 4, rng), new Tanh(), new Linear(4, 1, rng));
        Tensor x = Tensor.of(new float[]{0, 0, 0, 1, 1, 0, 1, 1}, 4, 2);
        Tensor y = Tensor.of(new float[]{0, 1, 1, 0}, 4, 1);
        float first = 0, last = 0;
        for (int step = 0; step < 2000; step++) { // plain gradient descent, the optimisers live elsewhere
            mlp.zeroGrad();
            Tensor loss = Losses.binaryCrossEntropyWithLogits(mlp.forward(x), y);
            loss.backward();
            if (step == 0) first = loss.item();
            last = loss.item();
            Autograd.noGrad(() -> {
                for (Tensor p : mlp.parameters()) {
                    float[] d = p.data(), g = p.grad().data();
                    for (int i = 0; i < d.length; i++) d[i] -= 0.5f * g[i];
                }
            });
        }
        assertTrue(last < 0.05f * first, "loss fell from " + first + " to " + last);
        Tensor predicted = Autograd.noGrad(() -> mlp.forward(x)).gt(0f);
        assertArrayEquals(y.toFloatArray(), predicted.toFloatArray());
    }
}
