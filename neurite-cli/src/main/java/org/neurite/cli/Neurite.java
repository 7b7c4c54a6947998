package org.neurite.cli;

import java.io.PrintWriter;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code neurite} command: one subcommand per job. Bad usage prints one line and exits with code 2. */
@Command(name = "neurite", mixinStandardHelpOptions = true, version = "neurite 0.1.0",
        description = "Train, evaluate and inspect neural networks on the JVM.",
        subcommands = {DemoCommand.class, CommandLine.HelpCommand.class})
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
            boolean verbose = java.util.Arrays.asList(parseResult.originalArgs().toArray()).contains("--verbose");
            if (verbose) ex.printStackTrace(err);
            else err.println("neurite: " + (ex.getMessage() != null ? ex.getMessage() : ex.toString()));
            err.flush();
            return ex instanceof IllegalArgumentException || ex instanceof java.io.IOException ? 2 : 1;
        });
        return cl;
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
