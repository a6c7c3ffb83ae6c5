package org.stackbake.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.stackbake.image.TestImages.MIB;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.CacheDirs;
import org.stackbake.StackbakeException;
import org.stackbake.files.Sha256;

@Tag("unit")
class BaseResolverTest {
    @TempDir
    Path dir;

    private final List<String> syntheticRequests = new ArrayList<>();

    private BaseResolver resolver() {
        return new BaseResolver(TestImages.QEMU_IMG, new BaseCache(dir.resolve("cache")), flavor -> {
            syntheticRequests.add(flavor);
            return TestImages.qcow2Disk(dir.resolve("synthetic-" + flavor + ".qcow2"), 64);
        });
    }

    @Test
    void detectsQcow2FromContentNotName() throws IOException {
        Path disk = TestImages.qcow2Disk(dir.resolve("disk.img"), 64);

        ResolvedBase base = resolver().resolve(disk.toString());

        assertEquals("qcow2", base.format());
        assertEquals(64 * MIB, base.info().virtualSize());
        assertEquals(disk.toAbsolutePath(), base.image());
        assertEquals(Sha256.of(disk), base.sha256());
        assertFalse(base.synthetic());
    }

    @Test
    void acceptsRawWithAPartitionTable() throws IOException {
        Path disk = TestImages.rawDisk(dir.resolve("disk.qcow2"), 64);

        ResolvedBase base = resolver().resolve(disk.toString());

        assertEquals("raw", base.format());
        assertEquals(disk.toString(), base.reference());
    }

    @Test
    void acceptsRawWithOnlyAFilesystem() throws IOException {
        Path disk = dir.resolve("fs.raw");
        TestImages.run("qemu-img", "create", "-q", "-f", "raw", disk.toString(), "16M");
        TestImages.run("mkfs.ext4", "-q", "-F", disk.toString());

        assertEquals("raw", resolver().resolve(disk.toString()).format());
    }

    @Test
    void xzBaseIsDecompressedIntoTheCacheOnceAndReused() throws IOException {
        Path raw = TestImages.rawDisk(dir.resolve("disk.raw"), 8);
        Path xz = TestImages.xz(raw, dir.resolve("disk.raw.xz"));

        ResolvedBase first = resolver().resolve(xz.toString());
        FileTime written = Files.getLastModifiedTime(first.image());
        Object inode = Files.getAttribute(first.image(), "unix:ino");
        ResolvedBase second = resolver().resolve(xz.toString());

        assertEquals(dir.resolve("cache").resolve(Sha256.of(xz) + ".img"), first.image());
        assertEquals(first.image(), second.image());
        assertEquals(written, Files.getLastModifiedTime(second.image()));
        assertEquals(inode, Files.getAttribute(second.image(), "unix:ino"));
        assertEquals("raw", first.format());
        assertEquals(Sha256.of(raw), first.sha256());
        assertEquals(List.of(first.image()), cacheEntries());
        assertTrue(Files.size(first.image()) == 8 * MIB && allocatedBytes(first.image()) < MIB,
                "zero blocks must stay holes: " + allocatedBytes(first.image()));
    }

    @Test
    void gzipQcow2BaseIsDecompressedAndDetected() throws IOException {
        Path qcow2 = TestImages.qcow2Disk(dir.resolve("disk.qcow2"), 64);
        Path gz = TestImages.gzip(qcow2, dir.resolve("disk.qcow2.gz"));

        ResolvedBase base = resolver().resolve(gz.toString());

        assertEquals("qcow2", base.format());
        assertEquals(Sha256.of(qcow2), base.sha256());
        assertEquals(gz.toString(), base.reference());
    }

    @Test
    void truncatedXzIsRefusedAndLeavesNoCacheEntry() throws IOException {
        Path raw = TestImages.rawDisk(dir.resolve("disk.raw"), 8);
        Path xz = TestImages.xz(raw, dir.resolve("disk.raw.xz"));
        byte[] whole = Files.readAllBytes(xz);
        Path cut = Files.write(dir.resolve("cut.raw.xz"), java.util.Arrays.copyOf(whole, whole.length / 2));

        StackbakeException e = refused(cut.toString());

        assertTrue(e.getMessage().startsWith("base " + cut + ": cannot decompress xz data: "), e.getMessage());
        assertEquals("the download may be incomplete; fetch it again", e.hint());
        assertEquals(List.of(), cacheEntries());
    }

    @Test
    void staleCacheTemporaryOfAKilledRunIsRemoved() throws IOException {
        Path raw = TestImages.rawDisk(dir.resolve("disk.raw"), 8);
        Path xz = TestImages.xz(raw, dir.resolve("disk.raw.xz"));
        Path cache = Files.createDirectories(dir.resolve("cache"));
        Path stale = Files.writeString(cache.resolve("." + Sha256.of(xz) + ".img.tmp-" + deadPid()), "half");

        ResolvedBase base = resolver().resolve(xz.toString());

        assertFalse(Files.exists(stale));
        assertEquals(List.of(base.image()), cacheEntries());
    }

    @Test
    void syntheticBaseComesFromTheCallerAndIsMarked() throws IOException {
        ResolvedBase base = resolver().resolve("synthetic:rocky-9");

        assertEquals(List.of("rocky-9"), syntheticRequests);
        assertTrue(base.synthetic());
        assertEquals("qcow2", base.format());
        assertEquals("synthetic:rocky-9", base.reference());
    }

