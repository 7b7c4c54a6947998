package org.neurite.data.io;

import java.lang.foreign.MemorySegment;

/**
 * An uncompressed IDX file of unsigned bytes mapped into memory ({@link IdxReader#mapUnsignedBytes}): its dimensions
 * and its elements, read-only, row-major.
 *
 * @param dims the dimensions, e.g. {@code [60000, 28, 28]}
 * @param data {@code prod(dims)} bytes
 */
public record MappedIdxArray(int[] dims, MemorySegment data) {
    /** Checks that the data length matches the dimensions. */
    public MappedIdxArray {
        dims = dims.clone();
        long n = IdxArray.count(dims);
        if (n < 0 || n != data.byteSize())
            throw new IllegalArgumentException("MappedIdxArray: " + data.byteSize() + " bytes do not hold "
                    + java.util.Arrays.toString(dims) + " unsigned bytes");
    }

    /** The dimensions (a copy). */
    @Override
    public int[] dims() {
        return dims.clone();
    }
}
