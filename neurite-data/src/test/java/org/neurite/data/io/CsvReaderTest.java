package org.neurite.data.io;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.neurite.data.TensorDataset;

class CsvReaderTest {
    @TempDir Path dir;

    @Test
    void numericLabelsWithDetectedHeader() throws IOException {
        Path f = dir.resolve("a.csv");
        Files.writeString(f, "x1,x2,label\n1.5,2,0\n\n-3,4e-1,2\n0,0,1\n");
        TensorDataset d = CsvReader.of(f).read();
        assertEquals(3, d.size());
        assertArrayEquals(new int[] {2}, d.exampleShape());
        assertArrayEquals(new float[] {1.5f, 2, -3, 0.4f, 0, 0}, d.inputs().toFloatArray());
        assertArrayEquals(new float[] {0, 2, 1}, d.targets().toFloatArray());
        assertEquals(3, d.numClasses());
        assertTrue(d.classNames().isEmpty());
    }

    @Test
    void textLabelsInFirstColumnWithoutHeader() throws IOException {
        Path f = dir.resolve("b.csv");
        Files.writeString(f, "versicolor; 1; 2\n\"setosa\"; 3; 4\nvirginica; 5; 6\nsetosa; 7; 8\n");
        TensorDataset d = CsvReader.of(f).labelColumn(0).delimiter(';').read();
        assertEquals(List.of("setosa", "versicolor", "virginica"), d.classNames());
        assertArrayEquals(new float[] {1, 0, 2, 0}, d.targets().toFloatArray());
        assertArrayEquals(new float[] {1, 2, 3, 4, 5, 6, 7, 8}, d.inputs().toFloatArray());
    }

    @Test
    void labelByHeaderName() throws IOException {
        Path f = dir.resolve("c.csv");
        Files.writeString(f, "a,y,b\n1,1,2\n3,0,4\n");
        TensorDataset d = CsvReader.of(f).labelColumn("y").read();
        assertArrayEquals(new float[] {1, 2, 3, 4}, d.inputs().toFloatArray());
        assertArrayEquals(new float[] {1, 0}, d.targets().toFloatArray());
    }

    @Test
    void explicitNoHeaderMakesAHeaderLineAnError() throws IOException {
        Path f = dir.resolve("d.csv");
        Files.writeString(f, "a,b,y\n1,2,0\n");
        IOException e = assertThrows(IOException.class, () -> CsvReader.of(f).header(false).read());
        assertTrue(e.getMessage().contains(f + ":1, column 1: 'a' is not a number"), e.getMessage());
    }

    @Test
    void raggedRowNamesFileAndLine() throws IOException {
        Path f = dir.resolve("e.csv");
        Files.writeString(f, "1,2,0\n3,1\n");
        IOException e = assertThrows(IOException.class, () -> CsvReader.of(f).read());
        assertTrue(e.getMessage().contains(f + ":2: 2 columns, expected 3"), e.getMessage());
    }
}
