package org.neurite.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** Runs the neurite command in-process and keeps its exit code, standard output and error output. */
record Cli(int code, String out, String err) {
    static Cli run(String... args) {
        StringWriter out = new StringWriter(), err = new StringWriter();
        int code = Neurite.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Cli(code, out.toString(), err.toString());
    }

    @Override
    public String toString() {
        return "exit " + code + "\n--- out:\n" + out + "\n--- err:\n" + err;
    }
}
