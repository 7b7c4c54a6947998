package org.neurite.tensor;

/**
 * A seeded random-number generator. Every random choice in Neurite (initialisation, dropout masks, shuffling,
 * augmentation) draws from one of these, so the same seed gives the same run, bit for bit.
 *
 * <p>The generator is SplitMix64: 64 bits of state, fast, with good statistical quality for this use, and its state
 * is one long so it can be saved in a checkpoint ({@link #state()}) and restored ({@link #setState(long)}).
 * Not thread-safe: give each thread its own {@link #split()}.
 */
public final class Rng {
    private static final long GOLDEN = 0x9E3779B97F4A7C15L;
    private long state;
    private double spareGaussian = Double.NaN;

    /** A generator whose whole sequence is fixed by {@code seed}. */
    public Rng(long seed) {
        this.state = seed;
    }

    /** The next 64 random bits. */
    public long nextLong() {
        long z = (state += GOLDEN);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Uniform in [0, 1) with 24 bits of precision (every float in that grid is equally likely). */
    public float nextFloat() {
        return (nextLong() >>> 40) * 0x1.0p-24f;
    }

    /** Uniform in [0, 1) with 53 bits of precision. */
    public double nextDouble() {
        return (nextLong() >>> 11) * 0x1.0p-53;
    }

    /** Uniform integer in [0, bound), without modulo bias. */
    public int nextInt(int bound) {
        if (bound <= 0) throw new IllegalArgumentException("Rng.nextInt: bound must be positive, got " + bound);
        long r = nextLong() >>> 33; // 31 bits
        long m = r * bound;
        long l = m & 0x7FFFFFFFL;
        if (l < bound) {
            long t = (0x80000000L - bound) % bound;
            while (l < t) {
                r = nextLong() >>> 33;
                m = r * bound;
                l = m & 0x7FFFFFFFL;
            }
        }
        return (int) (m >>> 31);
    }

    /** Standard normal sample (Marsaglia's polar method; the second value of each pair is kept for the next call). */
    public double nextGaussian() {
        if (!Double.isNaN(spareGaussian)) {
            double g = spareGaussian;
            spareGaussian = Double.NaN;
            return g;
        }
        double u, v, s;
        do {
            u = 2 * nextDouble() - 1;
            v = 2 * nextDouble() - 1;
            s = u * u + v * v;
        } while (s >= 1 || s == 0);
        double f = Math.sqrt(-2 * Math.log(s) / s);
        spareGaussian = v * f;
        return u * f;
    }

    /** True with probability p. */
    public boolean bernoulli(double p) {
        return nextDouble() < p;
    }

    /** A random permutation of 0..n-1 (Fisher-Yates). */
    public int[] permutation(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }

    /** An independent generator seeded from this one (for worker threads, or one stream per purpose). */
    public Rng split() {
        return new Rng(nextLong() ^ 0x5DEECE66DL);
    }

    /** The whole state, for checkpoints. Restoring it with {@link #setState} replays the same sequence. */
    public long state() {
        spareGaussian = Double.NaN; // keep state() + setState() an exact replay
        return state;
    }

    /** Restores a state taken with {@link #state()}. */
    public void setState(long state) {
        this.state = state;
        this.spareGaussian = Double.NaN;
    }
}
