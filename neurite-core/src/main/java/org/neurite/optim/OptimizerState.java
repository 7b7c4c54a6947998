package org.neurite.optim;

import java.util.Map;
import java.util.TreeMap;

/**
 * A snapshot of an optimiser's state, enough to resume training exactly (the role of PyTorch's
 * {@code optimizer.state_dict()}): the learning rate and other running scalars, step counters, and the per-parameter
 * buffers (moments, velocities, L-BFGS history) as flat float arrays in parameter order.
 *
 * <p>Keys are stable: {@code "step"} counts calls to step(); {@code "<i>.step"} counts the updates of parameter i;
 * {@code "<i>.<name>"} is parameter i's buffer {@code name} in the course's notation ({@code v} for the velocity,
 * {@code G} and {@code A} for Adam's first and second moments, {@code A} for AdaGrad's and RMSProp's accumulator);
 * {@code "lr"} is the learning rate. The maps are sorted and hold copies: changing the optimiser later does not
 * change a snapshot, nor does changing a snapshot change the optimiser it is restored into.
 *
 * @param optimizer the optimiser's class name (restore checks it)
 * @param counters  step counts
 * @param scalars   the learning rate and any other running scalars
 * @param buffers   per-parameter buffers, each of the parameter's element count (or a method-specific length)
 */
public record OptimizerState(String optimizer, Map<String, Long> counters, Map<String, Double> scalars,
                             Map<String, float[]> buffers) {

    /** Makes sorted deep copies, so a snapshot never aliases live buffers. */
    public OptimizerState {
        counters = new TreeMap<>(counters);
        scalars = new TreeMap<>(scalars);
        TreeMap<String, float[]> copy = new TreeMap<>();
        buffers.forEach((k, v) -> copy.put(k, v.clone()));
        buffers = copy;
    }

    /** The counter under key, or the fallback when absent. */
    public long counter(String key, long fallback) {
        return counters.getOrDefault(key, fallback);
    }

    /** The scalar under key, or the fallback when absent. */
    public double scalar(String key, double fallback) {
        return scalars.getOrDefault(key, fallback);
    }
}
