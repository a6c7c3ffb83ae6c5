package org.stackbake.files;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stackbake.StackbakeException;

/**
 * Paths this run created and must not leave behind if it fails or the JVM is stopped (Ctrl-C,
 * SIGTERM): deleted on {@link #close()} unless {@link #commit()}ted, and by a shutdown hook
 * meanwhile. The hook first stops the writers (qemu-img children) so none recreates a file after
 * it is deleted; tracking and moving into place happen under the same lock, so the hook never
 * races a rename onto the output.
 */
public final class CleanupOnAbort implements AutoCloseable {
    private final Runnable stopWriters;
    private final List<Path> paths = new ArrayList<>();
    private final ShutdownHook hook;
    private boolean aborted;
    private boolean committed;

    public CleanupOnAbort(Runnable stopWriters) {
        this.stopWriters = stopWriters;
        this.hook = ShutdownHook.register("stackbake-cleanup", this::abort);
    }

    /** Registers a path to delete (recursively) on abort; returns it for chaining. */
    public synchronized Path track(Path path) {
        failIfAborted();
        paths.add(path);
        return path;
    }

    /**
     * Flushes a finished temporary, renames it onto its target and flushes the directory. The
     * target is ours to delete only once the rename succeeded: if it fails, whatever is at the
     * target (say, a directory of the user's) is not touched.
     */
    public synchronized void moveIntoPlace(Path temp, Path target) throws IOException {
        failIfAborted();
        AtomicFiles.moveIntoPlace(temp, target);
        paths.add(target);
    }

    /** As {@link #moveIntoPlace}, but never replacing: fails if anything is at target. */
    public synchronized void linkIntoPlace(Path temp, Path target) throws IOException {
        failIfAborted();
        AtomicFiles.linkIntoPlace(temp, target);
        paths.add(target);
    }

    /** Success: keep everything tracked and drop the shutdown hook. */
    public synchronized void commit() {
        committed = true;
        paths.clear();
        hook.close();
    }

    @Override
    public void close() {
        if (!isCommitted()) {
            abort();
        }
        hook.close();
    }

    private synchronized boolean isCommitted() {
        return committed;
    }

    /** Deletes newest first (the output before its temporaries); keeps going past a failure. */
    private void abort() {
        stopWriters.run();
        UncheckedIOException firstFailure = null;
        synchronized (this) {
            aborted = true;
            for (int i = paths.size() - 1; i >= 0; i--) {
                try {
                    deleteRecursively(paths.get(i));
                } catch (UncheckedIOException e) {
                    firstFailure = firstFailure == null ? e : firstFailure;
                }
            }
            paths.clear();
        }
        if (firstFailure != null) {
            throw firstFailure;
        }
    }

    private void failIfAborted() {
        if (aborted) {
            throw StackbakeException.failure("interrupted: cleaned up partial files", "", null);
        }
    }

    private static void deleteRecursively(Path path) {
        try {
            FileTrees.delete(path);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
