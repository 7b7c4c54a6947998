package org.neurite.optim;

/**
 * Small dense linear algebra in double precision for Newton's method: Cholesky for symmetric positive-definite
 * systems, LU with partial pivoting for the rest. Matrices are n x n, row-major, in double[n * n].
 */
final class LinAlg {
    private LinAlg() {}

    /**
     * Cholesky factorisation A = L L^T in place (L in the lower triangle; the upper triangle is left as is).
     * Returns false, leaving a partly overwritten, when A is not (numerically) positive definite.
     */
    static boolean cholesky(double[] a, int n) {
        for (int j = 0; j < n; j++) {
            double d = a[j * n + j];
            for (int k = 0; k < j; k++) d -= a[j * n + k] * a[j * n + k];
            if (!(d > 0)) return false;
            double ljj = Math.sqrt(d);
            a[j * n + j] = ljj;
            for (int i = j + 1; i < n; i++) {
                double s = a[i * n + j];
                for (int k = 0; k < j; k++) s -= a[i * n + k] * a[j * n + k];
                a[i * n + j] = s / ljj;
            }
        }
        return true;
    }

    /** Solves L L^T x = b in place in b, with L from {@link #cholesky}. */
    static void choleskySolve(double[] l, int n, double[] b) {
        for (int i = 0; i < n; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= l[i * n + k] * b[k];
            b[i] = s / l[i * n + i];
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= l[k * n + i] * b[k];
            b[i] = s / l[i * n + i];
        }
    }

    /**
     * Solves A x = b in place in b by LU with partial pivoting (A is overwritten). Returns false when A is singular
     * to working precision (a pivot below 1e-12 times the largest entry of A).
     */
    static boolean luSolve(double[] a, int n, double[] b) {
        double scale = 0;
        for (double v : a) scale = Math.max(scale, Math.abs(v));
        double tiny = 1e-12 * Math.max(scale, Double.MIN_NORMAL);
        for (int c = 0; c < n; c++) {
            int piv = c;
            for (int r = c + 1; r < n; r++) if (Math.abs(a[r * n + c]) > Math.abs(a[piv * n + c])) piv = r;
            if (!(Math.abs(a[piv * n + c]) > tiny)) return false;
            if (piv != c) {
                for (int k = 0; k < n; k++) {
                    double t = a[c * n + k];
                    a[c * n + k] = a[piv * n + k];
                    a[piv * n + k] = t;
                }
                double t = b[c];
                b[c] = b[piv];
                b[piv] = t;
            }
            double p = a[c * n + c];
            for (int r = c + 1; r < n; r++) {
                double f = a[r * n + c] / p;
                if (f == 0) continue;
                a[r * n + c] = f;
                for (int k = c + 1; k < n; k++) a[r * n + k] -= f * a[c * n + k];
                b[r] -= f * b[c];
            }
        }
        for (int i = n - 1; i >= 0; i--) {
            double s = b[i];
            for (int k = i + 1; k < n; k++) s -= a[i * n + k] * b[k];
            b[i] = s / a[i * n + i];
        }
        return true;
    }

    static double dot(double[] a, double[] b) {
        double s = 0;
        for (int i = 0; i < a.length; i++) s += a[i] * b[i];
        return s;
    }

    static double norm(double[] a) {
        return Math.sqrt(dot(a, a));
    }

    static double maxAbs(double[] a) {
        double m = 0;
        for (double v : a) m = Math.max(m, Math.abs(v));
        return m;
    }
}
