package org.neurite.optim.schedule;

/**
 * Linear warm-up in front of another schedule: for the first w steps the rate climbs linearly from
 * startFactor * eta to eta = inner.valueAt(0), then the inner schedule runs, shifted by w:
 * <pre>
 *   eta_k = inner_0 (s + (1 - s) k / w)     for k < w      (s = startFactor, default 0)
 *   eta_k = inner_{k - w}                   for k >= w
 * </pre>
 * The warm-up drives the optimiser in place of the inner schedule: call step() on the warm-up only.
 * {@code new LinearWarmup(new CosineAnnealing(opt, 1000), 100)} is the usual transformer recipe.
 */
public final class LinearWarmup extends LRScheduler {
    private final LRScheduler inner;
    private final int warmup;
    private float startFactor;

    public LinearWarmup(LRScheduler inner, int warmupSteps) {
        super("LinearWarmup", inner == null ? null : inner.optimizer());
        this.inner = inner;
        this.warmup = requirePositive("warmupSteps", warmupSteps);
        apply();
    }

    /** The fraction s in [0, 1] of the target rate at k = 0 (default 0). */
    public LinearWarmup startFactor(float s) {
        if (!(s >= 0f && s <= 1f))
            throw new IllegalArgumentException(name + ": startFactor must be in [0, 1], got " + s);
        this.startFactor = s;
        apply();
        return this;
    }

    @Override
    public float valueAt(long k) {
        if (k >= warmup) return inner.valueAt(k - warmup);
        double target = inner.valueAt(0);
        return (float) (target * (startFactor + (1 - startFactor) * (double) k / warmup));
    }
}
