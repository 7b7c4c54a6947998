package org.neurite.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.neurite.io.SafeTensors;
import org.neurite.nn.Module;
import picocli.CommandLine.Option;

/**
 * The options that name a trained model for {@code evaluate} and {@code predict}: the weights file, and the model and
 * dataset it was trained with. When the weights sit in a run directory, its run.json supplies whatever is not given.
 */
final class TrainedModel {
    @Option(names = "--model-file", required = true, paramLabel = "FILE",
            description = "Weights to load, e.g. runs/x/best.safetensors.")
    Path modelFile;

    @Option(names = "--model", paramLabel = "PRESET|FILE",
            description = "The model the weights belong to (default: from run.json next to the weights).")
    String model;

    @Option(names = "--dataset", paramLabel = "NAME", description = "digits, fashion-mnist or mnist (default: from run.json, else digits).")
    String dataset;

    @Option(names = "--data-dir", paramLabel = "DIR", description = "Folder holding the dataset's IDX .gz files.")
    Path dataDir;

    /** What was resolved: the loaded model, its dataset and (when found) the run's settings. */
    record Resolved(Module model, String modelName, String dataset, Path dataDir, RunConfig run) {}

    Resolved load() throws IOException {
        if (!Files.isRegularFile(modelFile))
            throw new UserError("--model-file " + modelFile + ": no such file (the run directory holds best.safetensors "
                    + "and final.safetensors)");
        Path runDir = modelFile.toAbsolutePath().getParent();
        RunConfig run = Files.isRegularFile(runDir.resolve(RunConfig.FILE)) ? RunConfig.read(runDir) : null;
        String m = model != null ? model : run != null ? run.model() : null;
        if (m == null)
            throw new UserError("no --model given and no run.json next to " + modelFile + "; give the --model (preset or "
                    + "spec file) the weights were trained with");
        Path base = model == null && run != null ? runDir : null; // a spec named in run.json lives in the run directory
        String ds = dataset != null ? dataset : run != null ? run.dataset() : "digits";
        DataChoice.check(ds);
        Path dd = dataDir != null ? dataDir : run != null && run.dataDir() != null ? Path.of(run.dataDir()) : null;
        double dropout = run != null && model == null ? run.dropout() : -1;
        long seed = run != null ? run.seed() : 42;
        Module net = ModelChoice.build(m, base, ds, DataChoice.shape(ds), DataChoice.classes(ds), dropout, seed);
        try {
            SafeTensors.load(net, modelFile);
        } catch (IllegalArgumentException e) {
            throw new UserError(modelFile + " does not hold weights for model '" + m + "' on " + ds + " ("
                    + e.getMessage() + "); give the --model and --dataset it was trained with", e);
        }
        return new Resolved(net, m, ds, dd, run);
    }
}
