package org.stackbake.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;

class OverlayTest {
    @TempDir
    Path dir;

    @Test
    void guestWritesLandInTheOverlayAndNeverInTheBase() throws IOException {
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 64));
        Path work = Files.createDirectories(dir.resolve("work"));

        try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, work)) {
            ImageInfo info = TestImages.QEMU_IMG.info(overlay.path());
            assertEquals("qcow2", info.format());
            assertEquals(base.image().toString(), info.backingFilename());
            assertEquals("raw", info.backingFormat());
            assertEquals("rwx------", PosixFilePermissions.toString(Files.getPosixFilePermissions(overlay.path().getParent())));

            String wrote = TestImages.run("qemu-io", "-c", "write -P 0xab 0 1M", overlay.path().toString()).stdout();
            String read = TestImages.run("qemu-io", "-c", "read -P 0xab 0 1M", overlay.path().toString()).stdout();

            assertTrue(wrote.contains("wrote 1048576/1048576 bytes at offset 0"), wrote);
            assertFalse(read.contains("Pattern verification failed"), read);
            assertEquals(base.sha256(), Sha256.of(base.image()), "the base must be byte-for-byte unchanged");
        }
        assertEmpty(work);
    }

    @Test
    void failingToCreateLeavesNoDirectory() throws IOException {
        ResolvedBase base = resolve(TestImages.qcow2Disk(dir.resolve("base.qcow2"), 64));
        Files.delete(base.image());
        Path work = Files.createDirectories(dir.resolve("work"));

        StackbakeException e = assertThrows(StackbakeException.class, () -> Overlay.create(TestImages.QEMU_IMG, base, work));

        assertEquals(StackbakeException.Kind.FAILURE, e.kind());
        assertTrue(e.getMessage().startsWith("cannot create the overlay on " + base.image() + ": "), e.getMessage());
        assertEmpty(work);
    }

    private ResolvedBase resolve(Path image) throws IOException {
        return new BaseResolver(TestImages.QEMU_IMG, new BaseCache(dir.resolve("cache")), flavor -> null)
                .resolve(image.toString());
    }

    private static void assertEmpty(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            assertEquals(0, entries.count(), "leftovers in " + directory);
        }
    }
}
