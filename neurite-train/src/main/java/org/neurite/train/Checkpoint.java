package org.neurite.train;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.neurite.io.SafeTensors;
import org.neurite.optim.OptimizerState;
import org.neurite.tensor.Rng;
import org.neurite.tensor.Tensor;

/**
 * A training checkpoint: everything needed to continue a run exactly.
 *
 * <pre>
 * dir/latest                  name of the newest complete checkpoint folder
 * dir/epoch-0003/model.safetensors      parameters and buffers (PyTorch state_dict names)
 * dir/epoch-0003/optimizer.safetensors  the optimiser's per-parameter buffers (moments, velocities)
 * dir/epoch-0003/trainer.json           epoch, optimiser counters and scalars, schedule, generator states,
 *                                       history, callbacks' state
 * </pre>
 *
 * A checkpoint folder is written under a temporary name and renamed when complete; {@code latest} is replaced
 * atomically after that, so a crash at any moment leaves the previous checkpoint intact and pointed to.
 */
public final class Checkpoint {
    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    static final String LATEST = "latest";

    private Checkpoint() {}

    static void save(Path dir, Trainer trainer, Trainer.Run run, List<Callback> callbacks, int epoch) throws IOException {
        Files.createDirectories(dir);
        String name = String.format("epoch-%04d", epoch);
        Path tmp = Files.createTempDirectory(dir, "." + name + "-");
        try {
            SafeTensors.save(trainer.model(), tmp.resolve("model.safetensors"));
            OptimizerState os = trainer.optimizer().state();
            Map<String, Tensor> buffers = new LinkedHashMap<>();
            os.buffers().forEach((k, v) -> buffers.put(k, Tensor.wrap(v, v.length)));
            SafeTensors.save(buffers, tmp.resolve("optimizer.safetensors"));
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("format", "neurite-checkpoint-1");
            json.put("epoch", epoch);
            json.put("optimizer", Map.of("name", os.optimizer(), "counters", os.counters(), "scalars", os.scalars()));
            if (trainer.schedule() != null) json.put("schedule", trainer.schedule().state());
            if (trainer.plateau() != null) json.put("plateau", trainer.plateau().state());
            Map<String, Long> gens = new LinkedHashMap<>();
            trainer.model().namedGenerators().forEach((k, r) -> gens.put(k, r.state()));
            json.put("generators", gens);
            json.put("history", run.history().epochs());
            json.put("stopRequested", run.stopRequested());
            List<Map<String, Object>> cbs = new ArrayList<>();
            for (int i = 0; i < callbacks.size(); i++) {
                Path cdir = tmp.resolve("callback-" + i);
                Map<String, Object> st = callbacks.get(i).state(cdir);
                if (!st.isEmpty()) cbs.add(Map.of("index", i, "type", callbacks.get(i).getClass().getName(), "state", st));
            }
            json.put("callbacks", cbs);
            JSON.writeValue(tmp.resolve("trainer.json").toFile(), json);
            Path target = dir.resolve(name);
            if (Files.exists(target)) deleteTree(target);
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE);
            Files2.writeAtomically(dir.resolve(LATEST), name + "\n");
        } finally {
            if (Files.exists(tmp)) deleteTree(tmp);
        }
        try (Stream<Path> old = Files.list(dir)) { // keep the newest two
            List<Path> folders = old.filter(p -> p.getFileName().toString().matches("epoch-\\d{4}")).sorted().toList();
            for (int i = 0; i < folders.size() - 2; i++) deleteTree(folders.get(i));
        }
    }

    /** A checkpoint read from disk, not yet applied. */
    record Loaded(Path dir, Map<String, Object> json) {
        /** Restores everything into the trainer's objects and the run; returns the checkpoint's epoch. */
        @SuppressWarnings("unchecked")
        int restoreInto(Trainer trainer, Trainer.Run run, List<Callback> callbacks) throws IOException {
            SafeTensors.load(trainer.model(), dir.resolve("model.safetensors"));
            Map<String, Object> o = (Map<String, Object>) json.get("optimizer");
            Map<String, Long> counters = new LinkedHashMap<>();
            ((Map<String, Number>) o.get("counters")).forEach((k, v) -> counters.put(k, v.longValue()));
            Map<String, Double> scalars = new LinkedHashMap<>();
            ((Map<String, Number>) o.get("scalars")).forEach((k, v) -> scalars.put(k, v.doubleValue()));
            Map<String, float[]> buffers = new LinkedHashMap<>();
            SafeTensors.load(dir.resolve("optimizer.safetensors")).forEach((k, t) -> buffers.put(k, t.toFloatArray()));
            trainer.optimizer().restore(new OptimizerState((String) o.get("name"), counters, scalars, buffers));
            if (trainer.schedule() != null && json.containsKey("schedule"))
                trainer.schedule().restore(doubles((Map<String, Number>) json.get("schedule")));
            if (trainer.plateau() != null && json.containsKey("plateau"))
                trainer.plateau().restore(doubles((Map<String, Number>) json.get("plateau")));
            Map<String, Number> gens = (Map<String, Number>) json.get("generators");
            for (Map.Entry<String, Rng> e : trainer.model().namedGenerators().entrySet()) {
                Number s = gens.get(e.getKey());
                if (s == null) throw new IOException(dir + ": no state for generator '" + e.getKey() + "'");
                e.getValue().setState(s.longValue());
            }
            for (Object r : (List<Object>) json.get("history")) run.history.add(JSON.convertValue(r, EpochRecord.class));
            for (Object c : (List<Object>) json.get("callbacks")) {
                Map<String, Object> cb = (Map<String, Object>) c;
                int i = ((Number) cb.get("index")).intValue();
                if (i >= callbacks.size() || !callbacks.get(i).getClass().getName().equals(cb.get("type")))
                    throw new IOException(dir + ": callback " + i + " was a " + cb.get("type")
                            + "; give the same callbacks, in the same order, as the interrupted run");
                callbacks.get(i).restore((Map<String, Object>) cb.get("state"), dir.resolve("callback-" + i));
            }
            if (Boolean.TRUE.equals(json.get("stopRequested"))) run.requestStop("stopped before the checkpoint");
            return ((Number) json.get("epoch")).intValue();
        }
    }

    private static Map<String, Double> doubles(Map<String, Number> m) {
        Map<String, Double> out = new LinkedHashMap<>();
        m.forEach((k, v) -> out.put(k, v.doubleValue()));
        return out;
    }

    /** The newest complete checkpoint in dir. */
    @SuppressWarnings("unchecked")
    static Loaded latest(Path dir) throws IOException {
        Path pointer = dir.resolve(LATEST);
        if (!Files.isRegularFile(pointer))
            throw new IOException(dir + ": no checkpoint found (missing '" + LATEST + "'); was the run started with checkpoints?");
        Path folder = dir.resolve(Files.readString(pointer).trim());
        Path json = folder.resolve("trainer.json");
        if (!Files.isRegularFile(json)) throw new IOException(folder + ": incomplete checkpoint (no trainer.json)");
        Map<String, Object> m = JSON.readValue(json.toFile(), Map.class);
        if (!"neurite-checkpoint-1".equals(m.get("format")))
            throw new IOException(json + ": not a Neurite checkpoint (format " + m.get("format") + ")");
        return new Loaded(folder, m);
    }

    /** The epoch of the newest checkpoint in dir. */
    public static int latestEpoch(Path dir) throws IOException {
        return ((Number) latest(dir).json().get("epoch")).intValue();
    }

    static void deleteTree(Path p) throws IOException {
        if (!Files.exists(p)) return;
        try (Stream<Path> s = Files.walk(p)) {
            for (Path q : s.sorted(java.util.Comparator.reverseOrder()).toList()) Files.deleteIfExists(q);
        }
    }
}
