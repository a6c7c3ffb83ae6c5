package org.stackbake.image;

import java.io.IOException;
import java.nio.file.Path;

/** A real tmpfs mounted for one test (the tests run as root): a tiny or read-only filesystem. */
final class Tmpfs implements AutoCloseable {
    private final Path mountPoint;

    private Tmpfs(Path mountPoint) {
        this.mountPoint = mountPoint;
    }

    static Tmpfs mount(Path mountPoint, String options) throws IOException {
        TestImages.run("mount", "-t", "tmpfs", "-o", options, "tmpfs", mountPoint.toString());
        return new Tmpfs(mountPoint);
    }

    @Override
    public void close() throws IOException {
        TestImages.run("umount", mountPoint.toString());
    }
}
