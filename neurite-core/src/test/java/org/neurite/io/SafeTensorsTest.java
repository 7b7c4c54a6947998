package org.neurite.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.nn.BatchNorm1d;
import org.neurite.nn.Linear;
import org.neurite.nn.Module;
import org.neurite.nn.ReLU;
import org.neurite.nn.Sequential;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/** The safetensors format: bit-exact round trips, the layout, and every kind of corrupt or mismatched file. */
class SafeTensorsTest {
    @TempDir Path dir;

    private static Sequential model(long seed) {
        Rng rng = new Rng(seed);
        return new Sequential(new Linear(3, 4, rng), new BatchNorm1d(4), new ReLU(), new Linear(4, 2, rng));
    }

    private static Map<String, float[]> snapshot(Module m) {
        Map<String, float[]> s = new LinkedHashMap<>();
        m.stateDict().forEach((k, v) -> s.put(k, v.toFloatArray()));
        return s;
    }

    private static void assertUnchanged(Map<String, float[]> before, Module m) {
        m.stateDict().forEach((k, v) -> assertArrayEquals(before.get(k), v.toFloatArray(), k + " was modified"));
    }

    /** A file from a header string and raw data bytes, with the header length as given. */
    private Path raw(String name, long headerLength, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(headerLength).put(h).put(data);
        Path p = dir.resolve(name);
        Files.write(p, b.array());
        return p;
    }

    private Path raw(String name, String header, byte[] data) throws IOException {
        return raw(name, header.getBytes(StandardCharsets.UTF_8).length, header, data);
    }

    @Test
    void roundTripIsBitExact() throws IOException {
        Sequential a = model(1);
        a.forward(Tensor.randn(new Rng(2), 5, 3)); // move the running statistics away from their defaults
        float[] special = {-0.0f, Float.NaN, Float.intBitsToFloat(0x7fc00123), Float.POSITIVE_INFINITY, Float.MIN_VALUE, -1e-38f};
        System.arraycopy(special, 0, a.namedParameters().get("0.weight").data(), 0, special.length);
        Path f = dir.resolve("model.safetensors");
        SafeTensors.save(a, f);
        Sequential b = model(99);
        SafeTensors.load(b, f);
        for (var e : a.stateDict().entrySet()) {
            float[] x = e.getValue().toFloatArray(), y = b.stateDict().get(e.getKey()).toFloatArray();
            for (int i = 0; i < x.length; i++)
                assertEquals(Float.floatToRawIntBits(x[i]), Float.floatToRawIntBits(y[i]), e.getKey() + "[" + i + "]");
        }
        Map<String, Tensor> all = SafeTensors.load(f);
        assertEquals(List.copyOf(a.stateDict().keySet()), List.copyOf(all.keySet()));
        try (var files = Files.list(dir)) {
            assertEquals(1, files.count(), "no temporary file is left behind");
        }
    }

    @Test
    void layoutIsTheSafetensorsFormat() throws IOException {
        Map<String, Tensor> t = new LinkedHashMap<>();
        t.put("a", Tensor.of(new float[]{1, 2, 3, 4, 5, 6}, 2, 3));
        t.put("b", Tensor.scalar(-1.5f));
        Path f = dir.resolve("t.safetensors");
        SafeTensors.save(t, Map.of("format", "pt"), f);
        byte[] bytes = Files.readAllBytes(f);
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        long n = b.getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
        assertEquals(8 + n + 7 * 4, bytes.length);
        String header = new String(bytes, 8, (int) n, StandardCharsets.UTF_8).strip();
        assertEquals("{\"__metadata__\":{\"format\":\"pt\"},\"a\":{\"dtype\":\"F32\",\"shape\":[2,3],\"data_offsets\":[0,24]},"
                + "\"b\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[24,28]}}", header);
        b.position((int) (8 + n));
        assertEquals(1f, b.getFloat());
        assertEquals(2f, b.getFloat());
        assertEquals(Map.of("format", "pt"), SafeTensors.metadata(f));
        // overwriting an existing file replaces it
        SafeTensors.save(Map.of("c", Tensor.ones(1)), f);
        assertEquals(List.of("c"), List.copyOf(SafeTensors.load(f).keySet()));
    }

