package org.neurite.tensor;

import java.util.Arrays;

/** Shape arithmetic shared by the ops: element counts, strides, broadcasting, dimension normalisation. */
public final class Shape {
    private Shape() {}

    /** Number of elements of a shape; checks that no dimension is negative and that the count fits an int. */
    public static int numel(int... shape) {
        long n = 1;
        for (int d : shape) {
            if (d < 0) throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": negative dimension");
            n *= d;
            if (n > Integer.MAX_VALUE - 8)
                throw new IllegalArgumentException("shape " + Arrays.toString(shape) + ": more than 2^31 elements");
        }
        return (int) n;
    }

    /** Row-major strides (in elements). */
    public static int[] strides(int[] shape) {
        int[] s = new int[shape.length];
        int st = 1;
        for (int i = shape.length - 1; i >= 0; i--) {
            s[i] = st;
            st *= shape[i];
        }
        return s;
    }

    /** The broadcast shape of a and b under NumPy/PyTorch rules, or an error naming op and both shapes. */
    public static int[] broadcast(String op, int[] a, int[] b) {
        int n = Math.max(a.length, b.length);
        // Both shapes padded with leading 1s first, not a select per dimension between 1 and a[i - offset]: C2's
        // profile-based loop predicate on that select trapped out of the compiled code in W1's timed epochs.
        int[] pa = leadingOnes(a, n), pb = leadingOnes(b, n), out = new int[n];
        for (int i = 0; i < n; i++) {
            int da = pa[i], db = pb[i];
            if (da != db && da != 1 && db != 1)
                throw new IllegalArgumentException(op + ": shapes " + str(a) + " and " + str(b)
                        + " cannot be broadcast (dimension " + i + ": " + da + " vs " + db + ")");
            out[i] = da == 1 ? db : da;
        }
        return out;
    }

    private static int[] leadingOnes(int[] shape, int rank) {
        int[] p = new int[rank];
        int off = rank - shape.length;
        java.util.Arrays.fill(p, 0, off, 1);
        System.arraycopy(shape, 0, p, off, shape.length);
        return p;
    }

    /** Normalises a possibly negative dimension index for a tensor of the given rank. */
    public static int dim(String op, int dim, int rank) {
        int d = dim < 0 ? dim + rank : dim;
        if (d < 0 || d >= Math.max(rank, 1) || rank == 0 && d != 0)
            throw new IllegalArgumentException(op + ": dimension " + dim + " out of range for a tensor of rank " + rank);
        return d;
    }

    public static String str(int[] shape) {
        return Arrays.toString(shape);
    }
}
