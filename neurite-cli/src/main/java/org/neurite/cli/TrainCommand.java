package org.neurite.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.concurrent.Callable;
import org.neurite.nn.Module;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code neurite train}: trains a model and writes its run directory (see README.md, "The run directory"). */
@Command(name = "train", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Train a model and write a run directory: history.csv, final and best weights, plots and "
                + "report.html.", "With no options: the cnn preset on the embedded 8x8 digits, 10 epochs, in seconds."})
final class TrainCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataOptions data;

    @Option(names = "--model", defaultValue = "cnn", paramLabel = "PRESET|FILE",
            description = "perceptron, mlp, cnn, resnet, or a JSON model spec file (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = "--epochs", defaultValue = "10", description = "Epoch budget (default: ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "64", description = "Mini-batch size; 1 = online (default: ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--optimizer", defaultValue = "adam", paramLabel = "NAME",
            description = "sgd, momentum, nesterov, adagrad, rmsprop, adam, adamw (default: ${DEFAULT-VALUE}).")
    String optimizer;

    @Option(names = "--lr", description = "Learning rate (default: 0.05 sgd; 0.01 momentum, nesterov, adagrad; 0.001 others).")
    Double lr;

    @Option(names = "--momentum", defaultValue = "0.9", description = "Momentum alpha for momentum/nesterov (default: ${DEFAULT-VALUE}).")
    double momentum;

    @Option(names = {"--weight-decay", "--l2"}, paramLabel = "LAMBDA",
            description = "L2 regularisation lambda (decoupled weight decay for adamw; default 0, adamw 0.01).")
    Double weightDecay;

    @Option(names = "--l1", defaultValue = "0", paramLabel = "MU", description = "L1 regularisation mu (default: ${DEFAULT-VALUE}).")
    double l1;

    @Option(names = "--schedule", defaultValue = "none", paramLabel = "NAME",
            description = "none, step, cosine, linear, exponential, warmup-cosine (default: ${DEFAULT-VALUE}).")
    String schedule;

    @Option(names = "--dropout", paramLabel = "P", description = "Dropout probability (default: the preset's: mlp 0.1, cnn 0.5, resnet 0).")
    Double dropout;

    @Option(names = "--tta", defaultValue = "none", paramLabel = "VIEWS",
            description = "Test-time augmentation for the final test evaluation, reported beside the plain one: none, or "
                    + "flip (average each image's and its mirror image's predicted probabilities). Default: ${DEFAULT-VALUE}.")
    String tta;

    @Option(names = "--label-smoothing", defaultValue = "0", paramLabel = "EPS",
            description = "Cross-entropy against (1 - EPS) one-hot + EPS / classes (default: ${DEFAULT-VALUE}).")
    double labelSmoothing;

    @Option(names = "--augment", paramLabel = "LIST", description = "Online augmentation, e.g. crop,flip or "
            + "crop:2,rotate:10 (crop, flip, rotate, translate, noise, brightness, contrast, erase).")
    String augment;

    @Option(names = "--seed", defaultValue = "42", description = "Seed of weights, dropout, shuffling, augmentation (default: ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--workers", defaultValue = "0", description = "Background threads preparing batches; 0 = made "
            + "ahead by the kernels' threads between their loops (default: ${DEFAULT-VALUE}).")
    int workers;

    @Option(names = "--patience", defaultValue = "0", description = "Early stopping: stop after this many epochs "
            + "without a better val_loss; 0 = off (default: ${DEFAULT-VALUE}).")
    int patience;

    @Option(names = "--val-split", defaultValue = "0.1", paramLabel = "FRACTION", description = "Fraction of the "
            + "training set held out for validation; 0 = validate on the test set (default: ${DEFAULT-VALUE}).")
    double valSplit;

    @Option(names = "--out", paramLabel = "DIR", description = "Run directory (default: runs/<dataset>-<model>-<time>).")
    Path out;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        PrintWriter pw = spec.commandLine().getOut();
        if (epochs < 1) throw new UserError("--epochs must be at least 1, got " + epochs);
        if (batchSize < 1) throw new UserError("--batch-size must be at least 1, got " + batchSize);
        if (workers < 0) throw new UserError("--workers must be 0 or more, got " + workers);
        if (patience < 0) throw new UserError("--patience must be 0 or more, got " + patience);
        if (dropout != null && !(dropout >= 0 && dropout < 1)) throw new UserError("--dropout must be in [0, 1), got " + dropout);
        if (!(labelSmoothing >= 0 && labelSmoothing < 1))
            throw new UserError("--label-smoothing must be in [0, 1), got " + labelSmoothing);
        Optimizers.check(optimizer, schedule);
        Augmentations.parse(augment); // reject a bad list before loading data
        Augmentations.checkTestTime(tta);
        data.check();
        Path runDir = out != null ? out : Path.of("runs", data.dataset + "-" + (ModelChoice.isSpec(model)
                ? Path.of(model).getFileName().toString().replaceFirst("\\.json$", "") : model) + "-"
                + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        if (Files.exists(runDir.resolve(RunConfig.FILE)))
            throw new UserError(runDir + " already holds a run; continue it with 'neurite resume --out " + runDir
                    + "' or choose another --out");
        RunConfig c = new RunConfig(data.dataset, data.dataDir == null ? null : data.dataDir.toString(), model, epochs,
                batchSize, optimizer, lr != null ? lr : Optimizers.defaultLr(optimizer), momentum, weightDecay, l1,
                schedule, dropout != null ? dropout : -1, augment, seed, workers, patience, valSplit, null, labelSmoothing, tta);
        DataChoice.Loaded loaded = data.load(valSplit, seed);
        Module m = ModelChoice.build(model, null, data.dataset, loaded.shape(), loaded.classes(), c.dropout(), seed);
        Files.createDirectories(runDir);
        if (ModelChoice.isSpec(model)) { // keep the spec with the run, so resume and evaluate find it
            Files.copy(Path.of(model), runDir.resolve("model.json"), StandardCopyOption.REPLACE_EXISTING);
            c = c.withModel("model.json");
        }
        c.write(runDir);
        pw.printf("training %s on %s (%,d training, %,d validation, %,d test examples; %,d parameters) into %s%n",
                model, data.dataset, loaded.train().size(), loaded.validation().size(), loaded.test().size(),
                m.parameterCount(), runDir);
        pw.flush();
        Training.run(c, runDir, loaded, m, false, epochs, pw);
        return 0;
    }
}
