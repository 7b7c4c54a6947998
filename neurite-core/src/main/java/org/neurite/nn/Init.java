package org.neurite.nn;

import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * Initialisers (torch.nn.init): each fills a tensor's storage in place from a seeded {@link Rng} and returns it.
 *
 * <p>Fan-in and fan-out follow PyTorch: for a weight [out, in] fanIn = in and fanOut = out; for a convolution
 * weight [out, in, kh, kw] both are multiplied by kh*kw.
 * <ul>
 *   <li>Xavier/Glorot: std = gain * sqrt(2 / (fanIn + fanOut)); uniform on [-a, a] with a = sqrt(3) * std.</li>
 *   <li>He/Kaiming: std = gain / sqrt(fan), gain = sqrt(2 / (1 + a^2)) for a leaky ReLU of negative slope a
 *       (a = 0: ReLU); uniform on [-b, b] with b = sqrt(3) * std.</li>
 * </ul>
 *
 * <p>Layers built without an Rng draw from {@link #defaultRng()}, one generator for the JVM seeded with
 * {@link #DEFAULT_SEED} and reseeded by {@link #manualSeed(long)} (as torch.manual_seed): building the same model
 * after the same seed gives the same weights. Pass an Rng to a layer's constructor for full control.
 */
public final class Init {
    /** The seed of the default generator until {@link #manualSeed(long)} is called. */
    public static final long DEFAULT_SEED = 42L;
    private static final Rng DEFAULT = new Rng(DEFAULT_SEED);

    private Init() {}

    /** The shared generator that layers use when not given one. */
    public static Rng defaultRng() {
        return DEFAULT;
    }

    /** Reseeds the default generator. */
    public static void manualSeed(long seed) {
        synchronized (DEFAULT) {
            DEFAULT.setState(seed);
        }
    }

    /** An independent generator split from the default one (what a layer built without an Rng uses). */
    static Rng splitDefault() {
        synchronized (DEFAULT) {
            return DEFAULT.split();
        }
    }

    /** Uniform on [a, b). */
    public static Tensor uniform(Tensor t, Rng rng, double a, double b) {
        if (!(a <= b)) throw new IllegalArgumentException("Init.uniform: need a <= b, got [" + a + ", " + b + ")");
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (a + (b - a) * rng.nextDouble());
        return t;
    }

    /** Normal with the given mean and standard deviation. */
    public static Tensor normal(Tensor t, Rng rng, double mean, double std) {
        if (!(std >= 0)) throw new IllegalArgumentException("Init.normal: std must be >= 0, got " + std);
        float[] d = t.data();
        for (int i = 0; i < d.length; i++) d[i] = (float) (mean + std * rng.nextGaussian());
        return t;
    }

    public static Tensor zeros(Tensor t) {
        return constant(t, 0f);
    }

    public static Tensor ones(Tensor t) {
        return constant(t, 1f);
    }

    public static Tensor constant(Tensor t, float v) {
        java.util.Arrays.fill(t.data(), v);
        return t;
    }

    /** Glorot and Bengio (2010), uniform: U(-a, a) with a = gain * sqrt(6 / (fanIn + fanOut)). */
    public static Tensor xavierUniform(Tensor t, Rng rng, double gain) {
        double a = gain * Math.sqrt(6.0 / (fanIn(t) + fanOut(t)));
        return uniform(t, rng, -a, a);
    }

    public static Tensor xavierUniform(Tensor t, Rng rng) {
        return xavierUniform(t, rng, 1);
    }

    /** Glorot, normal: N(0, std^2) with std = gain * sqrt(2 / (fanIn + fanOut)). */
    public static Tensor xavierNormal(Tensor t, Rng rng, double gain) {
        return normal(t, rng, 0, gain * Math.sqrt(2.0 / (fanIn(t) + fanOut(t))));
    }

    public static Tensor xavierNormal(Tensor t, Rng rng) {
        return xavierNormal(t, rng, 1);
    }

    /** He et al. (2015), uniform over fan-in: U(-b, b), b = sqrt(3) * sqrt(2 / (1 + a^2)) / sqrt(fanIn). */
    public static Tensor kaimingUniform(Tensor t, Rng rng, double a) {
        double bound = Math.sqrt(3.0) * Math.sqrt(2.0 / (1 + a * a)) / Math.sqrt(fanIn(t));
        return uniform(t, rng, -bound, bound);
    }

    /** Kaiming uniform for ReLU (a = 0). */
    public static Tensor kaimingUniform(Tensor t, Rng rng) {
        return kaimingUniform(t, rng, 0);
    }

    /** He et al., normal over fan-in: std = sqrt(2 / (1 + a^2)) / sqrt(fanIn). */
    public static Tensor kaimingNormal(Tensor t, Rng rng, double a) {
        return normal(t, rng, 0, Math.sqrt(2.0 / (1 + a * a)) / Math.sqrt(fanIn(t)));
    }

    public static Tensor kaimingNormal(Tensor t, Rng rng) {
        return kaimingNormal(t, rng, 0);
    }

    /**
     * PyTorch's default for Linear and Conv2d: weight by kaiming_uniform with a = sqrt(5), which is
     * U(-1/sqrt(fanIn), 1/sqrt(fanIn)); the bias (if any) U(-1/sqrt(fanIn), 1/sqrt(fanIn)) too.
     */
    static void pytorchDefault(Tensor weight, Tensor bias, Rng rng) {
        kaimingUniform(weight, rng, Math.sqrt(5));
        if (bias != null) {
            double b = 1 / Math.sqrt(fanIn(weight));
            uniform(bias, rng, -b, b);
        }
    }

    /** Inputs feeding each output: shape[1] times the receptive field (product of shape[2..]). */
    public static int fanIn(Tensor t) {
        int[] s = t.shape();
        if (s.length < 2)
            throw new IllegalArgumentException("Init: fan-in needs a tensor of at least 2 dimensions, got " + s.length);
        return s[1] * receptive(s);
    }

    /** Outputs fed by each input: shape[0] times the receptive field. */
    public static int fanOut(Tensor t) {
        int[] s = t.shape();
        if (s.length < 2)
            throw new IllegalArgumentException("Init: fan-out needs a tensor of at least 2 dimensions, got " + s.length);
        return s[0] * receptive(s);
    }

    private static int receptive(int[] s) {
        int r = 1;
        for (int i = 2; i < s.length; i++) r *= s[i];
        return r;
    }
}
