package org.neurite.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** Bad input fails where the op is called, with the op's name and the shapes at fault. */
class ErrorMessagesTest {
    @Test
    void matmulInnerDimensions() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(64, 784).matmul(Tensor.zeros(256, 10)));
        assertEquals("matmul: [64, 784] x [256, 10]: inner dimensions differ (784 vs 256)", e.getMessage());
    }

    @Test
    void matmulRank() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 2, 2, 2).matmul(Tensor.zeros(2, 2)));
        assertTrue(e.getMessage().startsWith("matmul: [2, 2, 2, 2] x [2, 2]"), e.getMessage());
    }

    @Test
    void broadcastMismatch() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).add(Tensor.zeros(4)));
        assertTrue(e.getMessage().contains("add: shapes [2, 3] and [4] cannot be broadcast"), e.getMessage());
    }

    @Test
    void reshapeCount() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).reshape(4, 2));
        assertTrue(e.getMessage().contains("reshape: cannot reshape [2, 3] (6 elements) to [4, 2]"), e.getMessage());
    }

    @Test
    void ofWithWrongCount() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.of(new float[5], 2, 3));
        assertTrue(e.getMessage().contains("Tensor.of: 5 values do not fill shape [2, 3]"), e.getMessage());
    }

    @Test
    void backwardOnNonScalarNeedsGradient() {
        Tensor x = Tensor.zeros(2, 3).requiresGrad(true);
        var e = assertThrows(IllegalArgumentException.class, () -> x.mul(2f).backward());
        assertTrue(e.getMessage().contains("backward: the output has shape [2, 3], not a scalar"), e.getMessage());
    }

    @Test
    void backwardTwiceThroughFreedGraph() {
        Tensor x = Tensor.scalar(2f).requiresGrad(true);
        Tensor y = x.mul(x).exp();
        y.backward();
        var e = assertThrows(IllegalStateException.class, y::backward);
        assertTrue(e.getMessage().contains("already freed"), e.getMessage());
        assertTrue(e.getMessage().contains("'exp'"), e.getMessage());
    }

    @Test
    void retainedGraphCanBeWalkedTwice() {
        Tensor x = Tensor.scalar(2f).requiresGrad(true);
        Tensor y = x.mul(x);
        y.backward(Tensor.scalar(1f), true);
        y.backward();
        assertEquals(8f, x.grad().item());
    }

    @Test
    void backwardWithoutGrad() {
        var e = assertThrows(IllegalStateException.class, () -> Tensor.scalar(1f).mul(2f).backward());
        assertTrue(e.getMessage().contains("does not require grad"), e.getMessage());
    }

    @Test
    void dimensionOutOfRange() {
        var e = assertThrows(IllegalArgumentException.class, () -> Tensor.zeros(2, 3).sum(2));
        assertTrue(e.getMessage().contains("sum: dimension 2 out of range for a tensor of rank 2"), e.getMessage());
    }

    @Test
    void gatherIndexOutOfRange() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.zeros(2, 3).gather(1, Tensor.of(new float[]{0, 3}, 2, 1)));
        assertTrue(e.getMessage().contains("gather: index value 3.0"), e.getMessage());
    }

    @Test
    void concatShapes() {
        var e = assertThrows(IllegalArgumentException.class,
                () -> Tensor.concat(java.util.List.of(Tensor.zeros(2, 3), Tensor.zeros(3, 3)), 1));
        assertTrue(e.getMessage().contains("concat: tensor 1 has shape [3, 3]"), e.getMessage());
    }
}