    @Test
    void readsOtherDtypesAsPyTorchWritesThem() throws IOException {
        ByteBuffer d = ByteBuffer.allocate(8 + 8 + 2 + 2).order(ByteOrder.LITTLE_ENDIAN);
        d.putDouble(0.25).putLong(7).putShort(Float.floatToFloat16(1.5f)).putShort((short) (Float.floatToRawIntBits(-2f) >>> 16));
        Path f = raw("dtypes.safetensors", "{\"x\":{\"dtype\":\"F64\",\"shape\":[1],\"data_offsets\":[0,8]},"
                + "\"n\":{\"dtype\":\"I64\",\"shape\":[],\"data_offsets\":[8,16]},"
                + "\"h\":{\"dtype\":\"F16\",\"shape\":[1],\"data_offsets\":[16,18]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[1],\"data_offsets\":[18,20]}}  ", d.array());
        Map<String, Tensor> t = SafeTensors.load(f);
        assertEquals(0.25f, t.get("x").item());
        assertEquals(7f, t.get("n").item());
        assertEquals(1.5f, t.get("h").item());
        assertEquals(-2f, t.get("b").item());
    }

    private void rejected(Path f, String expected) {
        Sequential m = model(5);
        Map<String, float[]> before = snapshot(m);
        Exception e = assertThrows(Exception.class, () -> SafeTensors.load(m, f));
        assertTrue(e instanceof IOException || e instanceof IllegalArgumentException, e.toString());
        assertTrue(e.getMessage().contains(f.toString()), "names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(expected), "says '" + expected + "': " + e.getMessage());
        assertUnchanged(before, m);
    }

    @Test
    void corruptFilesAreRejectedAndTheModelIsUntouched() throws IOException {
        Path good = dir.resolve("case1.safetensors");
        SafeTensors.save(model(1), good);
        byte[] bytes = Files.readAllBytes(good);

        Path tiny = dir.resolve("case2.safetensors");
        Files.write(tiny, new byte[]{1, 2, 3});
        rejected(tiny, "shorter than the 8-byte header length");

        Path truncated = dir.resolve("case3.safetensors");
        Files.write(truncated, java.util.Arrays.copyOf(bytes, bytes.length - 10));
        rejected(truncated, "lie outside");

        Path padded = dir.resolve("case0.safetensors");
        Files.write(padded, java.util.Arrays.copyOf(bytes, bytes.length + 4));
        rejected(padded, "tensors cover");

        rejected(raw("case4.safetensors", 5000, "{}", new byte[0]), "header length 5000 is impossible");
        rejected(raw("case5.safetensors", 1L << 62, "{}", new byte[0]), "is impossible");
        rejected(raw("case6.safetensors", -8, "{}", new byte[0]), "is impossible");
        rejected(raw("case7.safetensors", "{\"0.weight\":{\"dtype\":\"F32\",", new byte[0]), "invalid JSON");
        rejected(raw("case8.safetensors", "[1, 2]", new byte[0]), "not a JSON object");
        rejected(raw("case9.safetensors", "{\"w\":{\"dtype\":\"Q4\",\"shape\":[1],\"data_offsets\":[0,4]}}", new byte[4]),
                "dtype Q4");
        rejected(raw("case10.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2,2],\"data_offsets\":[0,8]}}", new byte[8]),
                "needs 16 bytes");
        rejected(raw("case11.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[4,12]}}", new byte[8]),
                "outside the 8 bytes");
        rejected(raw("case12.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                + "\"v\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}", new byte[8]), "overlap");
        rejected(raw("case13.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[100000,100000],\"data_offsets\":[0,4]}}",
                new byte[4]), "absurdly large");
        rejected(raw("case14.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[-1],\"data_offsets\":[0,0]}}", new byte[0]),
                "invalid shape");
        rejected(raw("case15.safetensors", "{\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]},"
                + "\"w\":{\"dtype\":\"F32\",\"shape\":[],\"data_offsets\":[0,4]}}", new byte[4]), "duplicate key");
    }

    @Test
    void mismatchedFilesAreRejectedAndTheModelIsUntouched() throws IOException {
        Map<String, Tensor> state = new LinkedHashMap<>(model(1).stateDict());
        Path ok = dir.resolve("case16.safetensors");
        SafeTensors.save(state, ok);

        Map<String, Tensor> unknown = new LinkedHashMap<>(state);
        unknown.put("9.weight", Tensor.zeros(2));
        Path u = dir.resolve("case17.safetensors");
        SafeTensors.save(unknown, u);
        rejected(u, "unexpected [9.weight]");

        Map<String, Tensor> missing = new LinkedHashMap<>(state);
        missing.remove("1.running_var");
        Path m = dir.resolve("case18.safetensors");
        SafeTensors.save(missing, m);
        rejected(m, "missing [1.running_var]");

        Map<String, Tensor> shape = new LinkedHashMap<>(state);
        shape.put("3.weight", Tensor.zeros(4, 2));
        Path s = dir.resolve("case19.safetensors");
        SafeTensors.save(shape, s);
        rejected(s, "'3.weight' has shape [4, 2]");

        Path nothing = dir.resolve("case20.safetensors");
        assertThrows(IOException.class, () -> SafeTensors.load(model(1), nothing));
    }
}
