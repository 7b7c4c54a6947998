package org.neurite.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.neurite.nn.Module;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * {@code neurite resume}: continues a run from its newest checkpoint with the settings saved in its run.json; with the
 * same seed the final weights equal those of a run that was never interrupted.
 */
@Command(name = "resume", mixinStandardHelpOptions = true, sortOptions = false,
        description = "Continue a run from its last checkpoint (settings from <run>/run.json), then rewrite its report.")
final class ResumeCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "The run directory to continue.")
    Path out;

    @Option(names = "--epochs", description = "A new epoch budget (default: the run's own); the schedule keeps its length.")
    Integer epochs;

    @Option(names = "--workers", description = "Threads preparing batches (default: the run's own).")
    Integer workers;

    @Option(names = "--verbose", description = "Print stack traces on errors.")
    boolean verbose;

    @Override
    public Integer call() throws IOException {
        if (!Files.isDirectory(out)) throw new UserError("--out " + out + ": no such run directory");
        RunConfig c = RunConfig.read(out);
        if (workers != null) c = c.withWorkers(workers);
        if (!Files.isRegularFile(out.resolve(Training.CHECKPOINTS).resolve("latest")))
            throw new UserError(out + " has no checkpoint yet (nothing to resume); start it again with 'neurite train'");
        int budget = epochs != null ? epochs : c.budget();
        if (budget < 1) throw new UserError("--epochs must be at least 1, got " + budget);
        if (budget != c.budget()) {
            c = c.withEpochBudget(budget);
            c.write(out); // the next resume (and the report) see the new budget; the schedule keeps its length
        }
        DataChoice.Loaded data = DataChoice.load(c.dataset(), c.dataDir() == null ? null : Path.of(c.dataDir()),
                c.valSplit(), c.seed());
        Module m = ModelChoice.build(c.model(), out, c.dataset(), data.shape(), data.classes(), c.dropout(), c.seed());
        var pw = spec.commandLine().getOut();
        pw.printf("resuming %s on %s in %s (epoch budget %d)%n", c.model(), c.dataset(), out, budget);
        Training.run(c, out, data, m, true, budget, pw);
        return 0;
    }
}
