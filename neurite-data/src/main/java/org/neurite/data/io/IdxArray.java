package org.neurite.data.io;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The contents of an IDX file (the format of MNIST and Fashion-MNIST): an element type, the dimensions, and the
 * elements as raw big-endian bytes, row-major.
 *
 * @param type the IDX type code, one of {@link #UBYTE}, {@link #BYTE}, {@link #SHORT}, {@link #INT}, {@link #FLOAT},
 *             {@link #DOUBLE}
 * @param dims the dimensions, e.g. {@code [60000, 28, 28]} for MNIST's training images
 * @param data {@code prod(dims) * elementSize(type)} bytes
 */
public record IdxArray(int type, int[] dims, byte[] data) {
    /** Unsigned byte (the type of MNIST's pixels and labels). */
    public static final int UBYTE = 0x08;
    /** Signed byte. */
    public static final int BYTE = 0x09;
    /** Big-endian 16-bit integer. */
    public static final int SHORT = 0x0B;
    /** Big-endian 32-bit integer. */
    public static final int INT = 0x0C;
    /** Big-endian IEEE 32-bit float. */
    public static final int FLOAT = 0x0D;
    /** Big-endian IEEE 64-bit float. */
    public static final int DOUBLE = 0x0E;

    /** Checks that the data length matches the type and dimensions. */
    public IdxArray {
        dims = dims.clone();
        long n = count(dims);
        if (n < 0 || n * elementSize(type) != data.length)
            throw new IllegalArgumentException("IdxArray: " + data.length + " bytes do not hold " + Arrays.toString(dims)
                    + " elements of type 0x" + Integer.toHexString(type));
    }

    /** Unsigned bytes of shape {@code dims} (the array is shared, not copied). */
    public static IdxArray ofUnsignedBytes(byte[] data, int... dims) {
        return new IdxArray(UBYTE, dims, data);
    }

    /** Floats of shape {@code dims}, stored as IDX type 0x0D. */
    public static IdxArray ofFloats(float[] values, int... dims) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4); // big-endian by default, as IDX wants
        b.asFloatBuffer().put(values);
        return new IdxArray(FLOAT, dims, b.array());
    }

    /** Bytes per element of IDX type {@code type}; IllegalArgumentException for an unknown code. */
    public static int elementSize(int type) {
        return switch (type) {
            case UBYTE, BYTE -> 1;
            case SHORT -> 2;
            case INT, FLOAT -> 4;
            case DOUBLE -> 8;
            default -> throw new IllegalArgumentException("IdxArray: unknown IDX type code 0x" + Integer.toHexString(type));
        };
    }

    /** Product of the dimensions (-1 if it does not fit a long or a dimension is negative). */
    static long count(int[] dims) {
        long n = 1;
        for (int d : dims) {
            if (d < 0) return -1;
            n = Math.multiplyExact(n, d);
        }
        return n;
    }

    /** Number of elements, {@code prod(dims)}. */
    public int size() {
        return data.length / elementSize(type);
    }

    /** The dimensions (a copy). */
    @Override
    public int[] dims() {
        return dims.clone();
    }

    /** Every element converted to float, row-major (no scaling: pixels stay 0..255). */
    public float[] toFloatArray() {
        int n = size();
        float[] out = new float[n];
        ByteBuffer b = ByteBuffer.wrap(data);
        switch (type) {
            case UBYTE -> { for (int i = 0; i < n; i++) out[i] = data[i] & 0xFF; }
            case BYTE -> { for (int i = 0; i < n; i++) out[i] = data[i]; }
            case SHORT -> { for (int i = 0; i < n; i++) out[i] = b.getShort(2 * i); }
            case INT -> { for (int i = 0; i < n; i++) out[i] = b.getInt(4 * i); }
            case FLOAT -> b.asFloatBuffer().get(out);
            case DOUBLE -> { for (int i = 0; i < n; i++) out[i] = (float) b.getDouble(8 * i); }
            default -> throw new IllegalStateException("unreachable");
        }
        return out;
    }
}
