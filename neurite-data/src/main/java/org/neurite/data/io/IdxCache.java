package org.neurite.data.io;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Keeps an uncompressed copy of each gzip IDX file it reads, so the next process skips the inflate: Fashion-MNIST's
 * 26 MB of gzip take about 0.3 s to inflate on this machine, the 47 MB raw copy about 0.03 s to read, and that is
 * most of a training run's time to its first batch. (torchvision keeps processed copies of MNIST for the same reason.)
 *
 * <p>The copy of a gzip file of 1 MiB or more lives in {@code <dir>/<name>-<size>-<mtime>.idx}, so a changed source file gets a new copy. It is
 * written atomically and read with all of {@link IdxReader}'s checks; a copy that fails them is deleted and the source
 * is read instead. The cache is an optimisation only: when it cannot be written (read-only home, full disk) the
 * source is read as before.
 */
public final class IdxCache {
    private final Path dir;
    private final long minBytes;

    /** A cache in dir for gzip files of at least minBytes (smaller ones inflate in no time and are read directly). */
    public IdxCache(Path dir, long minBytes) {
        this.dir = dir;
        this.minBytes = minBytes;
    }

    /** $NEURITE_CACHE if set, else ~/.neurite/cache/idx; -Dneurite.idxCache=false turns it off (returns null). */
    public static IdxCache standard() {
        if ("false".equals(System.getProperty("neurite.idxCache"))) return null;
        String env = System.getenv("NEURITE_CACHE");
        return new IdxCache(env != null && !env.isBlank() ? Path.of(env, "idx")
                : Path.of(System.getProperty("user.home"), ".neurite", "cache", "idx"), 1 << 20);
    }

    /** {@link IdxReader#readUnsignedBytes}, through the cache when the file is gzip. */
    public IdxArray readUnsignedBytes(Path file, int rank) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < minBytes || !IdxReader.isGzip(file))
            return IdxReader.readUnsignedBytes(file, rank);
        Path copy = copyOf(file);
        if (Files.isRegularFile(copy)) {
            try {
                return IdxReader.readUnsignedBytes(copy, rank);
            } catch (IOException damaged) {
                Files.deleteIfExists(copy);
            }
        }
        IdxArray a = IdxReader.readUnsignedBytes(file, rank);
        try {
            Files.createDirectories(dir);
            IdxWriter.write(copy, a);
        } catch (IOException | SecurityException unwritable) {
            // the cache only saves time; the data is already read
        }
        return a;
    }

    /**
     * The uncompressed copy of a gzip IDX file of unsigned bytes, mapped into memory ({@link
     * IdxReader#mapUnsignedBytes}), or null when there is none to map: the file is not gzip or under the size
     * threshold, or no copy has been written yet ({@link #readUnsignedBytes} writes it), or the copy cannot be
     * mapped: it fails the reader's checks ({@link #readUnsignedBytes} then replaces it) or the file system refuses.
     */
    public MappedIdxArray mapUnsignedBytes(Path file, int rank) throws IOException {
        if (!Files.isRegularFile(file) || Files.size(file) < minBytes || !IdxReader.isGzip(file)) return null;
        Path copy = copyOf(file);
        if (!Files.isRegularFile(copy)) return null;
        try {
            return IdxReader.mapUnsignedBytes(copy, rank);
        } catch (IOException | UnsupportedOperationException notMapped) {
            return null;
        }
    }

    /** Where the uncompressed copy of file lives. */
    Path copyOf(Path file) throws IOException {
        String name = file.getFileName().toString().replaceFirst("(?i)\\.gz$", "");
        return dir.resolve(String.format(Locale.ROOT, "%s-%d-%d.idx", name, Files.size(file),
                Files.getLastModifiedTime(file).toMillis()));
    }
}
