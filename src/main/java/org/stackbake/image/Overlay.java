package org.stackbake.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.stackbake.StackbakeException;
import org.stackbake.image.ProcessRunner.CommandFailedException;

/**
 * A throw-away qcow2 on top of the base, in a private (0700) temporary directory: the guest edits
 * land here, the base is only ever read. Closing it, failing, or stopping the JVM deletes the
 * directory.
 */
public final class Overlay implements AutoCloseable {
    private final ResolvedBase base;
    private final Path path;
    private final CleanupOnAbort cleanup;

    private Overlay(ResolvedBase base, Path path, CleanupOnAbort cleanup) {
        this.base = base;
        this.path = path;
        this.cleanup = cleanup;
    }

    /** In the system temporary directory. */
    public static Overlay create(QemuImg qemuImg, ResolvedBase base) throws IOException {
        return create(qemuImg, base, Path.of(System.getProperty("java.io.tmpdir")));
    }

    /** In {@code workDir}: guest package installs can make an overlay larger than a tmpfs /tmp. */
    public static Overlay create(QemuImg qemuImg, ResolvedBase base, Path workDir) throws IOException {
        CleanupOnAbort cleanup = new CleanupOnAbort(() -> {});
        try {
            Path dir = cleanup.track(Files.createTempDirectory(workDir, "stackbake-overlay-"));
            Path overlay = dir.resolve("overlay.qcow2");
            qemuImg.createOverlay(base.image(), base.format(), overlay);
            return new Overlay(base, overlay, cleanup);
        } catch (CommandFailedException e) {
            cleanup.close();
            throw StackbakeException.failure("cannot create the overlay on " + base.image() + ": " + e.result().lastErrorLine(),
                    "check free space in " + workDir, e);
        } catch (IOException | RuntimeException e) {
            cleanup.close();
            throw e;
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
        cleanup.close();
    }
}
