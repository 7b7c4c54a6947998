package org.neurite.data.catalog;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.io.IdxArray;
import org.neurite.data.io.IdxWriter;

/** MNIST itself is not on this machine: these check the catalogue's plumbing around it. */
class MnistTest {
    @TempDir Path tmp;

    @Test
    void missingFilesWithoutDownloadNameTheFilesAndPlaces() {
        DatasetLocator offline = new DatasetLocator(tmp.resolve("env"), tmp.resolve("cache"), null);
        IOException e = assertThrows(IOException.class, () -> Mnist.train(offline, null));
        assertTrue(e.getMessage().contains("train-images-idx3-ubyte.gz"), e.getMessage());
        assertTrue(e.getMessage().contains(tmp.resolve("cache/mnist").toString()), e.getMessage());
    }

    @Test
    void filesOfTheWrongSizeAreRefused() throws IOException {
        // a well-formed but too small "MNIST" in $NEURITE_DATA/mnist: loaded, then refused for its size
        Path dir = tmp.resolve("env/mnist");
        Files.createDirectories(dir);
        IdxWriter.write(dir.resolve("t10k-images-idx3-ubyte.gz"), IdxArray.ofUnsignedBytes(new byte[2 * 784], 2, 28, 28));
        IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxArray.ofUnsignedBytes(new byte[] {3, 7}, 2));
        DatasetLocator loc = new DatasetLocator(tmp.resolve("env"), tmp.resolve("cache"), null);
        IOException e = assertThrows(IOException.class, () -> Mnist.test(loc, null));
        assertTrue(e.getMessage().contains("holds 2 images"), e.getMessage());
        // and mismatched counts of images and labels are an error naming both files
        IdxWriter.write(dir.resolve("t10k-labels-idx1-ubyte"), IdxArray.ofUnsignedBytes(new byte[] {3}, 1));
        e = assertThrows(IOException.class, () -> Mnist.test(loc, null));
        assertTrue(e.getMessage().contains("holds 2 images but") && e.getMessage().contains("1 labels"), e.getMessage());
    }
}
