package org.neurite.data.catalog;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPInputStream;
import org.neurite.data.ByteImageDataset;
import org.neurite.data.Split;

/**
 * The embedded default dataset, shipped inside the jar so nothing needs downloading: the UCI "Optical Recognition of
 * Handwritten Digits" test set (E. Alpaydin and C. Kaynak, 1998; CC BY 4.0; the copy scikit-learn ships as
 * {@code digits.csv.gz}). 1,797 grey 8x8 images of the digits 0-9 (174 to 183 per class), each pixel the count of set
 * bits in a 4x4 block of a 32x32 bitmap (0..16). Examples are {@code [1, 8, 8]} with pixels divided by 16, so in
 * [0, 1]; the target is the digit. Attribution: {@code DIGITS-ATTRIBUTION.md} next to the resource, and the README.
 */
public final class Digits {
    private Digits() {}

    /** Number of examples. */
    public static final int SIZE = 1797;
    private static final String RESOURCE = "digits.csv.gz";
    private static volatile ByteImageDataset cached;

    /** All 1,797 examples (loaded once, then shared: datasets are read-only). */
    public static ByteImageDataset load() {
        ByteImageDataset d = cached;
        if (d == null) {
            try {
                cached = d = read();
            } catch (IOException e) {
                throw new UncheckedIOException("Digits: cannot read the embedded " + RESOURCE + ": " + e.getMessage(), e);
            }
        }
        return d;
    }

    /** A seeded train/test split, e.g. {@code split(0.8, 42)} for 1,438 training and 359 test examples. */
    public static Split split(double trainFraction, long seed) {
        return Split.of(load(), trainFraction, seed);
    }

    private static ByteImageDataset read() throws IOException {
        byte[] pixels = new byte[SIZE * 64];
        byte[] labels = new byte[SIZE];
        InputStream raw = Digits.class.getResourceAsStream(RESOURCE);
        if (raw == null) throw new IOException("resource " + RESOURCE + " missing from the jar");
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(raw),
                StandardCharsets.US_ASCII))) {
            int n = 0;
            for (String line; (line = r.readLine()) != null; ) {
                if (line.isBlank()) continue;
                if (n == SIZE) throw new IOException(RESOURCE + ": more than " + SIZE + " rows");
                String[] f = line.split(",");
                if (f.length != 65) throw new IOException(RESOURCE + ":" + (n + 1) + ": " + f.length + " fields, expected 65");
                for (int j = 0; j < 65; j++) {
                    int v = (int) Double.parseDouble(f[j]);
                    if (v < 0 || v > (j < 64 ? 16 : 9))
                        throw new IOException(RESOURCE + ":" + (n + 1) + ": value " + f[j] + " out of range");
                    if (j < 64) pixels[n * 64 + j] = (byte) v;
                    else labels[n] = (byte) v;
                }
                n++;
            }
            if (n != SIZE) throw new IOException(RESOURCE + ": " + n + " rows, expected " + SIZE);
        }
        return new ByteImageDataset(pixels, labels, new int[] {1, 8, 8}, 1f / 16f, java.util.List.of(
                "0", "1", "2", "3", "4", "5", "6", "7", "8", "9"));
    }
}
