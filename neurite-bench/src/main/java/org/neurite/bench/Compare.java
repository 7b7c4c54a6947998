package org.neurite.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * Runs Neurite's W1/W2 workloads beside other frameworks' scripts (../shared/peers) in interleaved rounds —
 * peer, Neurite, peer, Neurite, ... — because the host's speed drifts by up to 1.8x within minutes, so only
 * figures from the same round compare. Each run is a fresh process under /usr/bin/time -v (peak RSS). Prints each
 * run, then per workload the median of the per-round ratios Neurite / peer, with the absolute medians beside them.
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Neurite vs other frameworks on the W1 (MLP) and W2 (CNN) workloads, in interleaved rounds.")
public final class Compare implements Callable<Integer> {
    @Option(names = "--workloads", split = ",", defaultValue = "mlp,cnn", description = "mlp, cnn (default: ${DEFAULT-VALUE})")
    List<String> workloads;

    @Option(names = "--rounds", defaultValue = "3", description = "Interleaved rounds (default: ${DEFAULT-VALUE})")
    int rounds;

    @Option(names = "--peers", split = ";", defaultValue = "torch-debian:BLAS=openblas-openmp",
            description = "Peers as name[:ENV=VAL,...], separated by ';' (default: ${DEFAULT-VALUE}); 'none' for Neurite alone")
    List<String> peers;

    @Option(names = "--peers-dir", defaultValue = "../shared/peers", description = "Folder of the peers' scripts")
    Path peersDir;

    @Option(names = "--epochs", defaultValue = "2", description = "Timed epochs per run (default: ${DEFAULT-VALUE})")
    int epochs;

    @Option(names = "--steady-from", defaultValue = "0", description = "Also give training throughput over epochs N"
            + " to the last only (1-based), without the first epochs' JIT compiles; 0 (default) leaves it out")
    int steadyFrom;

    @Option(names = "--neurite-cmd", required = true, description = "Command that runs Neurite's workload; the workload name is appended")
    String neuriteCmd;

    @Option(names = "--out", description = "Append every run's JSON to this file")
    Path out;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    private static final ObjectMapper JSON = new ObjectMapper();

    record Run(String who, String workload, int round, JsonNode result, long rssKb) {
        double median(String field) {
            return median(field, 0);
        }

        /** The median of an array field's entries from index {@code from} on (a scalar field: its value). */
        double median(String field, int from) {
            JsonNode a = result.get(field);
            if (a == null) return Double.NaN;
            if (!a.isArray()) return a.asDouble();
            if (a.size() <= from) return Double.NaN;
            double[] v = new double[a.size() - from];
            for (int i = 0; i < v.length; i++) v[i] = a.get(from + i).asDouble();
            Arrays.sort(v);
            return v.length % 2 == 1 ? v[v.length / 2] : (v[v.length / 2 - 1] + v[v.length / 2]) / 2;
        }
    }

