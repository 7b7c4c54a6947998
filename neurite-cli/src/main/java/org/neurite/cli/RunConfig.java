package org.neurite.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.neurite.data.io.AtomicFiles;

/**
 * Everything {@code neurite train} was asked to do, saved as {@code run.json} in the run directory, so that
 * {@code neurite resume} rebuilds the same model, optimiser, schedule and data, and {@code evaluate}/{@code predict}
 * know the model and dataset of a weights file. {@code weightDecay} is null for the optimiser's default.
 * {@code epochs} sets the schedule's length; {@code epochBudget} is where training stops when {@code resume --epochs}
 * changed it (null: at {@code epochs}). {@code tta} is the test-time augmentation of the final test evaluation (null or
 * "none" in run files written before it existed: none).
 */
record RunConfig(String dataset, String dataDir, String model, int epochs, int batchSize, String optimizer, double lr,
                 double momentum, Double weightDecay, double l1, String schedule, double dropout, String augment,
                 long seed, int workers, int patience, double valSplit, Integer epochBudget,
                 double labelSmoothing, String tta) {

    static final String FILE = "run.json";
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    RunConfig withModel(String m) {
        return new RunConfig(dataset, dataDir, m, epochs, batchSize, optimizer, lr, momentum, weightDecay, l1, schedule,
                dropout, augment, seed, workers, patience, valSplit, epochBudget, labelSmoothing, tta);
    }

    RunConfig withEpochBudget(int e) {
        return new RunConfig(dataset, dataDir, model, epochs, batchSize, optimizer, lr, momentum, weightDecay, l1, schedule,
                dropout, augment, seed, workers, patience, valSplit, e == epochs ? null : e, labelSmoothing, tta);
    }

    /** The epoch training stops at: the resumed budget if one was set, else {@code epochs}. */
    int budget() {
        return epochBudget != null ? epochBudget : epochs;
    }

    RunConfig withEpochs(int e) {
        return new RunConfig(dataset, dataDir, model, e, batchSize, optimizer, lr, momentum, weightDecay, l1, schedule,
                dropout, augment, seed, workers, patience, valSplit, epochBudget, labelSmoothing, tta);
    }

    RunConfig withWorkers(int w) {
        return new RunConfig(dataset, dataDir, model, epochs, batchSize, optimizer, lr, momentum, weightDecay, l1,
                schedule, dropout, augment, seed, w, patience, valSplit, epochBudget, labelSmoothing, tta);
    }

    void write(Path runDir) throws IOException {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", "neurite-run-1");
        m.put("config", this);
        byte[] bytes = JSON.writeValueAsString(m).getBytes(StandardCharsets.UTF_8);
        AtomicFiles.write(runDir.resolve(FILE), out -> out.write(bytes));
    }

    static RunConfig read(Path runDir) throws IOException {
        Path f = runDir.resolve(FILE);
        if (!Files.isRegularFile(f))
            throw new NoSuchFileException(f + ": not found; is " + runDir + " a run directory written by 'neurite train'?");
        try {
            var tree = JSON.readTree(f.toFile());
            if (tree == null || !"neurite-run-1".equals(tree.path("format").asText()))
                throw new IOException(f + ": not a Neurite run file (no \"format\": \"neurite-run-1\")");
            return JSON.treeToValue(tree.get("config"), RunConfig.class);
        } catch (com.fasterxml.jackson.core.JacksonException e) {
            throw new IOException(f + ": unreadable run file: " + e.getOriginalMessage(), e);
        }
    }

    /** The settings as the report's hyper-parameter table. */
    Map<String, String> table() {
        Map<String, String> t = new LinkedHashMap<>();
        t.put("dataset", dataset + (dataDir != null ? " (" + dataDir + ")" : ""));
        t.put("model", model);
        t.put("epochs", String.valueOf(epochs));
        if (epochBudget != null) t.put("epoch budget (resume --epochs)", String.valueOf(epochBudget));
        t.put("batch size", String.valueOf(batchSize));
        t.put("optimizer", optimizer);
        t.put("learning rate", String.valueOf(lr));
        if (optimizer.equals("momentum") || optimizer.equals("nesterov")) t.put("momentum", String.valueOf(momentum));
        t.put(optimizer.equals("adamw") ? "weight decay (decoupled)" : "L2 weight decay",
                weightDecay == null ? "optimizer default" : String.valueOf(weightDecay));
        if (l1 > 0) t.put("L1", String.valueOf(l1));
        t.put("schedule", schedule);
        if (labelSmoothing > 0) t.put("label smoothing", String.valueOf(labelSmoothing));
        t.put("dropout", dropout < 0 ? "preset default" : String.valueOf(dropout));
        t.put("augmentation", augment == null || augment.isBlank() ? "none" : augment);
        if (tta != null && !tta.equals("none")) t.put("test-time augmentation", tta + " (the test result is also given without)");
        t.put("early stopping patience", patience > 0 ? String.valueOf(patience) : "off");
        t.put("validation split", valSplit > 0 ? valSplit + " of the training set" : "the test set");
        t.put("seed", String.valueOf(seed));
        t.put("loader workers", String.valueOf(workers));
        return t;
    }
}
