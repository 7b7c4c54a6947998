package org.neurite.data.augment;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Rng;

class TransformsTest {

    /** A 3x3 plane 1..9, row-major. */
    private static float[] nine() {
        return new float[] {1, 2, 3, 4, 5, 6, 7, 8, 9};
    }

    @Test
    void rotationBy90DegreesTurnsAKnownPatternCounterClockwise() {
        float[] x = nine();
        RandomRotation.rotate(x, 0, 1, 3, 3, 90);
        // counter-clockwise: the right column becomes the top row
        assertArrayEquals(new float[] {3, 6, 9, 2, 5, 8, 1, 4, 7}, x, 1e-6f);
        RandomRotation.rotate(x, 0, 1, 3, 3, -90);
        assertArrayEquals(nine(), x, 1e-6f);
        // 4x4 (centre between pixels), two channels, at an offset
        float[] y = new float[2 + 32];
        for (int i = 0; i < 32; i++) y[2 + i] = i;
        RandomRotation.rotate(y, 2, 2, 4, 4, 180);
        for (int c = 0; c < 2; c++)
            for (int i = 0; i < 16; i++) assertEquals(c * 16 + 15 - i, y[2 + c * 16 + i], 1e-5f);
        assertEquals(0f, y[0]);
    }

    @Test
    void rotationInterpolatesBilinearlyAndFillsWithZero() {
        // A single bright pixel at the centre of a 5x5 image stays there under any rotation,
        float[] x = new float[25];
        x[12] = 1;
        RandomRotation.rotate(x, 0, 1, 5, 5, 37);
        assertEquals(1f, x[12], 1e-6f);
        // and 45 degrees moves a corner pixel off the grid: its mass spreads and shrinks, values stay in [0, 1].
        float[] y = new float[25];
        Arrays.fill(y, 1f);
        RandomRotation.rotate(y, 0, 1, 5, 5, 45);
        assertEquals(1f, y[12], 1e-6f);
        assertTrue(y[0] > 0 && y[0] < 0.5f, "corner samples mostly outside the source: " + y[0]);
        for (float v : y) assertTrue(v >= 0 && v <= 1 + 1e-6f);
        // bilinear: rotating a horizontal ramp by a small angle gives a value between its neighbours
        float[] ramp = new float[] {0, 1, 2, 0, 1, 2, 0, 1, 2};
        RandomRotation.rotate(ramp, 0, 1, 3, 3, 10);
        assertTrue(ramp[5] > 1.5f && ramp[5] < 2f, "interpolated " + ramp[5]);
    }

    @Test
    void translationShiftsASinglePixel() {
        float[] x = new float[5 * 5];
        x[2 * 5 + 2] = 1; // (row 2, column 2)
        RandomTranslation.shift(x, 0, 1, 5, 5, 1, -2); // right 1, up 2
        float[] expected = new float[25];
        expected[0 * 5 + 3] = 1;
        assertArrayEquals(expected, x);
        RandomTranslation.shift(x, 0, 1, 5, 5, 2, 0); // pushed out of the image
        assertArrayEquals(new float[25], x);
        // random shifts stay within the bound and keep the pixel when it cannot leave
        Rng rng = new Rng(3);
        boolean[] seen = new boolean[25];
        for (int t = 0; t < 200; t++) {
            float[] y = new float[25];
            y[12] = 1;
            new RandomTranslation(1, 1).apply(y, 0, 1, 5, 5, rng);
            int at = -1;
            for (int i = 0; i < 25; i++) if (y[i] == 1) at = i;
            int dy = at / 5 - 2, dx = at % 5 - 2;
            assertTrue(Math.abs(dx) <= 1 && Math.abs(dy) <= 1, "moved to " + at);
            seen[at] = true;
        }
        int distinct = 0;
        for (boolean s : seen) if (s) distinct++;
        assertEquals(9, distinct);
    }

