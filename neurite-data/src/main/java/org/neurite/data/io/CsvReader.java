package org.neurite.data.io;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;
import java.util.zip.GZIPInputStream;
import java.io.InputStreamReader;
import java.io.InputStream;
import org.neurite.data.TensorDataset;

/**
 * Reads a CSV table of numeric features and one label column into a {@link TensorDataset} with examples of shape
 * {@code [D]} (D = columns - 1). Labels that are all non-negative integers are used as class indices; otherwise each
 * distinct label text becomes a class, numbered in sorted order, and the names are kept ({@code classNames()}).
 *
 * <p>The header line is detected (a first line with a non-numeric feature field) unless set with {@link #header}.
 * Blank lines are skipped; surrounding quotes and spaces are stripped (quoted fields may not contain the delimiter).
 * Files ending in {@code .gz} are decompressed. A malformed row is an IOException naming the file, line and column.
 */
public final class CsvReader {
    private final Path file;
    private Boolean header;       // null = detect
    private int labelIndex = -1;  // negative counts from the end
    private String labelName;
    private char delimiter = ',';

    private CsvReader(Path file) {
        this.file = file;
    }

    /** A reader for {@code file} with the defaults: detected header, label in the last column, comma-separated. */
    public static CsvReader of(Path file) {
        return new CsvReader(file);
    }

    /** Whether the first line is a header (default: detected). */
    public CsvReader header(boolean hasHeader) {
        this.header = hasHeader;
        return this;
    }

    /** The label column by position (0-based; negative counts from the end, -1 = last, the default). */
    public CsvReader labelColumn(int index) {
        this.labelIndex = index;
        this.labelName = null;
        return this;
    }

    /** The label column by its header name (implies a header line). */
    public CsvReader labelColumn(String name) {
        this.labelName = name;
        this.header = true;
        return this;
    }

    /** The field separator (default ','). */
    public CsvReader delimiter(char delimiter) {
        this.delimiter = delimiter;
        return this;
    }

    /** Reads the whole file. */
    public TensorDataset read() throws IOException {
        List<String[]> rows = new ArrayList<>();
        List<Integer> lineNumbers = new ArrayList<>();
        try (BufferedReader r = open()) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (line.isBlank()) continue;
                rows.add(split(line));
                lineNumbers.add(n);
            }
        }
        if (rows.isEmpty()) throw new IOException(file + ": empty CSV file");
        int cols = rows.get(0).length;
        if (cols < 2) throw new IOException(file + ": need at least one feature column and a label column, found "
                + cols + " column(s)");
        int label = labelColumnIndex(rows.get(0), cols);
        boolean hasHeader = header != null ? header : looksLikeHeader(rows.get(0), label);
        int first = hasHeader ? 1 : 0;
        int n = rows.size() - first, d = cols - 1;
        float[] x = new float[n * d];
        String[] labels = new String[n];
        for (int i = 0; i < n; i++) {
            String[] row = rows.get(first + i);
            int line = lineNumbers.get(first + i);
            if (row.length != cols)
                throw new IOException(file + ":" + line + ": " + row.length + " columns, expected " + cols);
            int k = 0;
            for (int j = 0; j < cols; j++) {
                if (j == label) {
                    labels[i] = row[j];
                    continue;
                }
                try {
                    x[i * d + k++] = Float.parseFloat(row[j]);
                } catch (NumberFormatException e) {
                    throw new IOException(file + ":" + line + ", column " + (j + 1) + ": '" + row[j]
                            + "' is not a number");
                }
            }
        }
        return toDataset(x, labels, d);
    }

    private TensorDataset toDataset(float[] x, String[] labels, int d) {
        float[] y = new float[labels.length];
        boolean numeric = true;
        for (int i = 0; i < labels.length && numeric; i++) {
            try {
                int v = Integer.parseInt(labels[i]);
                if (v < 0) numeric = false;
                y[i] = v;
            } catch (NumberFormatException e) {
                numeric = false;
            }
        }
        if (numeric) return new TensorDataset(x, y, new int[] {d}, List.of());
        List<String> names = new ArrayList<>(new TreeSet<>(List.of(labels)));
        for (int i = 0; i < labels.length; i++) y[i] = java.util.Collections.binarySearch(names, labels[i]);
        return new TensorDataset(x, y, new int[] {d}, names);
    }

    private int labelColumnIndex(String[] firstRow, int cols) throws IOException {
        if (labelName != null) {
            for (int j = 0; j < cols; j++) if (firstRow[j].equals(labelName)) return j;
            throw new IOException(file + ": no column named '" + labelName + "' in the header " + String.join(",", firstRow));
        }
        int j = labelIndex < 0 ? cols + labelIndex : labelIndex;
        if (j < 0 || j >= cols)
            throw new IllegalArgumentException("CsvReader: label column " + labelIndex + " outside the " + cols + " columns of "
                    + file);
        return j;
    }

    private static boolean looksLikeHeader(String[] row, int label) {
        for (int j = 0; j < row.length; j++) {
            if (j == label) continue;
            try {
                Float.parseFloat(row[j]);
            } catch (NumberFormatException e) {
                return true;
            }
        }
        return false;
    }

    private String[] split(String line) {
        List<String> out = new ArrayList<>();
        int start = 0;
        for (int i = 0; i <= line.length(); i++) {
            if (i == line.length() || line.charAt(i) == delimiter) {
                String f = line.substring(start, i).strip();
                if (f.length() >= 2 && f.startsWith("\"") && f.endsWith("\"")) f = f.substring(1, f.length() - 1);
                out.add(f);
                start = i + 1;
            }
        }
        return out.toArray(String[]::new);
    }

    private BufferedReader open() throws IOException {
        InputStream in = Files.newInputStream(file);
        if (file.getFileName().toString().endsWith(".gz")) in = new GZIPInputStream(in);
        return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8));
    }
}
