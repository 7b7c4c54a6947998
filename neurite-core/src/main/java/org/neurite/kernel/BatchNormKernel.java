package org.neurite.kernel;

import jdk.incubator.vector.FloatVector;
import jdk.incubator.vector.VectorSpecies;

/**
 * Batch normalisation (the course's Definition 4.1) as three fused passes over x laid out [n, c, plane], per channel
 * over n and plane (plane = H*W for images, L for sequences, 1 for [n, c]); parallel over channels.
 *
 * <ul>
 *   <li>{@link #stats}: mean_c and biased var_c, in two passes (the mean first, then squared deviations) so a large
 *       mean does not cancel the variance;</li>
 *   <li>{@link #affine}: y = a_c x + b_c with a_c = gamma_c / sqrt(var_c + eps) and b_c = beta_c - mean_c a_c, one
 *       pass instead of the four of sub, div, mul, add;</li>
 *   <li>{@link #backward}: with xhat = (x - mean) invstd and M = n*plane values per channel,
 *       dbeta = sum g, dgamma = sum g xhat and dx = gamma invstd (g - dbeta/M - xhat dgamma/M), written
 *       dx = A g + B x + C so each element costs two FMAs.</li>
 * </ul>
 * The composed Tensor-op formula in nn.Functional is the oracle the tests compare against.
 */
public final class BatchNormKernel {
    private static final VectorSpecies<Float> S = FloatVector.SPECIES_PREFERRED;
    private static final int L = S.length();

    private BatchNormKernel() {}

    /** mean[c] and the biased var[c] of each channel of x [n, c, plane]. */
    public static void stats(int n, int c, int plane, float[] x, float[] mean, float[] var) {
        check("batchNorm", n, c, plane, x);
        double count = (double) n * plane;
        Parallel.forRange(c, grain(n, plane), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                double s = 0;
                for (int i = 0; i < n; i++) s += sum(x, (i * c + ch) * plane, plane);
                float m = (float) (s / count);
                double q = 0;
                for (int i = 0; i < n; i++) q += squaredDeviations(x, (i * c + ch) * plane, plane, m);
                mean[ch] = m;
                var[ch] = (float) (q / count);
            }
        });
    }

    /** y = a[ch] x + b[ch] for every value of channel ch (y may be x). */
    public static void affine(int n, int c, int plane, float[] x, float[] a, float[] b, float[] y) {
        check("batchNorm", n, c, plane, x);
        Parallel.forRange(c, grain(n, plane), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                FloatVector va = FloatVector.broadcast(S, a[ch]), vb = FloatVector.broadcast(S, b[ch]);
                for (int i = 0; i < n; i++) {
                    int o = (i * c + ch) * plane, j = 0;
                    for (int upper = S.loopBound(plane); j < upper; j += L)
                        FloatVector.fromArray(S, x, o + j).fma(va, vb).intoArray(y, o + j);
                    for (; j < plane; j++) y[o + j] = Math.fma(x[o + j], a[ch], b[ch]);
                }
            }
        });
    }

    /**
     * The training-mode gradients given the forward's mean and invstd = 1 / sqrt(var + eps): gx (may be null when
     * x needs none), dgamma[c] = sum g xhat, dbeta[c] = sum g. gamma null means 1.
     */
    public static void backward(int n, int c, int plane, float[] x, float[] g, float[] mean, float[] invstd,
                                float[] gamma, float[] gx, float[] dgamma, float[] dbeta) {
        check("batchNorm backward", n, c, plane, x);
        double count = (double) n * plane;
        Parallel.forRange(c, grain(n, plane), (from, to) -> {
            for (int ch = from; ch < to; ch++) {
                float m = mean[ch], is = invstd[ch];
                double sg = 0, sgc = 0;
                for (int i = 0; i < n; i++) {
                    int o = (i * c + ch) * plane;
                    sg += sum(g, o, plane);
                    sgc += centeredDot(g, x, o, plane, m);
                }
                double sgxhat = sgc * is; // sum g xhat
                dbeta[ch] = (float) sg;
                dgamma[ch] = (float) sgxhat;
                if (gx == null) continue;
                double gam = gamma == null ? 1 : gamma[ch];
                double a = gam * is, bx = -a * is * sgxhat / count;
                float fa = (float) a, fb = (float) bx, fc = (float) (-a * sg / count - bx * m);
                FloatVector va = FloatVector.broadcast(S, fa), vb = FloatVector.broadcast(S, fb),
                        vc = FloatVector.broadcast(S, fc);
                for (int i = 0; i < n; i++) {
                    int o = (i * c + ch) * plane, j = 0;
                    for (int upper = S.loopBound(plane); j < upper; j += L)
                        FloatVector.fromArray(S, g, o + j).fma(va, FloatVector.fromArray(S, x, o + j).fma(vb, vc))
                                .intoArray(gx, o + j);
                    for (; j < plane; j++) gx[o + j] = fa * g[o + j] + (fb * x[o + j] + fc);
                }
            }
        });
    }

    private static double sum(float[] a, int o, int len) {
        FloatVector acc = FloatVector.zero(S);
        int j = 0;
        for (int upper = S.loopBound(len); j < upper; j += L) acc = acc.add(FloatVector.fromArray(S, a, o + j));
        double s = Elementwise.sumLanes(acc);
        for (; j < len; j++) s += a[o + j];
        return s;
    }

    /** sum g (x - m), centred first so a large mean does not cancel. */
    private static double centeredDot(float[] g, float[] x, int o, int len, float m) {
        FloatVector acc = FloatVector.zero(S), vm = FloatVector.broadcast(S, m);
        int j = 0;
        for (int upper = S.loopBound(len); j < upper; j += L)
            acc = FloatVector.fromArray(S, x, o + j).sub(vm).fma(FloatVector.fromArray(S, g, o + j), acc);
        double s = Elementwise.sumLanes(acc);
        for (; j < len; j++) s += (double) g[o + j] * (x[o + j] - m);
        return s;
    }

    private static double squaredDeviations(float[] a, int o, int len, float m) {
        FloatVector acc = FloatVector.zero(S), vm = FloatVector.broadcast(S, m);
        int j = 0;
        for (int upper = S.loopBound(len); j < upper; j += L) {
            FloatVector d = FloatVector.fromArray(S, a, o + j).sub(vm);
            acc = d.fma(d, acc);
        }
        double s = Elementwise.sumLanes(acc);
        for (; j < len; j++) {
            double d = a[o + j] - m;
            s += d * d;
        }
        return s;
    }

    /** Enough channels per task that each moves at least ~32k values. */
    private static int grain(int n, int plane) {
        return Math.max(1, 32768 / Math.max(1, n * plane));
    }

    private static void check(String op, int n, int c, int plane, float[] x) {
        if (n < 0 || c < 1 || plane < 1 || x.length < (long) n * c * plane)
            throw new IllegalArgumentException(op + ": " + x.length + " values do not hold [" + n + ", " + c + ", "
                    + plane + "]");
    }
}
