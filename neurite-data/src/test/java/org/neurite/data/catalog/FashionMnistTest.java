package org.neurite.data.catalog;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.neurite.data.Dataset;

/** The real Fashion-MNIST from Debian's dataset-fashion-mnist (apt-get install dataset-fashion-mnist). */
class FashionMnistTest {
    private static final Path DEBIAN = Path.of("/usr/share/datasets/fashion-mnist");

    private static void check(Dataset d, int n) {
        assertEquals(n, d.size());
        assertArrayEquals(new int[] {1, 28, 28}, d.exampleShape());
        assertEquals(10, d.numClasses());
        assertEquals("Ankle boot", d.classNames().get(9));
        int[] counts = new int[10];
        for (int i = 0; i < n; i++) counts[(int) d.target(i)]++;
        for (int c = 0; c < 10; c++) assertEquals(n / 10, counts[c], "class " + c);
        float[] x = d.get(0).input().toFloatArray();
        float min = 1, max = 0;
        for (float v : x) { min = Math.min(min, v); max = Math.max(max, v); }
        assertEquals(0f, min);
        assertTrue(max > 0.5f && max <= 1f, "pixels in [0, 1], max " + max);
    }

    @Test
    void trainAndTestFromTheDebianPackage() throws IOException {
        // The locator with no environment directory, an empty cache and no downloads must find the Debian folder.
        DatasetLocator offline = new DatasetLocator(null, Path.of("/nonexistent/neurite-cache"), null);
        Dataset train = FashionMnist.train(offline, null);
        check(train, 60_000);
        check(FashionMnist.test(offline, null), 10_000);
        assertEquals(9f, train.target(0)); // the first training image is an ankle boot
        assertEquals(DEBIAN, offline.locate(FashionMnist.SOURCE, java.util.List.of(FashionMnist.TEST_LABELS), null));
    }

    @Test
    void explicitDirectory() {
        assertEquals(10_000, FashionMnist.test(DEBIAN).size());
    }
}
