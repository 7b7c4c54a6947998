package org.neurite.data.io;

import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;

/**
 * Writes IDX files: the magic number {@code 0x00 0x00 type ndims}, the dimensions as big-endian 32-bit integers, then
 * the elements. A name ending in {@code .gz} is gzip-compressed. The file is written to a temporary name and moved
 * into place.
 */
public final class IdxWriter {
    private IdxWriter() {}

    /** Writes {@code array} to {@code file} (gzip if the name ends in ".gz"). */
    public static void write(Path file, IdxArray array) throws IOException {
        boolean gzip = file.getFileName().toString().endsWith(".gz");
        AtomicFiles.write(file, raw -> {
            OutputStream out = gzip ? new GZIPOutputStream(raw, 1 << 16) : new BufferedOutputStream(raw, 1 << 16);
            DataOutputStream d = new DataOutputStream(out);
            int[] dims = array.dims();
            d.writeByte(0);
            d.writeByte(0);
            d.writeByte(array.type());
            d.writeByte(dims.length);
            for (int n : dims) d.writeInt(n);
            d.write(array.data());
            d.flush();
            if (out instanceof GZIPOutputStream g) g.finish();
        });
    }
}
