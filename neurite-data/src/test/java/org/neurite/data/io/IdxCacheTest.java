package org.neurite.data.io;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.lang.foreign.ValueLayout;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The uncompressed copies: same data as the gzip file, refreshed when it changes, ignored when damaged or tiny. */
class IdxCacheTest {
    @TempDir Path dir;

    private static byte[] pattern(int n, int seed) {
        byte[] b = new byte[n];
        for (int i = 0; i < n; i++) b[i] = (byte) (i * 37 + seed);
        return b;
    }

    @Test
    void secondReadComesFromTheCopyWithTheSameData() throws IOException {
        Path gz = dir.resolve("train-images-idx3-ubyte.gz");
        byte[] data = pattern(6 * 5 * 4, 11);
        IdxWriter.write(gz, IdxArray.ofUnsignedBytes(data, 6, 5, 4));
        IdxCache cache = new IdxCache(dir.resolve("cache"), 0);
        assertArrayEquals(data, cache.readUnsignedBytes(gz, 3).data());
        Path copy = cache.copyOf(gz);
        assertTrue(Files.isRegularFile(copy), "the first read writes the uncompressed copy");
        assertFalse(IdxReader.isGzip(copy));
        assertArrayEquals(data, IdxReader.read(copy).data());
        assertArrayEquals(data, cache.readUnsignedBytes(gz, 3).data());

        // a changed source (new size and time) gets a new copy, never the stale one
        byte[] other = pattern(7 * 5 * 4, 3);
        IdxWriter.write(gz, IdxArray.ofUnsignedBytes(other, 7, 5, 4));
        Files.setLastModifiedTime(gz, FileTime.fromMillis(Files.getLastModifiedTime(copy).toMillis() + 5000));
        assertArrayEquals(other, cache.readUnsignedBytes(gz, 3).data());
    }

    @Test
    void theCopyIsMappedOnceWrittenAndADamagedOneIsNot() throws IOException {
        Path gz = dir.resolve("z-images-idx3-ubyte.gz");
        byte[] data = pattern(4 * 3 * 2, 7);
        IdxWriter.write(gz, IdxArray.ofUnsignedBytes(data, 4, 3, 2));
        IdxCache cache = new IdxCache(dir.resolve("cache"), 0);
        assertNull(cache.mapUnsignedBytes(gz, 3), "no copy to map before the first read");
        cache.readUnsignedBytes(gz, 3);
        MappedIdxArray m = cache.mapUnsignedBytes(gz, 3);
        assertArrayEquals(new int[] {4, 3, 2}, m.dims());
        assertArrayEquals(data, m.data().toArray(ValueLayout.JAVA_BYTE));

        Path copy = cache.copyOf(gz);
        Files.write(copy, Arrays.copyOf(Files.readAllBytes(copy), 20)); // truncated
        assertNull(cache.mapUnsignedBytes(gz, 3), "a damaged copy is not mapped");
        assertArrayEquals(data, cache.readUnsignedBytes(gz, 3).data()); // ... and the next read replaces it
        assertEquals(4 + 12 + 24, Files.size(copy));
        assertArrayEquals(data, cache.mapUnsignedBytes(gz, 3).data().toArray(ValueLayout.JAVA_BYTE));

        Path raw = dir.resolve("raw-idx1-ubyte");
        IdxWriter.write(raw, IdxArray.ofUnsignedBytes(data, 24));
        assertNull(cache.mapUnsignedBytes(raw, 1), "only gzip files have copies");
    }

    @Test
    void aDamagedCopyIsReplacedFromTheSource() throws IOException {
        Path gz = dir.resolve("x-idx1-ubyte.gz");
        byte[] data = pattern(50, 5);
        IdxWriter.write(gz, IdxArray.ofUnsignedBytes(data, 50));
        IdxCache cache = new IdxCache(dir.resolve("cache"), 0);
        cache.readUnsignedBytes(gz, 1);
        Path copy = cache.copyOf(gz);
        Files.write(copy, new byte[]{0, 0, 8, 1, 0, 0, 0, 50, 1, 2}); // truncated
        assertArrayEquals(data, cache.readUnsignedBytes(gz, 1).data());
        assertEquals(4 + 4 + 50, Files.size(copy), "rewritten whole");
    }

    @Test
    void smallFilesAndAnUnwritableCacheAreReadDirectly() throws IOException {
        Path gz = dir.resolve("y-idx1-ubyte.gz");
        byte[] data = pattern(20, 1);
        IdxWriter.write(gz, IdxArray.ofUnsignedBytes(data, 20));
        IdxCache small = new IdxCache(dir.resolve("c1"), 1 << 20);
        assertArrayEquals(data, small.readUnsignedBytes(gz, 1).data());
        assertFalse(Files.exists(dir.resolve("c1")), "files under the threshold are not copied");
        Path blocker = dir.resolve("not-a-dir");
        Files.writeString(blocker, "x");
        assertArrayEquals(data, new IdxCache(blocker.resolve("idx"), 0).readUnsignedBytes(gz, 1).data());
    }
}