    @Override
    public Integer call() throws Exception {
        if (steadyFrom < 0 || steadyFrom > epochs)
            throw new CommandLine.ParameterException(spec.commandLine(), "bench: --steady-from " + steadyFrom
                    + " is not an epoch of the " + epochs + " timed (--epochs)");
        List<Run> runs = new ArrayList<>();
        List<String> peerList = peers.size() == 1 && peers.get(0).equals("none") ? List.of() : peers;
        for (int r = 1; r <= rounds; r++) {
            for (String w : workloads) {
                for (String peer : peerList) runs.add(runPeer(peer, w, r));
                runs.add(runNeurite(w, r));
            }
        }
        System.out.println();
        System.out.println("| workload | framework | train img/s | infer img/s | test acc | start-up s | peak RSS MiB | round |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        for (Run run : runs)
            System.out.printf(Locale.ROOT, "| %s | %s | %.0f | %.0f | %.4f | %.2f | %d | %d |%n", run.workload(), run.who(),
                    run.median("train_img_s"), run.median("infer_img_s"), run.median("test_acc"),
                    run.median("startup_s"), run.rssKb() / 1024, run.round());
        for (String peer : peerList) {
            System.out.println();
            System.out.println("Neurite / " + peer + ": median of per-round ratios (medians of absolute figures)");
            System.out.println("| workload | train | infer | start-up (s, lower is better) | peak RSS (lower is better) |");
            System.out.println("|---|---|---|---|---|");
            List<String> steady = new ArrayList<>();
            for (String w : workloads) {
                Map<String, List<Double>> ratios = new LinkedHashMap<>();
                List<Run> mine = new ArrayList<>(), theirs = new ArrayList<>();
                for (int r = 1; r <= rounds; r++) {
                    Run n = find(runs, "neurite", w, r), p = find(runs, peer, w, r);
                    if (n == null || p == null) continue;
                    mine.add(n);
                    theirs.add(p);
                    for (String f : List.of("train_img_s", "infer_img_s", "startup_s"))
                        ratios.computeIfAbsent(f, k -> new ArrayList<>()).add(n.median(f) / p.median(f));
                    if (steadyFrom > 0) ratios.computeIfAbsent("steady", k -> new ArrayList<>())
                            .add(n.median("train_img_s", steadyFrom - 1) / p.median("train_img_s", steadyFrom - 1));
                    ratios.computeIfAbsent("rss", k -> new ArrayList<>()).add((double) n.rssKb() / p.rssKb());
                }
                System.out.printf(Locale.ROOT, "| %s | %.2fx (%.0f vs %.0f) | %.2fx (%.0f vs %.0f) | %.2fx (%.2f vs %.2f) | %.2fx (%d vs %d MiB) |%n", w,
                        med(ratios.get("train_img_s")), med(mine, "train_img_s"), med(theirs, "train_img_s"),
                        med(ratios.get("infer_img_s")), med(mine, "infer_img_s"), med(theirs, "infer_img_s"),
                        med(ratios.get("startup_s")), med(mine, "startup_s"), med(theirs, "startup_s"),
                        med(ratios.get("rss")), (long) medRss(mine) / 1024, (long) medRss(theirs) / 1024);
                if (steadyFrom > 0 && ratios.containsKey("steady")) {
                    List<String> perRound = ratios.get("steady").stream()
                            .map(x -> String.format(Locale.ROOT, "%.2f", x)).toList();
                    steady.add(String.format(Locale.ROOT, "%s: %.2fx (%.0f vs %.0f img/s; per round %s)", w,
                            med(ratios.get("steady")), med(mine, "train_img_s", steadyFrom - 1),
                            med(theirs, "train_img_s", steadyFrom - 1), perRound));
                }
            }
            if (!steady.isEmpty()) {
                System.out.println();
                System.out.println("Training over epochs " + steadyFrom + "-" + epochs + " only (the JIT warmed up):");
                steady.forEach(System.out::println);
            }
        }
        return 0;
    }

    private static Run find(List<Run> runs, String who, String w, int round) {
        for (Run r : runs) if (r.who().equals(who) && r.workload().equals(w) && r.round() == round) return r;
        return null;
    }

    private static double med(List<Double> v) {
        if (v == null || v.isEmpty()) return Double.NaN;
        double[] a = v.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        return a.length % 2 == 1 ? a[a.length / 2] : (a[a.length / 2 - 1] + a[a.length / 2]) / 2;
    }

    private static double med(List<Run> runs, String field) {
        return med(runs, field, 0);
    }

    /** The median over runs of each run's median of field's entries from index from on. */
    private static double med(List<Run> runs, String field, int from) {
        return med(runs.stream().map(r -> r.median(field, from)).toList());
    }

    private static double medRss(List<Run> runs) {
        return med(runs.stream().map(r -> (double) r.rssKb()).toList());
    }

    private Run runPeer(String spec, String workload, int round) throws IOException, InterruptedException {
        String[] parts = spec.split(":", 2);
        Path script = peersDir.resolve(parts[0]).resolve("run.sh");
        if (!Files.isExecutable(script)) throw new IllegalArgumentException("bench: no peer script " + script);
        ProcessBuilder pb = new ProcessBuilder(script.toString(), workload);
        if (parts.length > 1) for (String kv : parts[1].split(",")) {
            String[] e = kv.split("=", 2);
            pb.environment().put(e[0], e[1]);
        }
        pb.environment().put("EPOCHS", String.valueOf(epochs));
        return run(spec, workload, round, pb);
    }

    private Run runNeurite(String workload, int round) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("/usr/bin/time", "-v", "bash", "-c",
                // T0_NS just before exec, as the peers' run.sh sets it: start-up then includes the JVM's own boot.
                "export T0_NS=$(date +%s%N); exec " + neuriteCmd + " " + workload));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("EPOCHS", String.valueOf(epochs));
        return run("neurite", workload, round, pb);
    }

    private Run run(String who, String workload, int round, ProcessBuilder pb) throws IOException, InterruptedException {
        System.out.printf("[round %d] %s %s ... ", round, who, workload);
        System.out.flush();
        pb.redirectErrorStream(true);
        Process p = pb.start();
        JsonNode result = null;
        long rss = 0;
        StringBuilder log = new StringBuilder();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream()))) {
            for (String line; (line = r.readLine()) != null; ) {
                log.append(line).append('\n');
                if (line.startsWith("RESULT ")) result = JSON.readTree(line.substring(7));
                if (line.contains("Maximum resident set size")) rss = Long.parseLong(line.replaceAll("\\D", ""));
            }
        }
        int code = p.waitFor();
        if (result == null || code != 0) {
            System.out.println("failed (exit " + code + ")");
            System.out.println(log);
            throw new IllegalStateException("bench: " + who + " " + workload + " printed no RESULT line");
        }
        System.out.printf(Locale.ROOT, "train %.0f img/s, infer %.0f img/s, acc %.4f%n", new Run(who, workload, round, result, rss)
                .median("train_img_s"), result.get("infer_img_s").asDouble(), result.get("test_acc").asDouble());
        if (out != null)
            Files.writeString(out, JSON.writeValueAsString(Map.of("who", who, "round", round, "rss_kb", rss, "result", result)) + "\n",
                    java.nio.file.StandardOpenOption.CREATE, java.nio.file.StandardOpenOption.APPEND);
        return new Run(who, workload, round, result, rss);
    }

    public static void main(String[] args) {
        System.exit(new CommandLine(new Compare()).execute(args));
    }
}
