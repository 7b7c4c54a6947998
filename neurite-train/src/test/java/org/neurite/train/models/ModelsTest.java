package org.neurite.train.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import org.junit.jupiter.api.Test;
import org.neurite.nn.Module;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

class ModelsTest {
    private static final int[] FASHION = {1, 28, 28}, DIGITS = {1, 8, 8};

    private static int[] out(Module m, int... batchShape) {
        m.eval();
        return m.forward(Tensor.randn(new Rng(1), batchShape)).shape();
    }

    @Test
    void parameterCountsMatchTheArchitecturesByHand() {
        assertEquals(64 * 10 + 10, Models.perceptron(DIGITS, 10, new Rng(1)).parameterCount());
        // 784*256+256 + 256*128+128 + 128*10+10
        assertEquals(235_146, Models.mlp(FASHION, 10, 0.2, new Rng(1)).parameterCount());
        // conv1 32*1*25+32, conv2 64*32*25+64, dense 3136*128+128, dense 128*10+10
        long cnn = 832 + 51_264 + 401_536 + 1_290;
        assertEquals(cnn, Models.cnn(FASHION, 10, 0.5, new Rng(1)).parameterCount());
        // on 8x8 digits the dense layer takes 64 * 2 * 2 = 256 inputs
        assertEquals(832 + 51_264 + (256 * 128 + 128) + 1_290, Models.cnn(DIGITS, 10, 0.5, new Rng(1)).parameterCount());
    }

    @Test
    void everyPresetMapsImagesToClassLogits() {
        for (String p : Models.PRESETS) {
            assertArrayEquals(new int[] {3, 10}, out(Models.preset(p, FASHION, 10, -1, new Rng(2)), 3, 1, 28, 28), p);
            assertArrayEquals(new int[] {2, 10}, out(Models.preset(p, DIGITS, 10, -1, new Rng(2)), 2, 1, 8, 8), p);
        }
        assertArrayEquals(new int[] {2, 5}, out(Models.resnet(new int[] {3, 12, 10}, 5, 0, new Rng(2)), 2, 3, 12, 10));
    }

    @Test
    void resnetHasBatchNormAndResidualBlocks() {
        String s = Models.resnet(FASHION, 10, 0, new Rng(3)).summary(FASHION);
        assertTrue(s.contains("BatchNorm2d(32)") && s.contains("projection Conv2d(64 -> 128, kernel 1x1, stride 2)"), s);
        assertTrue(s.contains("Residual"), s);
        assertTrue(s.contains("[N, 128, 7, 7]"), s);
    }

    @Test
    void sameSeedSameWeights() {
        Map<String, Tensor> a = Models.cnn(DIGITS, 10, 0.5, new Rng(9)).stateDict();
        Map<String, Tensor> b = Models.cnn(DIGITS, 10, 0.5, new Rng(9)).stateDict();
        for (String k : a.keySet()) assertArrayEquals(a.get(k).toFloatArray(), b.get(k).toFloatArray(), k);
    }

    @Test
    void badNamesAndShapesAreExplained() {
        var e = assertThrows(IllegalArgumentException.class, () -> Models.preset("lenet", FASHION, 10, -1, new Rng(1)));
        assertTrue(e.getMessage().contains("unknown model preset 'lenet'") && e.getMessage().contains("resnet"));
        e = assertThrows(IllegalArgumentException.class, () -> Models.cnn(new int[] {64}, 10, 0.5, new Rng(1)));
        assertTrue(e.getMessage().contains("cnn needs image input [C, H, W]"), e.getMessage());
        e = assertThrows(IllegalArgumentException.class, () -> Models.cnn(new int[] {1, 3, 3}, 10, 0.5, new Rng(1)));
        assertTrue(e.getMessage().contains("at least 4x4"), e.getMessage());
    }
}
