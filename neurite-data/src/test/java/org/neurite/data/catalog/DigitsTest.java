package org.neurite.data.catalog;

import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;
import org.neurite.data.Dataset;
import org.neurite.data.Split;

class DigitsTest {
    @Test
    void loads1797ExamplesOf10ClassesInUnitRange() {
        Dataset d = Digits.load();
        assertEquals(1797, d.size());
        assertEquals(10, d.numClasses());
        assertArrayEquals(new int[] {1, 8, 8}, d.exampleShape());
        int[] counts = new int[10];
        float max = 0;
        for (int i = 0; i < d.size(); i++) {
            counts[(int) d.target(i)]++;
            for (float v : d.get(i).input().toFloatArray()) {
                assertTrue(v >= 0 && v <= 1);
                max = Math.max(max, v);
            }
        }
        assertArrayEquals(new int[] {178, 182, 177, 183, 181, 182, 181, 179, 174, 180}, counts);
        assertEquals(1f, max);
        // the first row of the file: 0,0,5,13,9,1,0,0,... label 0
        float[] x0 = d.get(0).input().toFloatArray();
        assertEquals(5 / 16f, x0[2]);
        assertEquals(13 / 16f, x0[3]);
        assertEquals(0f, d.target(0));
    }

    @Test
    void seededSplit() {
        Split s = Digits.split(0.8, 42);
        assertEquals(1438, s.train().size());
        assertEquals(359, s.validation().size());
        assertEquals(10, s.train().numClasses());
    }

    @Test
    void attributionShipsNextToTheData() {
        assertNotNull(Digits.class.getResource("DIGITS-ATTRIBUTION.md"));
    }
}
