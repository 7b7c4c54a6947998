package org.neurite.data.io;

import static org.junit.jupiter.api.Assertions.*;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.TensorDataset;

class ImageFolderReaderTest {
    @TempDir Path dir;

    private static void solid(Path file, int w, int h, int rgb, String format) throws IOException {
        BufferedImage img = new BufferedImage(w, h, BufferedImage.TYPE_INT_RGB);
        for (int y = 0; y < h; y++) for (int x = 0; x < w; x++) img.setRGB(x, y, rgb);
        Files.createDirectories(file.getParent());
        assertTrue(ImageIO.write(img, format, file.toFile()));
    }

    @Test
    void readsClassesInSortedOrderResizedToChw() throws IOException {
        solid(dir.resolve("red/1.png"), 10, 6, 0xFF0000, "png");
        solid(dir.resolve("red/2.png"), 3, 3, 0xFF0000, "png");
        solid(dir.resolve("blue/a.png"), 7, 9, 0x0000FF, "png");
        solid(dir.resolve("blue/b.jpg"), 8, 8, 0x0000FF, "jpg");
        Files.writeString(dir.resolve("blue/notes.txt"), "not an image");
        TensorDataset d = ImageFolderReader.read(dir, 4, 5, true);
        assertEquals(List.of("blue", "red"), d.classNames());
        assertEquals(4, d.size());
        assertArrayEquals(new int[] {3, 4, 5}, d.exampleShape());
        assertArrayEquals(new float[] {0, 0, 1, 1}, d.targets().toFloatArray());
        float[] x = d.get(2).input().toFloatArray(); // red/1.png
        for (int i = 0; i < 20; i++) {
            assertEquals(1f, x[i], 1e-6);
            assertEquals(0f, x[20 + i], 1e-6);
            assertEquals(0f, x[40 + i], 1e-6);
        }
        float[] jpg = d.get(1).input().toFloatArray(); // lossy, but blue stays blue
        assertTrue(jpg[40] > 0.9f && jpg[0] < 0.1f, "blue JPEG");
        TensorDataset grey = ImageFolderReader.read(dir, 2, 2, false);
        assertArrayEquals(new int[] {1, 2, 2}, grey.exampleShape());
        assertEquals(0.299f, grey.get(2).input().toFloatArray()[0], 1e-5);
    }

    @Test
    void unreadableImageNamesTheFile() throws IOException {
        solid(dir.resolve("a/ok.png"), 2, 2, 0, "png");
        Path bad = dir.resolve("a/broken.png");
        Files.write(bad, new byte[] {1, 2, 3});
        IOException e = assertThrows(IOException.class, () -> ImageFolderReader.read(dir, 2, 2, true));
        assertTrue(e.getMessage().contains(bad.toString()), e.getMessage());
    }
}
