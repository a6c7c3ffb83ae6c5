package org.stackbake.image;

import java.nio.file.Path;
import org.stackbake.files.ProcessRunner;

/**
 * Run in a child JVM by {@link ImagePublisherTest}: publishes a slow-to-compress base so the
 * test can send SIGTERM mid-conversion. Arguments: base, overlay work dir, output.
 */
public final class PublishUntilKilled {
    public static void main(String[] args) throws Exception {
        QemuImg qemuImg = new QemuImg(new ProcessRunner());
        ResolvedBase base = new BaseResolver(qemuImg, new BaseCache(Path.of(args[1])), flavor -> null).resolve(args[0]);
        try (Overlay overlay = Overlay.create(qemuImg, base, Path.of(args[1]))) {
            new ImagePublisher(qemuImg, Path.of(args[2]), false, true).publish(overlay, ImagePublisherTest.manifest(base));
        }
    }
}
