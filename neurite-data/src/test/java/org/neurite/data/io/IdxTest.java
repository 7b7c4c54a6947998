package org.neurite.data.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class IdxTest {
    @TempDir Path dir;

    private static byte[] pattern(int n) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 37 + 11);
        return b;
    }

    @Test
    void roundTripUnsignedBytesRawAndGzip() throws IOException {
        byte[] data = pattern(5 * 4 * 3);
        for (String name : new String[] {"x-idx3-ubyte", "x-idx3-ubyte.gz"}) {
            Path f = dir.resolve(name);
            IdxWriter.write(f, IdxArray.ofUnsignedBytes(data, 5, 4, 3));
            IdxArray a = IdxReader.read(f);
            assertEquals(IdxArray.UBYTE, a.type());
            assertArrayEquals(new int[] {5, 4, 3}, a.dims());
            assertArrayEquals(data, a.data());
            assertEquals(data[7] & 0xFF, a.toFloatArray()[7]);
        }
        // Raw file layout: 0x00 0x00 0x08 0x03, dims big-endian, then the bytes.
        byte[] raw = Files.readAllBytes(dir.resolve("x-idx3-ubyte"));
        assertEquals(4 + 12 + 60, raw.length);
        assertArrayEquals(new byte[] {0, 0, 8, 3, 0, 0, 0, 5}, Arrays.copyOf(raw, 8));
        // gzip is recognised by its magic bytes, not the name
        assertEquals(0x1f, Files.readAllBytes(dir.resolve("x-idx3-ubyte.gz"))[0] & 0xFF);
    }

    @Test
    void roundTripFloats() throws IOException {
        float[] v = {1.5f, -2.25f, 0f, 3e-8f, Float.MAX_VALUE, -0f};
        Path f = dir.resolve("f.idx.gz");
        IdxWriter.write(f, IdxArray.ofFloats(v, 2, 3));
        IdxArray a = IdxReader.read(f);
        assertEquals(IdxArray.FLOAT, a.type());
        assertArrayEquals(new int[] {2, 3}, a.dims());
        assertArrayEquals(v, a.toFloatArray());
    }

    @Test
    void readsOtherTypes() throws IOException {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 + 3 * 4);
        b.put((byte) 0).put((byte) 0).put((byte) IdxArray.INT).put((byte) 1).putInt(3).putInt(-7).putInt(0).putInt(70000);
        Path f = dir.resolve("ints.idx");
        Files.write(f, b.array());
        assertArrayEquals(new float[] {-7, 0, 70000}, IdxReader.read(f).toFloatArray());
    }

    private void assertCorrupt(Path f, String what) {
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(what), "message says '" + what + "': " + e.getMessage());
    }

    private static byte[] header(int m0, int m1, int type, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(4 + 4 * dims.length);
        b.put((byte) m0).put((byte) m1).put((byte) type).put((byte) dims.length);
        for (int d : dims) b.putInt(d);
        return b.array();
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] c = Arrays.copyOf(a, a.length + b.length);
        System.arraycopy(b, 0, c, a.length, b.length);
        return c;
    }

    private static byte[] gzip(byte[] b) throws IOException {
        var bos = new java.io.ByteArrayOutputStream();
        try (OutputStream g = new GZIPOutputStream(bos)) {
            g.write(b);
        }
        return bos.toByteArray();
    }

    @Test
    void badMagic() throws IOException {
        Path f = dir.resolve("magic.idx");
        Files.write(f, concat(header(0x50, 0x4b, 8, 2), pattern(2))); // "PK": a zip file, say
        assertCorrupt(f, "bad magic number");
        Files.write(f, concat(header(0, 0, 0x42, 2), pattern(2)));   // unknown element type
        assertCorrupt(f, "unknown element type");
        Files.write(f, concat(header(0, 0, 8), pattern(2)));         // zero dimensions
        assertCorrupt(f, "0 dimensions");
        Path g = dir.resolve("magic.idx.gz");
        Files.write(g, gzip(concat(header(1, 0, 8, 2), pattern(2))));
        assertCorrupt(g, "bad magic number");
    }

    @Test
    void wrongDimensions() throws IOException {
        Path f = dir.resolve("dims.idx");
        Files.write(f, concat(header(0, 0, 8, 3, 4), pattern(10)));  // needs 12 bytes
        assertCorrupt(f, "truncated");
        Files.write(f, concat(header(0, 0, 8, 2, 4), pattern(10)));  // needs 8: 2 left over
        assertCorrupt(f, "wrong length");
        Files.write(f, concat(header(0, 0, 8, 3, -4), pattern(12)));
        assertCorrupt(f, "each must be positive");
        // Huge dimensions are refused from the header alone, before anything is allocated.
        Files.write(f, concat(header(0, 0, 8, 65536, 65536), pattern(12)));
        assertCorrupt(f, "more than 2 GiB");
        Path g = dir.resolve("dims.idx.gz");
        Files.write(g, gzip(concat(header(0, 0, 8, 3, 4), pattern(10))));
        assertCorrupt(g, "gzip trailer records 22");
        Files.write(g, gzip(concat(header(0, 0, 8, 60000, 28, 28), pattern(100))));
        assertCorrupt(g, "need 47040016 bytes");
    }

    @Test
    void truncated() throws IOException {
        byte[] full = concat(header(0, 0, 8, 10, 10), pattern(100));
        Path f = dir.resolve("trunc.idx");
        Files.write(f, Arrays.copyOf(full, 60));
        assertCorrupt(f, "truncated");
        Files.write(f, Arrays.copyOf(full, 6)); // cut inside the header
        assertCorrupt(f, "truncated");
        byte[] gz = gzip(concat(header(0, 0, 8, 100, 100), pattern(10000)));
        Path g = dir.resolve("trunc.idx.gz");
        Files.write(g, Arrays.copyOf(gz, gz.length / 2));
        assertCorrupt(g, "truncated");
        Files.write(g, Arrays.copyOf(gz, 10));
        assertCorrupt(g, "truncated gzip");
    }

    @Test
    void truncatedGzipStreamWithPlausibleTrailer() throws IOException {
        // A stream cut short but whose last 4 bytes happen to carry the right length: caught while inflating.
        byte[] content = concat(header(0, 0, 8, 100, 100), pattern(10000));
        byte[] gz = gzip(content);
        byte[] cut = Arrays.copyOf(gz, gz.length / 2 + 4);
        System.arraycopy(gz, gz.length - 4, cut, cut.length - 4, 4);
        Path g = dir.resolve("cut.idx.gz");
        Files.write(g, cut);
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(g));
        assertTrue(e.getMessage().startsWith(g.toString()), e.getMessage());
    }

    @Test
    void gzipGarbage() throws IOException {
        byte[] junk = pattern(200);
        junk[0] = 0x1f;
        junk[1] = (byte) 0x8b; // gzip magic, then rubbish
        Path g = dir.resolve("garbage.idx.gz");
        Files.write(g, junk);
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(g));
        assertTrue(e.getMessage().contains(g.toString()), e.getMessage());
        // a valid gzip header followed by a scrambled deflate stream: some error naming the file
        byte[] gz = gzip(concat(header(0, 0, 8, 100, 100), pattern(10000)));
        byte[] scrambled = gz.clone();
        for (int i = 12; i < gz.length - 8; i += 3) scrambled[i] ^= 0x5A;
        Files.write(g, scrambled);
        assertCorrupt(g, "not a valid IDX file");
        // intact data whose CRC-32 does not match: caught by the gzip trailer check
        byte[] badCrc = gz.clone();
        badCrc[gz.length - 8] ^= 1;
        Files.write(g, badCrc);
        assertCorrupt(g, "corrupt gzip data");
    }

    /** Mapping a raw file gives its elements; it makes the reader's checks and names the file when one fails. */
    @Test
    void mapsRawUnsignedBytesAfterTheSameChecks() throws IOException {
        byte[] data = pattern(3 * 4 * 5);
        Path f = dir.resolve("map.idx");
        Files.write(f, concat(header(0, 0, 8, 3, 4, 5), data));
        MappedIdxArray m = IdxReader.mapUnsignedBytes(f, 3);
        assertArrayEquals(new int[] {3, 4, 5}, m.dims());
        assertArrayEquals(data, m.data().toArray(java.lang.foreign.ValueLayout.JAVA_BYTE));
        assertTrue(m.data().isReadOnly());

        Files.write(f, concat(header(0, 0, 8, 3, 4, 5), pattern(50))); // needs 60
        assertMapCorrupt(f, 3, "truncated");
        Files.write(f, concat(header(0, 0, 8, 3, 4, 5), pattern(61)));
        assertMapCorrupt(f, 3, "wrong length");
        Files.write(f, concat(header(0, 0, 8, 3, 4, 5), data));
        assertMapCorrupt(f, 1, "expected unsigned bytes with 1 dimensions");
        Files.write(f, Arrays.copyOf(concat(header(0, 0, 8, 3, 4, 5), data), 7)); // cut inside the header
        assertMapCorrupt(f, 3, "truncated header");
        Path g = dir.resolve("map.idx.gz");
        Files.write(g, gzip(concat(header(0, 0, 8, 3, 4, 5), data)));
        IOException e = assertThrows(IOException.class, () -> IdxReader.mapUnsignedBytes(g, 3));
        assertTrue(e.getMessage().contains(g.toString()) && e.getMessage().contains("gzip"), e.getMessage());
    }

    private static void assertMapCorrupt(Path f, int rank, String what) {
        IOException e = assertThrows(IOException.class, () -> IdxReader.mapUnsignedBytes(f, rank));
        assertTrue(e.getMessage().contains(f.toString()), "message names the file: " + e.getMessage());
        assertTrue(e.getMessage().contains(what), "message says '" + what + "': " + e.getMessage());
    }

    @Test
    void missingFile() {
        Path f = dir.resolve("nope.idx");
        IOException e = assertThrows(IOException.class, () -> IdxReader.read(f));
        assertTrue(e.getMessage().contains("nope.idx"), e.getMessage());
    }

    @Test
    void writeIsAtomicAndLeavesNoTemporaryFiles() throws IOException {
        Path f = dir.resolve("a.idx");
        IdxWriter.write(f, IdxArray.ofUnsignedBytes(pattern(4), 4));
        IdxWriter.write(f, IdxArray.ofUnsignedBytes(pattern(6), 6)); // replaces
        assertArrayEquals(new int[] {6}, IdxReader.read(f).dims());
        try (var s = Files.list(dir)) {
            assertEquals(1, s.count());
        }
    }
}
