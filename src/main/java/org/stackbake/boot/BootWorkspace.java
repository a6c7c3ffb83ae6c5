package org.stackbake.boot;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.stackbake.StackbakeException;
import org.stackbake.files.FileTrees;
import org.stackbake.files.ShutdownHook;
import org.stackbake.image.ImageInfo;
import org.stackbake.files.ProcessRunner;
import org.stackbake.image.QemuImg;

/**
 * A private (0700) directory for one boot: the throw-away overlay on the image (the image is only
 * ever a read-only backing file), the QMP socket and qemu's log. Closing it, or the JVM stopping
 * (Ctrl-C), kills the VM first and then deletes the directory.
 */
final class BootWorkspace implements AutoCloseable {
    private final Path dir;
    private final Path overlay;
    private ShutdownHook hook;
    private volatile QemuVm vm;

    private BootWorkspace(Path dir, Path overlay) {
        this.dir = dir;
        this.overlay = overlay;
    }

    static BootWorkspace create(Path parent, Path image) throws IOException {
        return create(parent, image, false);
    }

    /** inPlace: the VM runs on the image itself (a test's disposable disk), no overlay. */
    static BootWorkspace create(Path parent, Path image, boolean inPlace) throws IOException {
        Files.createDirectories(parent);
        Path dir = Files.createTempDirectory(parent, "stackbake-boot-",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
        BootWorkspace workspace = new BootWorkspace(dir, inPlace ? image.toAbsolutePath() : dir.resolve("overlay.qcow2"));
        workspace.hook = ShutdownHook.register("stackbake-boot-cleanup", workspace::cleanUp);
        try {
            QemuImg qemuImg = new QemuImg(new ProcessRunner());
            ImageInfo info = qemuImg.info(image);
            if (!"qcow2".equals(info.format())) {
                // qemu-img calls anything it does not recognise "raw": booting that would only waste minutes.
                throw StackbakeException.invalidInput(image + ": not a qcow2 image (qemu-img reads it as " + info.format() + ")",
                        "give a qcow2 built by stackbake");
            }
            if (!inPlace) {
                qemuImg.createOverlay(image, info.format(), workspace.overlay);
            }
            return workspace;
        } catch (ProcessRunner.CommandFailedException e) {
            workspace.close();
            throw StackbakeException.invalidInput(image + ": qemu-img cannot use it: " + e.result().lastErrorLine(),
                    "give a qcow2 image built by stackbake");
        } catch (IOException | RuntimeException e) {
            workspace.close();
            throw e;
        }
    }

    /** The disk the VM runs on: the overlay, or the image itself when booted in place. */
    Path overlay() {
        return overlay;
    }

    Path qmpSocket() {
        return dir.resolve("qmp.sock");
    }

    Path qemuLog() {
        return dir.resolve("qemu.log");
    }

    /** The VM to stop before the directory goes. */
    void attach(QemuVm running) {
        this.vm = running;
    }

    @Override
    public void close() {
        cleanUp();
        hook.close();
    }

    private synchronized void cleanUp() {
        QemuVm running = vm;
        if (running != null) {
            running.close();
        }
        try {
            FileTrees.delete(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
