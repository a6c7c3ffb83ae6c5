package org.stackbake.firstboot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Watches every process while a test runs first-boot scripts: samples {@code ps -eww -o args}
 * in a loop and, between samples, reads each /proc/PID/cmdline and /proc/PID/environ (what
 * {@code ps e} would show). Everything seen is kept so a test can assert no secret was there.
 */
final class ProcessSpy implements AutoCloseable {
    private final Set<String> seen = ConcurrentHashMap.newKeySet();
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicInteger psSamples = new AtomicInteger();
    private final Thread thread;

    ProcessSpy() {
        thread = new Thread(this::loop, "process-spy");
        thread.setDaemon(true);
        thread.start();
    }

    private void loop() {
        while (running.get()) {
            Proc.Result ps = Proc.run(List.of("ps", "-eww", "-o", "args="), Map.of(), null, 30);
            seen.addAll(ps.output().lines().toList());
            psSamples.incrementAndGet();
            readProc();
        }
    }

    private void readProc() {
        try (Stream<Path> pids = Files.list(Path.of("/proc"))) {
            for (Path pid : pids.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                for (String file : List.of("cmdline", "environ")) {
                    try {
                        byte[] bytes = Files.readAllBytes(pid.resolve(file));
                        seen.add(new String(bytes, StandardCharsets.UTF_8).replace('\0', ' '));
                    } catch (IOException e) {
                        // the process ended meanwhile
                    }
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stops watching; returns the number of ps samples taken. */
    int stop() throws InterruptedException {
        running.set(false);
        thread.join(60_000);
        return psSamples.get();
    }

    boolean sawAnywhere(String text) {
        return seen.stream().anyMatch(line -> line.contains(text));
    }

    /** The forms a leak could take: the value, its hex (as SQL would carry it) and base64 (the delivery file). */
    static List<String> forms(String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        return List.of(secret, HexFormat.of().formatHex(bytes), HexFormat.of().withUpperCase().formatHex(bytes),
                Base64.getEncoder().encodeToString(bytes));
    }

    @Override
    public void close() throws InterruptedException {
        stop();
    }
}
