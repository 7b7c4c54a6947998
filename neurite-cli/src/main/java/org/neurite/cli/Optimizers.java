package org.neurite.cli;

import java.util.List;
import org.neurite.optim.AdaGrad;
import org.neurite.optim.Adam;
import org.neurite.optim.AdamW;
import org.neurite.optim.Optimizer;
import org.neurite.optim.RMSProp;
import org.neurite.optim.SGD;
import org.neurite.optim.schedule.CosineAnnealing;
import org.neurite.optim.schedule.ExponentialDecay;
import org.neurite.optim.schedule.LRScheduler;
import org.neurite.optim.schedule.LinearAnnealing;
import org.neurite.optim.schedule.LinearWarmup;
import org.neurite.optim.schedule.StepDecay;
import org.neurite.tensor.Tensor;

/** The optimisers and learning-rate schedules of {@code --optimizer} and {@code --schedule}, built from a RunConfig. */
final class Optimizers {
    static final List<String> NAMES = List.of("sgd", "momentum", "nesterov", "adagrad", "rmsprop", "adam", "adamw");
    static final List<String> SCHEDULES = List.of("none", "step", "cosine", "linear", "exponential", "warmup-cosine");

    private Optimizers() {}

    /** The default learning rate of each optimiser when --lr is not given. */
    static double defaultLr(String optimizer) {
        return switch (optimizer) {
            case "sgd" -> 0.05;
            case "momentum", "nesterov", "adagrad" -> 0.01;
            default -> 0.001;
        };
    }

    static void check(String optimizer, String schedule) {
        if (!NAMES.contains(optimizer))
            throw new UserError("unknown optimizer '" + optimizer + "'; choose one of " + String.join(", ", NAMES));
        if (!SCHEDULES.contains(schedule))
            throw new UserError("unknown schedule '" + schedule + "'; choose one of " + String.join(", ", SCHEDULES));
    }

    static Optimizer build(RunConfig c, List<Tensor> params) {
        check(c.optimizer(), c.schedule());
        float lr = (float) c.lr(), wd = c.weightDecay() == null ? 0f : c.weightDecay().floatValue();
        Optimizer o = switch (c.optimizer()) {
            case "sgd" -> new SGD(params, lr);
            case "momentum" -> new SGD(params, lr).momentum((float) c.momentum());
            case "nesterov" -> new SGD(params, lr).momentum((float) c.momentum()).nesterov(true);
            case "adagrad" -> new AdaGrad(params, lr);
            case "rmsprop" -> new RMSProp(params, lr);
            case "adam" -> new Adam(params, lr);
            default -> c.weightDecay() == null ? new AdamW(params, lr) : new AdamW(params, lr).weightDecay(wd);
        };
        if (!c.optimizer().equals("adamw") && wd > 0) o.l2(wd);
        if (c.l1() > 0) o.l1((float) c.l1());
        return o;
    }

    /** A schedule and whether it steps per batch (true) or per epoch; null for "none". */
    record Schedule(LRScheduler scheduler, boolean perBatch) {}

    /**
     * step: the rate divided by 10 every third of the run (per epoch); exponential: times gamma each epoch, with
     * gamma such that the last epoch runs at 1% of the start; cosine and linear: to 0 (linear: to 1%) over all
     * batches; warmup-cosine: a linear warm-up over the first epoch (at most a tenth of the run), then cosine.
     */
    static Schedule schedule(RunConfig c, Optimizer o, int stepsPerEpoch) {
        int epochs = c.epochs(), total = epochs * stepsPerEpoch;
        return switch (c.schedule()) {
            case "none" -> null;
            case "step" -> new Schedule(new StepDecay(o, Math.max(1, epochs / 3), 0.1f), false);
            case "exponential" -> new Schedule(new ExponentialDecay(o,
                    (float) Math.pow(0.01, 1.0 / Math.max(1, epochs - 1))), false);
            case "cosine" -> new Schedule(new CosineAnnealing(o, total), true);
            case "linear" -> new Schedule(new LinearAnnealing(o, total, (float) (c.lr() * 0.01)), true);
            default -> {
                int warm = Math.max(1, Math.min(stepsPerEpoch, total / 10));
                yield new Schedule(new LinearWarmup(new CosineAnnealing(o, Math.max(1, total - warm)), warm), true);
            }
        };
    }
}
