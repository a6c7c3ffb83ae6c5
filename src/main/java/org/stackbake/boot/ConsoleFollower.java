package org.stackbake.boot;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.function.Consumer;

/**
 * Follows the serial console file qemu writes: hands every complete line to a listener (on its
 * own thread) and keeps the last lines for error reports. Restarts from the top when the file is
 * truncated (qemu started again, e.g. after a KVM launch failed).
 */
final class ConsoleFollower implements AutoCloseable {
    static final int TAIL_LINES = 40;
    private static final long POLL_MS = 250;

    private final Path file;
    private final Consumer<String> listener;
    private final Deque<String> tail = new ArrayDeque<>();
    private final Thread thread;
    private volatile boolean stopped;
    private long position;
    private final ByteArrayOutputStream partial = new ByteArrayOutputStream();

    ConsoleFollower(Path file, Consumer<String> listener) {
        this.file = file;
        this.listener = listener;
        this.thread = new Thread(this::loop, "stackbake-console");
        this.thread.setDaemon(true);
    }

    void start() {
        thread.start();
    }

    /** The last {@link #TAIL_LINES} lines, including an unfinished last line. */
    synchronized List<String> tail() {
        List<String> lines = new ArrayList<>(tail);
        if (partial.size() > 0) {
            lines.add(partial.toString(StandardCharsets.UTF_8));
        }
        return lines.size() > TAIL_LINES ? lines.subList(lines.size() - TAIL_LINES, lines.size()) : lines;
    }

    /** Reads what is left (the VM has stopped) and stops following. */
    @Override
    public void close() {
        stopped = true;
        thread.interrupt();
        try {
            thread.join(5000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        poll();
    }

    private void loop() {
        while (!stopped) {
            poll();
            try {
                Thread.sleep(POLL_MS);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    private synchronized void poll() {
        if (!Files.isRegularFile(file)) {
            return;
        }
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            long length = in.length();
            if (length < position) {
                position = 0;
                partial.reset();
                tail.clear();
            }
            in.seek(position);
            byte[] buffer = new byte[8192];
            int n;
            while ((n = in.read(buffer)) > 0) {
                position += n;
                for (int i = 0; i < n; i++) {
                    if (buffer[i] == '\n') {
                        line(partial.toString(StandardCharsets.UTF_8));
                        partial.reset();
                    } else {
                        partial.write(buffer[i]);
                    }
                }
            }
        } catch (IOException e) {
            // The file is being replaced; the next poll reads it.
        }
    }

    private void line(String text) {
        tail.addLast(text);
        while (tail.size() > TAIL_LINES) {
            tail.removeFirst();
        }
        listener.accept(text);
    }
}
