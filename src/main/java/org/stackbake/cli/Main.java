package org.stackbake.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

/** Entry point: wires the command tree to the error mapper and the process streams. */
public final class Main {

    public static void main(String[] args) {
        System.exit(run(args, new PrintWriter(System.out, true), new PrintWriter(System.err, true)));
    }

    /** Runs one invocation with injected streams (tests capture them) and returns the exit code. */
    public static int run(String[] args, PrintWriter out, PrintWriter err) {
        CommandLine cli = new CommandLine(new StackbakeCommand());
        ErrorMapper errors = new ErrorMapper();
        cli.setOut(out);
        cli.setErr(err);
        cli.setExecutionExceptionHandler(errors);
        cli.setParameterExceptionHandler(errors);
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        int code = cli.execute(args);
        out.flush();
        err.flush();
        return code;
    }

    private Main() {}
}
