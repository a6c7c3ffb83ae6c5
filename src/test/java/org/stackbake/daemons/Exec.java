package org.stackbake.daemons;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** Runs a short command to completion with a deadline and captures its output. */
final class Exec {

    /** Exit code and output of a finished command; exit is -1 when the deadline killed it. */
    record Result(List<String> command, int exit, String out, String err) {
        boolean ok() {
            return exit == 0;
        }

        String describe() {
            return "`" + String.join(" ", command) + "` exited " + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    static Result run(Duration timeout, List<String> command) {
        return run(timeout, command, null);
    }

    static Result run(Duration timeout, List<String> command, String stdin) {
        Process process;
        try {
            process = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new AssertionError("cannot run `" + String.join(" ", command) + "`: " + e.getMessage(), e);
        }
        CompletableFuture<String> out = drain(process.getInputStream());
        CompletableFuture<String> err = drain(process.getErrorStream());
        try (var in = process.getOutputStream()) {
            if (stdin != null) {
                in.write(stdin.getBytes(StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            // the command exited without reading its input; its exit code tells why
        }
        try {
            int exit;
            if (process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                exit = process.exitValue();
            } else {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor();
                exit = -1;
            }
            return new Result(command, exit, out.join(), err.join());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while running " + command, e);
        }
    }

    /** Runs the command and fails the test with its output unless it exits 0. */
    static Result check(Duration timeout, List<String> command) {
        Result result = run(timeout, command);
        if (!result.ok()) {
            throw new AssertionError(result.describe());
        }
        return result;
    }

    /**
     * Fails the test, naming the Debian package, when a program is not installed: a missing
     * daemon must never turn into a skipped check.
     */
    static String requireProgram(String name, String debianPackage) {
        for (String dir : List.of("/usr/sbin", "/usr/bin", "/sbin", "/bin", "/usr/local/sbin", "/usr/local/bin")) {
            Path candidate = Path.of(dir, name);
            if (Files.isExecutable(candidate)) {
                return candidate.toString();
            }
        }
        throw new AssertionError(name + " is not installed: install the Debian package " + debianPackage
                + " (.ci/run installs it)");
    }

    /** Reads a stream to its end on its own thread, so a full stderr pipe cannot stall stdout. */
    private static CompletableFuture<String> drain(InputStream stream) {
        return CompletableFuture.supplyAsync(() -> {
            try (stream) {
                return new String(stream.readAllBytes(), StandardCharsets.UTF_8);
            } catch (IOException e) {
                return "<output unreadable: " + e.getMessage() + ">";
            }
        }, task -> {
            Thread thread = new Thread(task, "exec-drain");
            thread.setDaemon(true);
            thread.start();
        });
    }

    private Exec() {}
}
