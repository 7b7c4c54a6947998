package org.neurite.data.catalog;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.neurite.data.ByteImageDataset;
import org.neurite.data.io.IdxArray;
import org.neurite.data.io.IdxCache;
import org.neurite.data.io.IdxReader;
import org.neurite.data.io.MappedIdxArray;

/**
 * Loads an MNIST-style pair of IDX files (images [N, H, W] and labels [N], unsigned bytes) as a dataset; the images
 * through {@link IdxCache#standard()}, so a process after the first skips their inflate and maps the copy.
 */
final class IdxImages {
    private IdxImages() {}

    /** Examples {@code [1, H, W]} with pixels scaled to [0, 1]; labels must be below {@code classNames.size()}. */
    static ByteImageDataset load(Path images, Path labels, List<String> classNames) throws IOException {
        IdxCache cache = IdxCache.standard();
        // The cached copy mapped into memory when there is one; else read (which writes the copy for next time).
        MappedIdxArray mapped = cache != null ? cache.mapUnsignedBytes(images, 3) : null;
        int[] dx;
        MemorySegment pixels;
        if (mapped != null) {
            dx = mapped.dims();
            pixels = mapped.data();
        } else {
            IdxArray x = cache != null ? cache.readUnsignedBytes(images, 3) : IdxReader.readUnsignedBytes(images, 3);
            dx = x.dims();
            pixels = MemorySegment.ofArray(x.data());
        }
        IdxArray y = IdxReader.readUnsignedBytes(labels, 1);
        int[] dy = y.dims();
        if (dx[0] != dy[0])
            throw new IOException(images + " holds " + dx[0] + " images but " + labels + " holds " + dy[0] + " labels");
        byte[] l = y.data();
        for (int i = 0; i < l.length; i++)
            if ((l[i] & 0xFF) >= classNames.size())
                throw new IOException(labels + ": label " + (l[i] & 0xFF) + " at index " + i + " is not a class (0 to "
                        + (classNames.size() - 1) + ")");
        return new ByteImageDataset(pixels, l, new int[] {1, dx[1], dx[2]}, 1f / 255f, classNames);
    }

    /** Loads the split whose files are {@code images} and {@code labels} through {@code locator}. */
    static ByteImageDataset load(DatasetLocator locator, DatasetSource source, DatasetFile images, DatasetFile labels,
                                 Path explicitDir, List<String> classNames, int expectedSize) throws IOException {
        Path dir = locator.locate(source, List.of(images, labels), explicitDir);
        ByteImageDataset d = load(DatasetLocator.find(dir, images), DatasetLocator.find(dir, labels), classNames);
        int[] shape = d.exampleShape();
        if (expectedSize > 0 && (d.size() != expectedSize || !Arrays.equals(shape, new int[] {1, 28, 28})))
            throw new IOException(dir + ": " + images.name() + " holds " + d.size() + " images of "
                    + Arrays.toString(shape) + ", expected " + expectedSize + " of [1, 28, 28]");
        return d;
    }
}