    @Test
    void syntheticWithoutFlavorIsRefused() {
        StackbakeException e = refused("synthetic:");

        assertEquals("base synthetic:: no flavor after 'synthetic:'", e.getMessage());
        assertTrue(syntheticRequests.isEmpty());
    }

    @Test
    void missingBaseIsRefused() {
        Path missing = dir.resolve("nope.qcow2");

        StackbakeException e = refused(missing.toString());

        assertEquals("base " + missing + ": no such file", e.getMessage());
    }

    @Test
    void directoryIsRefused() {
        assertEquals("base " + dir + ": not a regular file", refused(dir.toString()).getMessage());
    }

    @Test
    void textFileIsNotADiskImageEvenThoughQemuImgCallsItRaw() throws IOException {
        Path text = Files.writeString(dir.resolve("notes.qcow2"), "hello, I am not a disk\n");

        StackbakeException e = refused(text.toString());

        assertEquals("base " + text + ": not a disk image (no partition table or filesystem found, and smaller than 1 MiB)",
                e.getMessage());
    }

    @Test
    void largeRawWithoutAnySignatureIsNotADiskImage() throws IOException {
        Path blank = dir.resolve("blank.raw");
        TestImages.run("qemu-img", "create", "-q", "-f", "raw", blank.toString(), "8M");

        assertEquals("base " + blank + ": not a disk image (no partition table or filesystem found)",
                refused(blank.toString()).getMessage());
    }

    @Test
    void compressedTextFileIsNotADiskImage() throws IOException {
        Path text = Files.writeString(dir.resolve("page.html"), "<html>404</html>\n");
        Path gz = TestImages.gzip(text, dir.resolve("image.qcow2.gz"));

        assertTrue(refused(gz.toString()).getMessage().endsWith(": not a disk image (no partition table or filesystem found,"
                + " and smaller than 1 MiB)"));
    }

    @Test
    void qcow2WithMissingBackingFileIsRefused() throws IOException {
        Path backing = TestImages.qcow2Disk(dir.resolve("backing.qcow2"), 64);
        Path child = dir.resolve("child.qcow2");
        TestImages.run("qemu-img", "create", "-q", "-f", "qcow2", "-F", "qcow2", "-b", backing.toString(), child.toString());
        Files.delete(backing);

        StackbakeException e = refused(child.toString());

        assertEquals("base " + child + ": its backing file " + backing + " is missing", e.getMessage());
        assertTrue(e.hint().startsWith("restore it, or flatten the image"));
    }

    @Test
    void truncatedQcow2IsRefusedAsDamaged() throws IOException {
        Path whole = TestImages.qcow2Disk(dir.resolve("whole.qcow2"), 64);
        Path cut = Files.write(dir.resolve("cut.qcow2"), java.util.Arrays.copyOf(Files.readAllBytes(whole), 65536));

        StackbakeException e = refused(cut.toString());

        assertEquals("base " + cut + ": damaged qcow2 image: 3 errors were found on the image.", e.getMessage());
    }

    @Test
    void qcow2CutInsideItsHeaderIsNotReadable() throws IOException {
        Path whole = TestImages.qcow2Disk(dir.resolve("whole.qcow2"), 64);
        Path cut = Files.write(dir.resolve("cut.qcow2"), java.util.Arrays.copyOf(Files.readAllBytes(whole), 48));

        StackbakeException e = refused(cut.toString());

        assertTrue(e.getMessage().startsWith("base " + cut + ": not a readable disk image: qemu-img: Could not open"),
                e.getMessage());
    }

    @Test
    void otherFormatsAreRefusedWithAConversionHint() throws IOException {
        Path vmdk = dir.resolve("disk.vmdk");
        TestImages.run("qemu-img", "create", "-q", "-f", "vmdk", vmdk.toString(), "64M");

        StackbakeException e = refused(vmdk.toString());

        assertEquals("base " + vmdk + ": unsupported image format vmdk", e.getMessage());
        assertTrue(e.hint().startsWith("convert it first: qemu-img convert -O qcow2"));
    }

    @Test
    void defaultCacheDirFollowsXdgCacheHome() {
        Path home = Path.of("/home/op");

        assertEquals(Path.of("/xdg/stackbake/bases"), CacheDirs.of(Map.of("XDG_CACHE_HOME", "/xdg"), home).bases());
        assertEquals(Path.of("/home/op/.cache/stackbake/bases"), CacheDirs.of(Map.of(), home).bases());
        assertEquals(Path.of("/home/op/.cache/stackbake/bases"), CacheDirs.of(Map.of("XDG_CACHE_HOME", "rel"), home).bases());
    }

    private StackbakeException refused(String reference) {
        StackbakeException e = assertThrows(StackbakeException.class, () -> resolver().resolve(reference));
        assertEquals(StackbakeException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
        return e;
    }

    private List<Path> cacheEntries() throws IOException {
        Path cache = dir.resolve("cache");
        if (!Files.exists(cache)) {
            return List.of();
        }
        try (Stream<Path> entries = Files.list(cache)) {
            return entries.toList();
        }
    }

    private static long allocatedBytes(Path file) throws IOException {
        return Long.parseLong(TestImages.run("stat", "-c", "%b", file.toString()).stdout().strip()) * 512;
    }

    static long deadPid() throws IOException {
        try {
            Process done = new ProcessBuilder("true").start();
            done.waitFor();
            return done.pid();
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
    }
}
