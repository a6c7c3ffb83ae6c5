package org.stackbake.daemons;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * A long-running daemon started by a test, its stdout and stderr captured in a log file. Closing
 * stops it (SIGTERM, then SIGKILL); a JVM shutdown hook does the same if the test run dies first.
 */
final class DaemonProcess implements AutoCloseable {
    private static final Duration POLL = Duration.ofMillis(100);

    private final String name;
    private final Process process;
    private final Path log;
    private final Thread killOnExit;

    private DaemonProcess(String name, Process process, Path log) {
        this.name = name;
        this.process = process;
        this.log = log;
        this.killOnExit = new Thread(() -> {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }, "daemon-cleanup-" + name);
        Runtime.getRuntime().addShutdownHook(killOnExit);
    }

    /**
     * Starts {@code command}; with a non-null {@code environment} the daemon sees only PATH and
     * those variables, so nothing from the test's own environment leaks into its configuration.
     */
    static DaemonProcess start(String name, List<String> command, Map<String, String> environment, Path log) {
        ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        if (environment != null) {
            builder.environment().clear();
            builder.environment().put("PATH", "/usr/sbin:/usr/bin:/sbin:/bin");
            builder.environment().putAll(environment);
        }
        try {
            return new DaemonProcess(name, builder.start(), log);
        } catch (IOException e) {
            throw new AssertionError("cannot start " + name + " (`" + String.join(" ", command) + "`): " + e.getMessage(), e);
        }
    }

    /** Polls {@code ready} until it holds; fails with the log if the daemon exits or time runs out. */
    void awaitReady(String what, Duration timeout, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new AssertionError(name + " exited with " + process.exitValue() + " before " + what + "\n" + logText());
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError(name + ": no " + what + " after " + timeout.toSeconds() + " s\n" + logText());
            }
            sleep(POLL);
        }
    }

    /** Waits for the daemon to exit by itself and returns its exit code; fails if it keeps running. */
    int awaitExit(Duration timeout) {
        try {
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                throw new AssertionError(name + " still runs after " + timeout.toSeconds() + " s\n" + logText());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted while waiting for " + name, e);
        }
        return process.exitValue();
    }

    String logText() {
        try {
            return "--- " + name + " log (" + log + ")\n" + Files.readString(log);
        } catch (IOException e) {
            return "--- " + name + " log unreadable: " + e.getMessage();
        }
    }

    @Override
    public void close() {
        // Stop the daemon even when a @Timeout interrupted the test: wait uninterrupted.
        boolean interrupted = Thread.interrupted();
        try {
            if (process.isAlive()) {
                process.destroy();
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
            try {
                Runtime.getRuntime().removeShutdownHook(killOnExit);
            } catch (IllegalStateException e) {
                // the JVM is exiting and the hook runs anyway
            }
        }
    }

    static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted", e);
        }
    }
}
