package org.neurite.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code neurite} command: one subcommand per job. Bad usage prints one line and exits with code 2. */
@Command(name = "neurite", mixinStandardHelpOptions = true, version = "neurite 0.1.0",
        description = "Train, evaluate and inspect neural networks on the JVM.",
        subcommands = {TuneCommand.class, TrainCommand.class, EvaluateCommand.class, PredictCommand.class, SummaryCommand.class,
                ResumeCommand.class, DemoCommand.class, CommandLine.HelpCommand.class})
public final class Neurite implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    /** Builds the command line with Neurite's error handling (one line, exit 2, stack trace only with --verbose). */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new Neurite());
        cl.setOut(out);
        cl.setErr(err);
        cl.setParameterExceptionHandler((ex, args) -> {
            err.println("neurite: " + ex.getMessage() + " (see 'neurite " + commandName(ex.getCommandLine()) + " --help')");
            err.flush();
            return 2;
        });
        cl.setExecutionExceptionHandler((ex, c, parseResult) -> {
            boolean verbose = parseResult.originalArgs().contains("--verbose");
            if (verbose) ex.printStackTrace(err);
            else err.println("neurite: " + message(ex));
            err.flush();
            return isUserError(ex) ? 2 : 1;
        });
        return cl;
    }

    /**
     * Bad input, not a bug: a usage mistake, a bad argument or shape, a missing or corrupt file. Exit code 2; anything
     * else (a bug, training diverging) is 1.
     */
    static boolean isUserError(Throwable ex) {
        return ex instanceof UserError || ex instanceof IllegalArgumentException || ex instanceof java.io.IOException
                || ex instanceof java.io.UncheckedIOException;
    }

    /** The one line printed for an error: its message, or the cause's when the wrapper adds nothing. */
    static String message(Throwable ex) {
        if (ex instanceof java.io.UncheckedIOException u && u.getCause() != null && u.getCause().getMessage() != null
                && (u.getMessage() == null || u.getMessage().endsWith(u.getCause().getMessage()))) ex = u.getCause();
        String m = ex.getMessage() != null ? ex.getMessage() : ex.toString();
        if (ex instanceof java.nio.file.NoSuchFileException && !m.contains(" ")) m += ": no such file";
        int nl = m.indexOf('\n');
        return nl >= 0 ? m.substring(0, nl) : m;
    }

    private static String commandName(CommandLine c) {
        return c.getCommandName().equals("neurite") ? "" : c.getCommandName();
    }

    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true), err = new PrintWriter(System.err, true);
        int code = commandLine(out, err).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
