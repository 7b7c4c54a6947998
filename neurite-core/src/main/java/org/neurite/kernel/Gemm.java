package org.neurite.kernel;

/**
 * Single-precision general matrix multiply, row-major: C = alpha * op(A) * op(B) + beta * C, where op(X) is X or
 * its transpose. A is m x k after op, B is k x n after op, C is m x n; lda, ldb, ldc are the row strides of the
 * arrays as stored. All four transpose cases are supported because backward needs them (dA = dC B^T, dB = A^T dC).
 * When beta is 0, C is overwritten and its old contents (even NaN) are ignored, as in BLAS.
 *
 * <p>This first version is a cache-blocked loop; the fast packed Vector API kernel replaces its body.
 */
public final class Gemm {
    private Gemm() {}

    public static void sgemm(boolean transA, boolean transB, int m, int n, int k, float alpha,
                             float[] a, int aOff, int lda, float[] b, int bOff, int ldb,
                             float beta, float[] c, int cOff, int ldc) {
        if (m == 0 || n == 0) return;
        for (int i = 0; i < m; i++) {
            int ci = cOff + i * ldc;
            if (beta == 0) java.util.Arrays.fill(c, ci, ci + n, 0f);
            else if (beta != 1) for (int j = 0; j < n; j++) c[ci + j] *= beta;
        }
        if (k == 0 || alpha == 0) return;
        Parallel.forRange(m, Math.max(1, 4096 / Math.max(1, n * k / 64 + 1)), (from, to) -> {
            for (int i = from; i < to; i++) {
                int ci = cOff + i * ldc;
                for (int p = 0; p < k; p++) {
                    float av = alpha * (transA ? a[aOff + p * lda + i] : a[aOff + i * lda + p]);
                    if (!transB) {
                        int bi = bOff + p * ldb;
                        for (int j = 0; j < n; j++) c[ci + j] += av * b[bi + j];
                    } else {
                        for (int j = 0; j < n; j++) c[ci + j] += av * b[bOff + j * ldb + p];
                    }
                }
            }
        });
    }
}
