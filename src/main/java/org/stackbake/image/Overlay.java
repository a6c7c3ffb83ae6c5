package org.stackbake.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.stackbake.StackbakeException;
import org.stackbake.files.CleanupOnAbort;
import org.stackbake.files.FileTrees;
import org.stackbake.files.ProcessRunner.CommandFailedException;
import org.stackbake.files.ProcessRunner;

/**
 * A throw-away qcow2 on top of the base, in a private (0700) directory of its own under the work
 * directory: the guest edits land here, the base is only ever read. Closing it, failing, or
 * stopping the JVM deletes the directory. A build killed with SIGKILL cannot clean up, so the
 * directory holds a {@value #LOCK} file locked for the overlay's lifetime (the kernel drops the
 * lock when the process dies, whatever pid later reuses its number) and the owner's {@value #PID}:
 * the next overlay created in the same work directory removes every directory whose lock is free.
 */
public final class Overlay implements AutoCloseable {
    static final String PREFIX = "stackbake-overlay-";
    static final String LOCK = "lock";
    static final String PID = "pid";
    /** A directory without a lock file is one being created right now, unless it is this old. */
    private static final Duration UNLOCKED_GRACE = Duration.ofMinutes(10);
    /**
     * Lock files this JVM holds. Never probed: closing any channel on a file drops every POSIX lock
     * the process has on it, so probing our own lock would free it for other runs to see as stale.
     */
    private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

    private final ResolvedBase base;
    private final Path path;
    private final CleanupOnAbort cleanup;
    private final FileChannel lock;
    private final Path lockFile;

    private Overlay(ResolvedBase base, Path path, CleanupOnAbort cleanup, FileChannel lock, Path lockFile) {
        this.base = base;
        this.path = path;
        this.cleanup = cleanup;
        this.lock = lock;
        this.lockFile = lockFile;
    }

    /** In {@code workDir} (created if missing), after removing overlays of builds that were killed. */
    public static Overlay create(QemuImg qemuImg, ResolvedBase base, Path workDir) throws IOException {
        Files.createDirectories(workDir);
        removeStale(workDir);
        CleanupOnAbort cleanup = new CleanupOnAbort(() -> {});
        FileChannel lock = null;
        Path lockFile = null;
        try {
            Path dir = cleanup.track(Files.createTempDirectory(workDir, PREFIX));
            lockFile = dir.resolve(LOCK).toAbsolutePath().normalize();
            HELD.add(lockFile);
            lock = FileChannel.open(lockFile, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
            lock.lock();
            // For people (and tests) looking at the directory; the lock is what counts. A separate file,
            // since reading the lock file itself would drop this process's lock on it.
            Files.writeString(dir.resolve(PID), ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII);
            Path overlay = dir.resolve("overlay.qcow2");
            qemuImg.createOverlay(base.image(), base.format(), overlay);
            return new Overlay(base, overlay, cleanup, lock, lockFile);
        } catch (CommandFailedException e) {
            closeAll(cleanup, lock, lockFile);
            throw StackbakeException.failure("cannot create the overlay on " + base.image() + ": " + e.result().lastErrorLine(),
                    "check free space in " + workDir, e);
        } catch (IOException | RuntimeException e) {
            closeAll(cleanup, lock, lockFile);
            throw e;
        }
    }

    /** Deletes overlay directories in workDir whose lock no process holds. */
    static void removeStale(Path workDir) throws IOException {
        try (DirectoryStream<Path> dirs = Files.newDirectoryStream(workDir, PREFIX + "*")) {
            for (Path dir : dirs) {
                if (Files.isDirectory(dir) && isStale(dir)) {
                    FileTrees.delete(dir);
                }
            }
        }
    }

    private static boolean isStale(Path dir) throws IOException {
        Path lockFile = dir.resolve(LOCK).toAbsolutePath().normalize();
        if (HELD.contains(lockFile)) {
            return false;
        }
        if (!Files.exists(lockFile)) {
            FileTime modified = Files.getLastModifiedTime(dir);
            return modified.toInstant().isBefore(Instant.now().minus(UNLOCKED_GRACE));
        }
        try (FileChannel channel = FileChannel.open(lockFile, StandardOpenOption.WRITE);
             FileLock free = channel.tryLock()) {
            return free != null;
        }
    }

    public Path path() {
        return path;
    }

    public ResolvedBase base() {
        return base;
    }

    @Override
    public void close() {
        closeAll(cleanup, lock, lockFile);
    }

    private static void closeAll(CleanupOnAbort cleanup, FileChannel lock, Path lockFile) {
        try {
            cleanup.close();
        } finally {
            if (lockFile != null) {
                HELD.remove(lockFile);
            }
            try {
                if (lock != null) {
                    lock.close();
                }
            } catch (IOException ignored) {
                // Closing releases the lock; the directory is already gone.
            }
        }
    }
}
