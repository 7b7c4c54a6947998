package org.neurite.data;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.Arrays;
import java.util.List;

/**
 * An in-memory dataset of 8-bit pixels (unsigned bytes 0..255, as IDX files store them) read as floats
 * {@code x = byte * scale}; with {@code scale = 1/255} the inputs lie in [0, 1]. Keeping bytes uses a quarter of the
 * memory of floats (47 MB instead of 188 MB for Fashion-MNIST's training set); the conversion happens while a row is
 * copied into the batch buffer, so it costs no extra pass. The pixels may live on the heap or in a file mapped into
 * memory (Fashion-MNIST's cached copy: no 47 MB copy onto the heap before the first batch).
 */
public final class ByteImageDataset implements Dataset {
    private final MemorySegment pixels;
    private final byte[] labels;
    private final int[] shape;
    private final int numel;
    private final float scale;
    private final List<String> classNames;
    private final int numClasses;
    /**
     * Each thread's copy of one row, converted from there: a bulk copy, then a loop over an array, which C2
     * vectorises, and cheap even before it compiles anything (a loop of segment reads is not).
     */
    private final ThreadLocal<byte[]> row;

    /**
     * @param pixels      N rows of {@code prod(exampleShape)} unsigned bytes (shared, not copied)
     * @param labels      N class indices 0..numClasses-1 as unsigned bytes (shared, not copied)
     * @param exampleShape e.g. {@code [1, 28, 28]}
     * @param scale       multiplier applied to each pixel, e.g. {@code 1/255f}
     * @param classNames  names of the classes, or an empty list (then numClasses is one more than the largest label)
     */
    public ByteImageDataset(byte[] pixels, byte[] labels, int[] exampleShape, float scale, List<String> classNames) {
        this(MemorySegment.ofArray(pixels), labels, exampleShape, scale, classNames);
    }

    /** As above, with the pixels in a memory segment (read-only use; a mapped file, for example). */
    public ByteImageDataset(MemorySegment pixels, byte[] labels, int[] exampleShape, float scale,
                            List<String> classNames) {
        this.shape = exampleShape.clone();
        this.numel = Datasets.numel(shape, "ByteImageDataset");
        if ((long) labels.length * numel != pixels.byteSize())
            throw new IllegalArgumentException("ByteImageDataset: " + pixels.byteSize() + " pixels do not make "
                    + labels.length + " examples of shape " + Arrays.toString(shape));
        int max = -1;
        for (byte b : labels) max = Math.max(max, b & 0xFF);
        if (!classNames.isEmpty() && max >= classNames.size())
            throw new IllegalArgumentException("ByteImageDataset: label " + max + " but only " + classNames.size()
                    + " classes");
        this.pixels = pixels;
        this.labels = labels;
        this.scale = scale;
        this.classNames = List.copyOf(classNames);
        this.numClasses = classNames.isEmpty() ? max + 1 : classNames.size();
        this.row = ThreadLocal.withInitial(() -> new byte[numel]);
    }

    @Override public int size() { return labels.length; }
    @Override public int[] exampleShape() { return shape.clone(); }
    @Override public int exampleNumel() { return numel; }
    @Override public int numClasses() { return numClasses; }
    @Override public List<String> classNames() { return classNames; }

    @Override
    public void copyInput(int i, float[] dst, int offset) {
        Datasets.checkIndex(this, i);
        byte[] r = row.get();
        MemorySegment.copy(pixels, ValueLayout.JAVA_BYTE, (long) i * numel, r, 0, numel);
        for (int k = 0; k < numel; k++) dst[offset + k] = (r[k] & 0xFF) * scale;
    }

    @Override
    public float target(int i) {
        Datasets.checkIndex(this, i);
        return labels[i] & 0xFF;
    }
}
