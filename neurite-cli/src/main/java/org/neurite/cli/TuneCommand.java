package org.neurite.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.neurite.nn.Module;
import org.neurite.nn.loss.Losses;
import org.neurite.train.Trainer;
import org.neurite.train.tune.Tuner;
import org.neurite.train.tune.TuningResult;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code neurite tune}: the course's order of tuning, the learning rate first with the batch size fixed, then the
 * batch size at the best rate; each trial trains a fresh model and is scored by its best validation accuracy.
 */
@Command(name = "tune", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Search the learning rate (log grid or random), then the batch size at the best rate.",
                "Writes trials.csv and tuning.png/svg into --out and prints the table of trials."})
final class TuneCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--model", defaultValue = "mlp", paramLabel = "PRESET|FILE",
            description = "perceptron, mlp, cnn, resnet, or a JSON model spec file (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--optimizer", defaultValue = "sgd", paramLabel = "NAME",
            description = "sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr-range", defaultValue = "1e-4:1:9", paramLabel = "LO:HI:N",
            description = "Log grid of N rates from LO to HI (default: ${DEFAULT-VALUE}).")
    String lrRange;

    @Option(names = "--random", paramLabel = "N", description = "Instead of the grid, N log-uniform random rates in the range.")
    Integer random;

    @Option(names = "--batch-sizes", split = ",", defaultValue = "32,8,128", paramLabel = "LIST",
            description = "The first is used while searching the rate (default: ${DEFAULT-VALUE}).")
    List<Integer> batchSizes;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs per trial (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of every trial (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--val-split", defaultValue = "0.1", paramLabel = "FRACTION",
            description = "Fraction of the training set held out for validation (default: ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--out", defaultValue = "runs/tune", paramLabel = "DIR", description = "Where trials.csv and the plot go (default: ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        PrintWriter pw = spec.commandLine().getOut();
        if (epochs < 1) throw new UserError("--epochs must be at least 1, got " + epochs);
        if (valSplit <= 0 || valSplit >= 1) throw new UserError("--val-split must be in (0, 1) for tuning, got " + valSplit);
        for (int b : batchSizes) if (b < 1) throw new UserError("--batch-sizes must all be at least 1, got " + b);
        String[] r = lrRange.split(":");
        double lo, hi;
        int n;
        try {
            lo = Double.parseDouble(r[0]);
            hi = Double.parseDouble(r[1]);
            n = Integer.parseInt(r[2]);
        } catch (RuntimeException e) {
            throw new UserError("--lr-range must look like 1e-4:1:9 (LO:HI:N), got '" + lrRange + "'");
        }
        if (!(lo > 0 && hi > lo && n >= 1)) throw new UserError("--lr-range needs 0 < LO < HI and N >= 1, got '" + lrRange + "'");
        Optimizers.check(optimizer, "none");
        data.check();
        DataChoice.Loaded loaded = data.load(valSplit, seed);
        Tuner tuner = new Tuner((lr, batchSize, trialSeed) -> {
            RunConfig c = new RunConfig(data.dataset, null, model, epochs, batchSize, optimizer, lr, 0.9, null, 0, "none",
                    -1, null, trialSeed, 0, 0, valSplit, null, 0, null);
            Module m = ModelChoice.build(model, null, data.dataset, loaded.shape(), loaded.classes(), c.dropout(), trialSeed);
            return Trainer.of(m).loss(Losses::crossEntropy).optimizer(Optimizers.build(c, m.parameters()))
                    .batchSize(batchSize).workers(0);
        }).epochs(epochs).seed(seed).batchSizes(batchSizes.stream().mapToInt(Integer::intValue).toArray())
                .log(Training.printStream(pw));
        if (random != null) tuner.randomSearch(random, lo, hi, seed);
        else tuner.logGrid(lo, hi, n);
        pw.printf("tuning %s (%s) on %s: %d learning rates at batch size %d, then batch sizes %s%n", model, optimizer,
                data.dataset, tuner.learningRates().length, batchSizes.get(0), batchSizes);
        pw.flush();
        TuningResult result = tuner.run(loaded.train(), loaded.validation());
        result.write(out);
        pw.println(result.table());
        pw.printf("best: learning rate %.3g, batch size %d (validation accuracy %.2f%%); trials in %s%n",
                result.bestLearningRate(), result.bestBatchSize(), 100 * result.best().valAccuracy(), out.resolve("trials.csv"));
        pw.flush();
        return 0;
    }
}
