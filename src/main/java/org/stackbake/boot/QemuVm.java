package org.stackbake.boot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.stackbake.StackbakeException;

/** One running qemu process; its own output (not the guest's console) goes to a log file. */
final class QemuVm implements AutoCloseable {
    private final Process process;
    private final Path log;

    private QemuVm(Process process, Path log) {
        this.process = process;
        this.log = log;
    }

    private static final Path SETPRIV = Path.of("/usr/bin/setpriv");

    /**
     * Starts qemu under {@code setpriv --pdeathsig KILL} when util-linux has it, so a boot test
     * killed with SIGKILL (no shutdown hook runs) does not leave its VM running.
     */
    static QemuVm start(List<String> qemu, Path log) {
        List<String> command = new java.util.ArrayList<>();
        if (Files.isExecutable(SETPRIV)) {
            command.addAll(List.of(SETPRIV.toString(), "--pdeathsig", "KILL", "--"));
        }
        command.addAll(qemu);
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
            process.getOutputStream().close();
            return new QemuVm(process, log);
        } catch (IOException e) {
            throw StackbakeException.failure("cannot start " + qemu.get(0) + ": " + e.getMessage(),
                    "install qemu-system-x86 (Debian) or qemu-kvm (EL)", e);
        }
    }

    boolean isAlive() {
        return process.isAlive();
    }

    /** True when qemu exited within the duration (checked without consuming more time than that). */
    boolean exitsWithin(Duration d) throws InterruptedException {
        return process.waitFor(d.toMillis(), TimeUnit.MILLISECONDS);
    }

    int exitCode() {
        return process.exitValue();
    }

    /** The last line qemu printed (where it says why it stopped), or empty. */
    String lastOutputLine() {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8).stream().filter(l -> !l.isBlank()).toList();
            return lines.isEmpty() ? "" : lines.get(lines.size() - 1).strip();
        } catch (IOException e) {
            return "";
        }
    }

    /** Power button (QMP system_powerdown), then up to {@code grace} for the guest to halt; true if it did. */
    boolean powerOff(Path qmpSocket, Duration grace) throws InterruptedException {
        if (!process.isAlive()) {
            return true;
        }
        try {
            Qmp.systemPowerdown(qmpSocket);
        } catch (IOException e) {
            kill();
            return false;
        }
        if (process.waitFor(grace.toMillis(), TimeUnit.MILLISECONDS)) {
            return true;
        }
        kill();
        return false;
    }

    void kill() {
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        if (process.isAlive()) {
            kill();
        }
    }
}
