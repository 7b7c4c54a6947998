package org.neurite.data;

import static org.junit.jupiter.api.Assertions.*;

import java.util.Arrays;
import java.util.List;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.neurite.tensor.Tensor;

class DatasetTest {

    @Test
    void tensorDatasetExamples() {
        Tensor x = Tensor.of(new float[] {1, 2, 3, 4, 5, 6}, 3, 2);
        TensorDataset d = new TensorDataset(x, Tensor.of(new float[] {0, 2, 1}, 3));
        assertEquals(3, d.size());
        assertEquals(3, d.numClasses());
        assertArrayEquals(new int[] {2}, d.exampleShape());
        Dataset.Example e = d.get(1);
        assertArrayEquals(new float[] {3, 4}, e.input().toFloatArray());
        assertEquals(2f, e.target());
        assertThrows(IndexOutOfBoundsException.class, () -> d.get(3));
        var bad = assertThrows(IllegalArgumentException.class,
                () -> new TensorDataset(x, Tensor.of(new float[] {0, 1.5f, 1}, 3)));
        assertTrue(bad.getMessage().contains("1.5"), bad.getMessage());
        assertThrows(IllegalArgumentException.class, () -> new TensorDataset(x, Tensor.zeros(2)));
    }

    @Test
    void byteImageDatasetScales() {
        byte[] px = {0, (byte) 255, (byte) 128, 1};
        ByteImageDataset d = new ByteImageDataset(px, new byte[] {3, 1}, new int[] {1, 1, 2}, 1f / 255f, List.of());
        assertArrayEquals(new float[] {0, 1}, d.get(0).input().toFloatArray(), 1e-7f);
        assertArrayEquals(new float[] {128 / 255f, 1 / 255f}, d.get(1).input().toFloatArray(), 1e-7f);
        assertEquals(4, d.numClasses());
        assertEquals(3f, d.target(0));
    }

    @Test
    void byteImageDatasetOverASegmentEqualsOneOverAnArray() {
        byte[] px = new byte[5 * 6];
        for (int i = 0; i < px.length; i++) px[i] = (byte) (i * 41 + 3);
        byte[] labels = {0, 1, 2, 1, 0};
        ByteImageDataset a = new ByteImageDataset(px, labels, new int[] {1, 2, 3}, 1f / 255f, List.of());
        java.lang.foreign.MemorySegment off = java.lang.foreign.Arena.ofAuto().allocate(px.length);
        off.copyFrom(java.lang.foreign.MemorySegment.ofArray(px));
        ByteImageDataset b = new ByteImageDataset(off.asReadOnly(), labels, new int[] {1, 2, 3}, 1f / 255f,
                List.of());
        for (int i = 0; i < labels.length; i++) {
            float[] x = new float[8], y = new float[8];
            a.copyInput(i, x, 2);
            b.copyInput(i, y, 2);
            assertArrayEquals(x, y, 0f);
            assertEquals(a.target(i), b.target(i));
        }
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> new ByteImageDataset(
                off.asSlice(1), labels, new int[] {1, 2, 3}, 1f, List.of()));
        assertTrue(e.getMessage().contains("29 pixels do not make 5 examples"), e.getMessage());
    }

    @Test
    void splitIsDisjointCompleteAndSeeded() {
        TensorDataset d = DataLoaderTest.indexed(101);
        Split s = d.split(0.8, 11);
        assertEquals(81, s.train().size());
        assertEquals(20, s.validation().size());
        int[] all = IntStream.concat(Arrays.stream(((Subset) s.train()).indices()),
                Arrays.stream(((Subset) s.validation()).indices())).sorted().toArray();
        assertArrayEquals(IntStream.range(0, 101).toArray(), all);
        assertArrayEquals(((Subset) s.train()).indices(), ((Subset) d.split(0.8, 11).train()).indices());
        assertFalse(Arrays.equals(((Subset) s.train()).indices(), ((Subset) d.split(0.8, 12).train()).indices()));
        // a subset reads through to its parent
        int i = ((Subset) s.validation()).indices()[3];
        assertEquals(d.target(i), s.validation().target(3));
        assertArrayEquals(d.get(i).input().toFloatArray(), s.validation().get(3).input().toFloatArray());
        assertThrows(IllegalArgumentException.class, () -> d.split(1.5, 1));
    }

    @Test
    void subset() {
        TensorDataset d = DataLoaderTest.indexed(10);
        Dataset s = d.subset(9, 0, 9);
        assertEquals(3, s.size());
        assertEquals(9 % 7, s.target(0));
        assertEquals(9f, s.get(2).input().toFloatArray()[0]);
        assertThrows(IllegalArgumentException.class, () -> d.subset(10));
    }
}
