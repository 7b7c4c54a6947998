package org.neurite.train;

/**
 * Counts of (true class, predicted class) pairs, and the per-class metrics read off it: precision
 * TP / (TP + FP), recall TP / (TP + FN), F1 their harmonic mean, and accuracy, the diagonal over the total.
 */
public final class ConfusionMatrix {
    private final long[][] counts;

    public ConfusionMatrix(int classes) {
        if (classes <= 0) throw new IllegalArgumentException("ConfusionMatrix: classes must be positive, got " + classes);
        counts = new long[classes][classes];
    }

    public int classes() {
        return counts.length;
    }

    /** Adds one example. */
    public void add(int actual, int predicted) {
        if (actual < 0 || actual >= counts.length || predicted < 0 || predicted >= counts.length)
            throw new IllegalArgumentException("ConfusionMatrix: class index out of range 0.." + (counts.length - 1)
                    + " (actual " + actual + ", predicted " + predicted + ")");
        counts[actual][predicted]++;
    }

    /** Adds another matrix's counts. */
    public void addAll(ConfusionMatrix other) {
        for (int i = 0; i < counts.length; i++)
            for (int j = 0; j < counts.length; j++) counts[i][j] += other.counts[i][j];
    }

    /** Examples of class actual predicted as predicted. */
    public long count(int actual, int predicted) {
        return counts[actual][predicted];
    }

    public long total() {
        long t = 0;
        for (long[] row : counts) for (long c : row) t += c;
        return t;
    }

    public double accuracy() {
        long t = total(), d = 0;
        for (int i = 0; i < counts.length; i++) d += counts[i][i];
        return t == 0 ? 0 : (double) d / t;
    }

    public double precision(int c) {
        long tp = counts[c][c], predicted = 0;
        for (long[] row : counts) predicted += row[c];
        return predicted == 0 ? 0 : (double) tp / predicted;
    }

    public double recall(int c) {
        long tp = counts[c][c], actual = 0;
        for (long v : counts[c]) actual += v;
        return actual == 0 ? 0 : (double) tp / actual;
    }

    public double f1(int c) {
        double p = precision(c), r = recall(c);
        return p + r == 0 ? 0 : 2 * p * r / (p + r);
    }

    /** Unweighted mean of the per-class F1 scores. */
    public double macroF1() {
        double s = 0;
        for (int c = 0; c < counts.length; c++) s += f1(c);
        return s / counts.length;
    }

    /** A text table: rows are true classes, columns predictions. */
    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder("true\\pred");
        for (int j = 0; j < counts.length; j++) sb.append(String.format("%7d", j));
        sb.append('\n');
        for (int i = 0; i < counts.length; i++) {
            sb.append(String.format("%9d", i));
            for (int j = 0; j < counts.length; j++) sb.append(String.format("%7d", counts[i][j]));
            sb.append('\n');
        }
        return sb.toString();
    }
}
