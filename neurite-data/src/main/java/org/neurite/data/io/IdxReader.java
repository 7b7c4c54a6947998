package org.neurite.data.io;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.lang.foreign.Arena;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads IDX files (MNIST's format), raw or gzip-compressed (recognised by the gzip magic bytes, not the name).
 *
 * <p>Before allocating the element array it validates the magic number ({@code 0x00 0x00}, a known type code, 1 to
 * {@value #MAX_DIMS} dimensions), the dimensions (positive, product under 2 GiB) and the length: a raw file must be
 * exactly header + elements long; for gzip the uncompressed length recorded in the gzip trailer (ISIZE) must match,
 * and the stream must then hold exactly that many bytes. Anything else is an IOException naming the file and what is
 * wrong. Concatenated multi-member gzip files are not supported.
 */
public final class IdxReader {
    /** The most dimensions accepted (MNIST uses 1 and 3). */
    public static final int MAX_DIMS = 8;

    private IdxReader() {}

    /** Reads the whole file. */
    public static IdxArray read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        long fileSize = Files.size(file);
        boolean gzip = isGzip(file);
        long gzipSize = gzip ? gzipUncompressedSize(file, fileSize) : -1;
        try (InputStream raw = Files.newInputStream(file);
             InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : new BufferedInputStream(raw, 1 << 16)) {
            DataInputStream d = new DataInputStream(in);
            Header h = header(d, file, fileSize, gzip, gzipSize);
            int[] dims = h.dims();
            long payload = h.payload();
            byte[] data = new byte[(int) payload];
            int got = d.readNBytes(data, 0, data.length);
            if (got < data.length)
                throw corrupt(file, "truncated: dimensions " + Arrays.toString(dims) + " need " + payload
                        + " bytes of elements, only " + got + " present");
            if (d.read() != -1) throw corrupt(file, "wrong length: data continues after the " + Arrays.toString(dims)
                    + " elements");
            return new IdxArray(h.type(), dims, data);
        } catch (EOFException e) {
            throw corrupt(file, gzip ? "truncated gzip stream" : "truncated header");
        } catch (ZipException e) {
            throw corrupt(file, "corrupt gzip data (" + e.getMessage() + ")");
        }
    }

    /** An IDX header: element type, dimensions, and the length of the elements in bytes. */
    private record Header(int type, int[] dims, long payload) {
        int length() {
            return 4 + 4 * dims.length;
        }
    }

    /**
     * Reads and validates the header: the magic number, the dimensions, and the file's length against them (a raw
     * file's size, or the gzip trailer's record of the uncompressed size).
     */
    private static Header header(DataInputStream d, Path file, long fileSize, boolean gzip, long gzipSize)
            throws IOException {
        int m0 = d.readUnsignedByte(), m1 = d.readUnsignedByte();
        int type = d.readUnsignedByte(), nd = d.readUnsignedByte();
        if (m0 != 0 || m1 != 0)
            throw corrupt(file, String.format("bad magic number 0x%02x%02x%02x%02x (an IDX file starts with 0x0000)",
                    m0, m1, type, nd));
        int elem;
        try {
            elem = IdxArray.elementSize(type);
        } catch (IllegalArgumentException e) {
            throw corrupt(file, "bad magic number: unknown element type 0x" + Integer.toHexString(type));
        }
        if (nd < 1 || nd > MAX_DIMS)
            throw corrupt(file, "bad magic number: " + nd + " dimensions (expected 1 to " + MAX_DIMS + ")");
        int[] dims = new int[nd];
        for (int i = 0; i < nd; i++) dims[i] = d.readInt();
        long count = 1;
        for (int n : dims) {
            if (n <= 0) throw corrupt(file, "bad dimensions " + Arrays.toString(dims) + ": each must be positive");
            count *= n; // at most 8 factors below 2^31 are checked one by one, so no overflow before the test
            if (count * elem > Integer.MAX_VALUE - 16)
                throw corrupt(file, "bad dimensions " + Arrays.toString(dims) + ": more than 2 GiB of elements");
        }
        long payload = count * elem, expected = 4 + 4L * nd + payload;
        if (!gzip && fileSize != expected)
            throw corrupt(file, (fileSize < expected ? "truncated: " : "wrong length: ") + "dimensions "
                    + Arrays.toString(dims) + " need " + expected + " bytes, the file has " + fileSize);
        if (gzip && gzipSize != (expected & 0xFFFFFFFFL))
            throw corrupt(file, "wrong length or truncated: dimensions " + Arrays.toString(dims) + " need " + expected
                    + " bytes, the gzip trailer records " + gzipSize);
        return new Header(type, dims, payload);
    }

    /**
     * Maps an uncompressed IDX file of unsigned bytes with {@code rank} dimensions into memory, read-only, after the
     * same checks as {@link #read}: no copy onto the Java heap, whose 47 MB (Fashion-MNIST's training images) took
     * about 57 ms to allocate and fill, against about 11 ms to map. The pages are read from the page cache as the
     * examples are first used, and the mapping lives as long as the returned segment is reachable. A gzip file cannot
     * be mapped (IOException). The file must not shrink while mapped (a read past its new end is an InternalError);
     * {@link IdxCache}'s copies are written once, atomically, under a name per version of their source.
     */
    public static MappedIdxArray mapUnsignedBytes(Path file, int rank) throws IOException {
        if (!Files.isRegularFile(file)) throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        if (isGzip(file)) throw new IOException(file + ": a gzip file cannot be mapped; read it instead");
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            Header h;
            try {
                h = header(new DataInputStream(new BufferedInputStream(Channels.newInputStream(ch), 64)), file,
                        ch.size(), false, -1);
            } catch (EOFException e) {
                throw corrupt(file, "truncated header");
            }
            if (h.type() != IdxArray.UBYTE || h.dims().length != rank)
                throw corrupt(file, "expected unsigned bytes with " + rank + " dimensions, found type 0x"
                        + Integer.toHexString(h.type()) + " with dimensions " + Arrays.toString(h.dims()));
            return new MappedIdxArray(h.dims(), ch.map(FileChannel.MapMode.READ_ONLY, h.length(), h.payload(),
                    Arena.ofAuto()));
        }
    }

    /** Reads the file and checks it holds unsigned bytes with {@code rank} dimensions. */
    public static IdxArray readUnsignedBytes(Path file, int rank) throws IOException {
        IdxArray a = read(file);
        if (a.type() != IdxArray.UBYTE || a.dims().length != rank)
            throw corrupt(file, "expected unsigned bytes with " + rank + " dimensions, found type 0x"
                    + Integer.toHexString(a.type()) + " with dimensions " + Arrays.toString(a.dims()));
        return a;
    }

    static boolean isGzip(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return in.read() == 0x1f && in.read() == 0x8b;
        }
    }

    /** The ISIZE field of a gzip file: the uncompressed length mod 2^32, little-endian in the last 4 bytes. */
    private static long gzipUncompressedSize(Path file, long fileSize) throws IOException {
        if (fileSize < 18) throw corrupt(file, "truncated gzip file (" + fileSize + " bytes)");
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "r")) {
            f.seek(fileSize - 4);
            long b0 = f.read(), b1 = f.read(), b2 = f.read(), b3 = f.read();
            return b0 | b1 << 8 | b2 << 16 | b3 << 24;
        }
    }

    static IOException corrupt(Path file, String what) {
        return new IOException(file + ": not a valid IDX file: " + what);
    }
}
