package org.stackbake.image;

import java.nio.file.Path;
import org.stackbake.StackbakeException;

/**
 * Run in a child JVM by {@link ImagePublisherTest}, one build per process as in real use: checks
 * the destination, waits for a go on standard input (so two builds start before either publishes),
 * then publishes an overlay of base holding {@code pattern} bytes. Prints {@code built SHA256} and
 * exits 0, or prints the one-line error and exits 1. Arguments: base, work dir, output, pattern.
 */
public final class PublishOnce {
    public static void main(String[] args) throws Exception {
        ResolvedBase base = new BaseResolver(TestImages.QEMU_IMG, new BaseCache(Path.of(args[1])), flavor -> null).resolve(args[0]);
        ImagePublisher publisher = new ImagePublisher(TestImages.QEMU_IMG, Path.of(args[2]), false, true);
        try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, Path.of(args[1]))) {
            TestImages.run("qemu-io", "-c", "write -P " + args[3] + " 1M 2M", overlay.path().toString());
            publisher.checkDestination();
            System.out.println("ready");
            System.out.flush();
            System.in.read();
            System.out.println("built " + publisher.publish(overlay, ImagePublisherTest.manifest(base)).manifest().output().sha256());
        } catch (StackbakeException e) {
            System.out.println(e.getMessage());
            System.exit(1);
        }
    }
}
