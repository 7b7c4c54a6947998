package org.neurite.train.models;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.Module;
import org.neurite.tensor.Rng;

class ModelSpecTest {
    static final String LENET = """
            [ {"type": "conv2d", "out": 32, "kernel": 5, "padding": 2}, {"type": "relu"}, {"type": "maxpool2d", "kernel": 2},
              {"type": "conv2d", "out": 64, "kernel": 5, "padding": 2}, {"type": "relu"}, {"type": "maxpool2d", "kernel": 2},
              {"type": "flatten"}, {"type": "linear", "out": 128}, {"type": "relu"}, {"type": "dropout", "p": 0.5},
              {"type": "linear", "out": "classes"} ]""";

    private static IllegalArgumentException error(String spec, int... shape) {
        return assertThrows(IllegalArgumentException.class,
                () -> ModelSpec.parse(spec, "spec.json").build(shape, 10, -1, new Rng(1)));
    }

    @Test
    void specOfTheLeNetEqualsThePreset() {
        for (int[] shape : new int[][] {{1, 28, 28}, {1, 8, 8}}) {
            Module spec = ModelSpec.parse(LENET, "lenet").build(shape, 10, -1, new Rng(4));
            Module preset = Models.cnn(shape, 10, 0.5, new Rng(4));
            assertEquals(preset.parameterCount(), spec.parameterCount());
            assertEquals(preset.summary(shape), spec.summary(shape)); // same layers, same shapes
            assertArrayEquals(preset.stateDict().get("7.weight").toFloatArray(), spec.stateDict().get("7.weight").toFloatArray());
        }
    }

    @Test
    void residualBlocksGetAProjectionWhenTheShapeChanges(@TempDir Path dir) throws IOException {
        Path f = dir.resolve("res.json");
        Files.writeString(f, """
                {"layers": [ {"type": "conv2d", "out": 8, "kernel": 3, "padding": "same"}, {"type": "batchnorm2d"},
                  {"type": "residual", "layers": [{"type": "conv2d", "out": 8, "kernel": 3, "padding": 1}, {"type": "relu"}]},
                  {"type": "residual", "layers": [{"type": "conv2d", "out": 16, "kernel": 3, "stride": 2, "padding": 1}]},
                  {"type": "global_avg_pool2d"}, {"type": "dense", "out": 3} ]}""");
        Module m = ModelSpec.read(f).build(new int[] {1, 8, 8}, 3, -1, new Rng(1));
        String s = m.summary(1, 8, 8);
        assertTrue(s.contains("projection"), s);
        assertTrue(m.stateDict().containsKey("3.projection.weight"), m.stateDict().keySet().toString());
        assertArrayEquals(new int[] {16, 8, 1, 1}, m.stateDict().get("3.projection.weight").shape());
        assertTrue(s.contains("[N, 3]"), s);
    }

    @Test
    void mistakesNameTheLayerAndTheFix() {
        assertTrue(error("[{\"type\": \"conv\"}]", 1, 8, 8).getMessage()
                .startsWith("spec.json: layer 1 (conv): unknown type (known: "));
        assertTrue(error("[{\"type\": \"conv2d\", \"out\": 4, \"kernal\": 3}]", 1, 8, 8).getMessage()
                .contains("layer 1 (conv2d): unknown key \"kernal\""));
        assertTrue(error("[{\"type\": \"conv2d\", \"out\": 4}]", 1, 8, 8).getMessage()
                .contains("layer 1 (conv2d): missing \"kernel\""));
        String m = error("[{\"type\": \"relu\"}, {\"type\": \"linear\", \"out\": 10}]", 1, 8, 8).getMessage();
        assertTrue(m.contains("layer 2 (linear) on input [1, 8, 8]") && m.contains("add {\"type\": \"flatten\"}"), m);
        m = error("[{\"type\": \"conv2d\", \"out\": 4, \"kernel\": 9}]", 1, 8, 8).getMessage();
        assertTrue(m.contains("layer 1 (conv2d) does not fit its input [1, 8, 8]"), m);
        assertTrue(error("[{\"type\": ", 1, 8, 8).getMessage().startsWith("spec.json: not valid JSON"));
        assertTrue(error("{}", 1, 8, 8).getMessage().contains("expected a non-empty list of layers"));
        assertTrue(error("[{\"type\": \"flatten\"}, {\"type\": \"linear\", \"out\": -3}]", 1, 8, 8).getMessage()
                .contains("\"out\" must be a non-negative integer or \"classes\""));
    }

    @Test
    void missingFileIsAnIOExceptionNamingIt(@TempDir Path dir) {
        var e = assertThrows(IOException.class, () -> ModelSpec.read(dir.resolve("nope.json")));
        assertTrue(e.getMessage().contains("nope.json: model spec file not found"), e.getMessage());
    }
}