    @Test
    void hueShiftOfPureRedBy120DegreesGivesGreen() {
        // a [3, 1, 2] image: pure red and a grey pixel (no hue: unchanged)
        float[] x = {1, 0.5f, 0, 0.5f, 0, 0.5f};
        HueShift.shift(x, 0, 3, 1, 2, 120);
        assertArrayEquals(new float[] {0, 0.5f, 1, 0.5f, 0, 0.5f}, x, 1e-6f);
        HueShift.shift(x, 0, 3, 1, 2, 120); // green -> blue
        assertArrayEquals(new float[] {0, 0.5f, 0, 0.5f, 1, 0.5f}, x, 1e-6f);
        // a pastel orange keeps saturation and value through a full turn, and 60 degrees turns it yellow-green
        float[] o = {1, 0.75f, 0.5f};
        HueShift.shift(o, 0, 3, 1, 1, 360);
        assertArrayEquals(new float[] {1, 0.75f, 0.5f}, o, 1e-6f);
        HueShift.shift(o, 0, 3, 1, 1, 60); // hue 30 -> 90: (0.75, 1, 0.5)
        assertArrayEquals(new float[] {0.75f, 1, 0.5f}, o, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new HueShift(10).checkShape(1, 28, 28));
    }

    @Test
    void horizontalFlip() {
        float[] x = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12}; // [2, 2, 3]
        RandomHorizontalFlip.flip(x, 0, 2, 2, 3);
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7, 12, 11, 10}, x);
        // p = 1 always flips, p = 0 never
        float[] y = nine();
        new RandomHorizontalFlip(1).apply(y, 0, 1, 3, 3, new Rng(1));
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, y);
        new RandomHorizontalFlip(0).apply(y, 0, 1, 3, 3, new Rng(1));
        assertArrayEquals(new float[] {3, 2, 1, 6, 5, 4, 9, 8, 7}, y);
    }

    @Test
    void randomErasingFillsOneRectangleInEveryChannel() {
        float[] x = new float[2 * 4 * 5];
        Arrays.fill(x, 1f);
        RandomErasing.erase(x, 0, 2, 4, 5, 1, 2, 2, 3, 0f);
        for (int ch = 0; ch < 2; ch++)
            for (int y = 0; y < 4; y++)
                for (int xx = 0; xx < 5; xx++) {
                    boolean inside = y >= 1 && y < 3 && xx >= 2 && xx < 5;
                    assertEquals(inside ? 0f : 1f, x[(ch * 4 + y) * 5 + xx], "at " + ch + "," + y + "," + xx);
                }
        assertThrows(IllegalArgumentException.class, () -> RandomErasing.erase(new float[20], 0, 1, 4, 5, 3, 0, 2, 1, 0f));
        // p = 0 never erases; p = 1 erases a rectangle of 2% to 33% of the image (10 tries nearly always find one)
        Rng rng = new Rng(3);
        float[] y = new float[28 * 28];
        Arrays.fill(y, 1f);
        new RandomErasing(0).apply(y, 0, 1, 28, 28, rng);
        for (float v : y) assertEquals(1f, v);
        int erasedImages = 0;
        double sumFraction = 0;
        for (int t = 0; t < 400; t++) {
            Arrays.fill(y, 1f);
            new RandomErasing(1).apply(y, 0, 1, 28, 28, rng);
            int zeros = 0;
            for (float v : y) if (v == 0f) zeros++;
            if (zeros > 0) {
                erasedImages++;
                double f = zeros / 784.0;
                assertTrue(f >= 0.015 && f <= 0.36, "erased fraction " + f);
                sumFraction += f;
            }
        }
        assertTrue(erasedImages > 360, "erased " + erasedImages + " of 400");
        double mean = sumFraction / erasedImages; // E[u] = 0.175, less the too-wide rectangles that were redrawn
        assertTrue(mean > 0.12 && mean < 0.2, "mean erased fraction " + mean);
        assertThrows(IllegalArgumentException.class, () -> new RandomErasing(0.5, 0.5, 0.2, 0.3, 3.3, 0f));
    }

    @Test
    void cropWithZeroPadding() {
        float[] x = nine();
        // padding 1: the padded image is 5x5; the window at (0, 0) shows the top-left corner of the padding
        RandomCrop.crop(x, 0, 1, 3, 3, 1, 0, 0);
        assertArrayEquals(new float[] {0, 0, 0, 0, 1, 2, 0, 4, 5}, x);
        x = nine();
        RandomCrop.crop(x, 0, 1, 3, 3, 1, 1, 1); // the centre window is the image itself
        assertArrayEquals(nine(), x);
        x = nine();
        RandomCrop.crop(x, 0, 1, 3, 3, 1, 2, 1); // one row lower
        assertArrayEquals(new float[] {4, 5, 6, 7, 8, 9, 0, 0, 0}, x);
        assertThrows(IllegalArgumentException.class, () -> RandomCrop.crop(nine(), 0, 1, 3, 3, 1, 3, 0));
        // random windows: 25 positions for padding 2, all reached
        java.util.Set<String> outcomes = new java.util.HashSet<>();
        Rng rng = new Rng(8);
        for (int t = 0; t < 500; t++) {
            float[] y = nine();
            new RandomCrop(2).apply(y, 0, 1, 3, 3, rng);
            outcomes.add(Arrays.toString(y));
        }
        assertEquals(25, outcomes.size());
    }

    @Test
    void gaussianNoiseStatisticsAndClipping() {
        float[] x = new float[20000];
        Arrays.fill(x, 0.5f);
        new GaussianNoise(0.05, false).apply(x, 0, 1, 100, 200, new Rng(4));
        double mean = 0, sq = 0;
        for (float v : x) mean += v;
        mean /= x.length;
        for (float v : x) sq += (v - mean) * (v - mean);
        assertEquals(0.5, mean, 0.002);
        assertEquals(0.05, Math.sqrt(sq / x.length), 0.002);
        float[] y = new float[1000];
        new GaussianNoise(0.5).apply(y, 0, 1, 10, 100, new Rng(5));
        for (float v : y) assertTrue(v >= 0 && v <= 1);
    }

    @Test
    void brightnessAndContrast() {
        float[] x = {0.2f, 0.4f, 0.6f, 0.8f};
        Brightness.adjust(x, 0, 1, 2, 2, 1.5f);
        assertArrayEquals(new float[] {0.3f, 0.6f, 0.9f, 1f}, x, 1e-6f);
        float[] y = {0.2f, 0.4f, 0.6f, 0.8f}; // mean 0.5
        Contrast.adjust(y, 0, 1, 2, 2, 0.5f);
        assertArrayEquals(new float[] {0.35f, 0.45f, 0.55f, 0.65f}, y, 1e-6f);
        Contrast.adjust(y, 0, 1, 2, 2, 10f);
        assertArrayEquals(new float[] {0, 0, 1, 1}, y, 1e-6f);
        // random factors stay within [1 - d, 1 + d]
        Rng rng = new Rng(6);
        for (int t = 0; t < 100; t++) {
            float[] z = {0.5f};
            new Brightness(0.2).apply(z, 0, 1, 1, 1, rng);
            assertTrue(z[0] >= 0.4f - 1e-6f && z[0] <= 0.6f + 1e-6f, "" + z[0]);
        }
    }

    @Test
    void normalizePerChannelAndCompose() {
        float[] x = {1, 1, 0.5f, 0.5f}; // [2, 1, 2]
        new Normalize(new float[] {0.5f, 0.25f}, new float[] {0.5f, 0.25f}).apply(x, 0, 2, 1, 2);
        assertArrayEquals(new float[] {1, 1, 1, 1}, x, 1e-6f);
        assertThrows(IllegalArgumentException.class, () -> new Normalize(new float[] {0}, new float[] {0}));
        assertThrows(IllegalArgumentException.class,
                () -> new Normalize(new float[] {0, 0}, new float[] {1, 1}).checkShape(3, 2, 2));
        // flip then crop = the composition, in that order
        float[] a = nine(), b = nine();
        Transform t = new RandomHorizontalFlip(1).then(new RandomCrop(0));
        t.apply(a, 0, 1, 3, 3, new Rng(0));
        RandomHorizontalFlip.flip(b, 0, 1, 3, 3);
        assertArrayEquals(b, a);
        assertEquals(2, ((Compose) t).transforms().size());
    }

    @Test
    void outOfRangeExampleIsAnIllegalArgument() {
        var e = assertThrows(IllegalArgumentException.class, () -> RandomHorizontalFlip.flip(new float[8], 0, 1, 3, 3));
        assertTrue(e.getMessage().contains("[1, 3, 3]"), e.getMessage());
    }
}
