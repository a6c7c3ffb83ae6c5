package org.stackbake.files;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.stackbake.StackbakeException;

/**
 * The one way this package runs external programs: an argument list (never a shell string), both
 * output streams captured, a timeout. It remembers its running children so an interrupted build
 * can stop them before deleting the files they write.
 */
public final class ProcessRunner {

    /** What a finished command printed and returned. */
    public record Result(List<String> command, int exitCode, String stdout, String stderr) {

        public boolean succeeded() {
            return exitCode == 0;
        }

        /** The last non-blank stderr line: where qemu-img and friends put the reason they failed. */
        public String lastErrorLine() {
            List<String> lines = stderr.strip().lines().filter(line -> !line.isBlank()).toList();
            return lines.isEmpty() ? "no error output" : lines.get(lines.size() - 1).strip();
        }

        public Result requireSuccess() throws CommandFailedException {
            if (!succeeded()) {
                throw new CommandFailedException(this);
            }
            return this;
        }
    }

    /** A command that ran and exited non-zero; the message names it and its last stderr line. */
    public static final class CommandFailedException extends IOException {
        private final transient Result result;

        CommandFailedException(Result result) {
            super(String.join(" ", result.command()) + " failed (exit " + result.exitCode() + "): " + result.lastErrorLine());
            this.result = result;
        }

        public Result result() {
            return result;
        }
    }

    private final Set<Process> running = ConcurrentHashMap.newKeySet();

    /** Runs the command to completion; a non-zero exit is returned, not thrown. */
    public Result run(List<String> command, Duration timeout) {
        Process process = start(command);
        running.add(process);
        try {
            process.getOutputStream().close();
            Collector stdout = new Collector(process.getInputStream());
            Collector stderr = new Collector(process.getErrorStream());
            if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor();
                throw StackbakeException.failure(name(command) + " timed out after " + seconds(timeout),
                        "the disk or its storage may be stalled; run `" + String.join(" ", command) + "` by hand", null);
            }
            return new Result(List.copyOf(command), process.exitValue(), stdout.text(), stderr.text());
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
            throw StackbakeException.failure(name(command) + " was interrupted", "", e);
        } catch (IOException e) {
            throw StackbakeException.failure("lost the output of " + name(command) + ": " + e.getMessage(), "", e);
        } finally {
            running.remove(process);
        }
    }

    /** Stops every command still running, waiting briefly so none writes after we clean up. */
    public void destroyRunning() {
        for (Process process : running) {
            process.destroy();
        }
        for (Process process : running) {
            try {
                if (!process.waitFor(5, TimeUnit.SECONDS)) {
                    process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static Process start(List<String> command) {
        try {
            return new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw StackbakeException.failure("cannot run " + name(command) + ": " + e.getMessage(),
                    "install it (Debian: qemu-utils, EL: qemu-img) and check PATH", e);
        }
    }

    private static String seconds(Duration duration) {
        return duration.toMillis() % 1000 == 0 ? duration.toSeconds() + "s" : duration.toMillis() + "ms";
    }

    private static String name(List<String> command) {
        return command.size() > 1 ? command.get(0) + " " + command.get(1) : command.get(0);
    }

    /** Drains one stream on its own thread: a child blocked on a full pipe would never exit. */
    private static final class Collector {
        private final Thread thread;
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        private volatile IOException failure;

        Collector(InputStream in) {
            thread = new Thread(() -> {
                try (in) {
                    in.transferTo(bytes);
                } catch (IOException e) {
                    failure = e;
                }
            }, "process-output");
            thread.setDaemon(true);
            thread.start();
        }

        String text() throws InterruptedException, IOException {
            thread.join();
            if (failure != null) {
                throw failure;
            }
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }
}
