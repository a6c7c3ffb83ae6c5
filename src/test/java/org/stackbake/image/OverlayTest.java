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
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.files.Sha256;

@Tag("unit")
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

    @Test
    void overlaysOfKilledBuildsAreRemovedAndLiveOnesKept() throws Exception {
        ResolvedBase base = resolve(TestImages.qcow2Disk(dir.resolve("base.qcow2"), 64));
        Path work = Files.createDirectories(dir.resolve("work"));
        // A killed build's directory: its lock file is held by no process any more.
        Path killed = Files.createDirectories(work.resolve(Overlay.PREFIX + "killed"));
        Files.writeString(killed.resolve(Overlay.LOCK), "999999\n");
        Files.writeString(killed.resolve("overlay.qcow2"), "left behind");
        // Not ours: other files in the work directory are never touched.
        Path other = Files.writeString(work.resolve("notes.txt"), "keep");

        try (Overlay live = Overlay.create(TestImages.QEMU_IMG, base, work)) {
            assertFalse(Files.exists(killed), "the killed build's overlay is removed");
            Path liveDir = live.path().getParent();
            assertEquals(ProcessHandle.current().pid() + "\n", Files.readString(liveDir.resolve(Overlay.PID)));
            try (Overlay second = Overlay.create(TestImages.QEMU_IMG, base, work)) {
                assertTrue(Files.isRegularFile(live.path()), "a live overlay (locked) is kept");
            }
            // A child JVM (another build) sees the lock as held too, and keeps the directory.
            assertEquals(0, removeStaleInChildJvm(work), "the child JVM failed");
            assertTrue(Files.isRegularFile(live.path()), "a live overlay is kept by other processes");
        }
        assertTrue(Files.isRegularFile(other));
        assertEquals(1, Files.list(work).count());
    }

    /** Runs {@link Overlay#removeStale} in a separate process, as the next build would. */
    private static int removeStaleInChildJvm(Path work) throws Exception {
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), RemoveStaleOverlays.class.getName(), work.toString())
                .inheritIO().start();
        return child.waitFor();
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
