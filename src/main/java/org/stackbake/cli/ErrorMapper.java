package org.stackbake.cli;

import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.NoSuchFileException;
import org.stackbake.StackbakeException;
import org.stackbake.spec.SpecException;
import org.stackbake.spec.SpecProblem;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParseResult;

/**
 * The one place that turns exceptions into messages and exit codes: 2 for bad input or usage,
 * 1 for anything that failed while doing the work. Messages are one line,
 * {@code stackbake: error: <where>: <what> (hint: ...)}; {@code --verbose} adds the stack trace.
 */
final class ErrorMapper implements IExecutionExceptionHandler, IParameterExceptionHandler {
    static final String PREFIX = "stackbake: error: ";

    @Override
    public int handleParseException(ParameterException e, String[] args) {
        PrintWriter err = e.getCommandLine().getErr();
        err.println(PREFIX + e.getMessage() + " (hint: " + e.getCommandLine().getCommandName() + " --help)");
        return ExitCodes.INVALID_INPUT;
    }

    @Override
    public int handleExecutionException(Exception e, CommandLine cli, ParseResult parsed) {
        PrintWriter err = cli.getErr();
        int code = report(e, err);
        if (verbose(parsed)) {
            e.printStackTrace(err);
        }
        return code;
    }

    static int report(Exception e, PrintWriter err) {
        if (e instanceof SpecException spec) {
            for (SpecProblem problem : spec.problems()) {
                err.println(PREFIX + problem.oneLine());
            }
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof StackbakeException failure) {
            err.println(PREFIX + failure.getMessage() + (failure.hint().isEmpty() ? "" : " (hint: " + failure.hint() + ")"));
            return failure.kind() == StackbakeException.Kind.INVALID_INPUT ? ExitCodes.INVALID_INPUT : ExitCodes.FAILURE;
        }
        if (e instanceof FileAlreadyExistsException exists) {
            err.println(PREFIX + exists.getFile() + ": " + (exists.getReason() == null ? "already exists" : exists.getReason())
                    + " (hint: choose another path or pass --force)");
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof NoSuchFileException missing) {
            err.println(PREFIX + missing.getFile() + ": no such file or directory");
            return ExitCodes.INVALID_INPUT;
        }
        if (e instanceof AccessDeniedException denied) {
            err.println(PREFIX + denied.getFile() + ": permission denied");
            return ExitCodes.INVALID_INPUT;
        }
        err.println(PREFIX + e.getClass().getSimpleName() + ": " + e.getMessage() + " (hint: --verbose shows where)");
        return ExitCodes.FAILURE;
    }

    /** The message {@link #report} would print, without the prefix (several problems joined by "; "). */
    static String oneLine(Exception e) {
        java.io.StringWriter text = new java.io.StringWriter();
        report(e, new PrintWriter(text));
        return text.toString().lines().map(l -> l.startsWith(PREFIX) ? l.substring(PREFIX.length()) : l)
                .collect(java.util.stream.Collectors.joining("; "));
    }

    private static boolean verbose(ParseResult parsed) {
        for (ParseResult p = parsed; p != null; p = p.subcommand()) {
            if (p.hasMatchedOption("--verbose")) {
                return true;
            }
        }
        return false;
    }
}
