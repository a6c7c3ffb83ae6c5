package org.stackbake.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.files.Sha256;

/** Outputs that start from their base's packed copy read exactly as their overlay, with real qemu-img. */
@Tag("unit")
class PackedBasesTest {
    @TempDir
    Path dir;

    Path packedDir;
    Path out;

    @BeforeEach
    void dirs() throws IOException {
        packedDir = dir.resolve("packed");
        out = Files.createDirectories(dir.resolve("out"));
    }

    /** A 64 MiB base: 24 MiB of incompressible data (its packed copy's size), then 40 MiB of {@code pattern} bytes. */
    private ResolvedBase base(String name, int pattern) throws IOException {
        Path raw = TestImages.randomRawDisk(dir.resolve(name + ".raw"), 64);
        TestImages.run("qemu-io", "-f", "raw", "-c", "write -P " + pattern + " 24M 40M", raw.toString());
        return new BaseResolver(TestImages.QEMU_IMG, new BaseCache(dir.resolve("cache-" + name)), flavor -> null)
                .resolve(raw.toString());
    }

    private ImagePublisher publisher(Path output, OutputCompression compression) {
        return new ImagePublisher(TestImages.QEMU_IMG, output, false, compression, new PackedBases(TestImages.QEMU_IMG, packedDir));
    }

    private static void assertReadsAs(Path expected, Path actual) throws IOException {
        assertEquals(0, TestImages.RUNNER.run(List.of("qemu-img", "compare", expected.toString(), actual.toString()),
                Duration.ofMinutes(1)).exitCode(), actual + " must read exactly as " + expected);
    }

    @Test
    void aSmallChangeIsCommittedIntoThePackedBaseWhichIsMadeOnceAndReused() throws Exception {
        ResolvedBase base = base("base", 0x5a);
        String baseSha = Sha256.of(base.image());
        for (OutputCompression compression : List.of(OutputCompression.ZLIB, OutputCompression.ZSTD)) {
            Path first = out.resolve("first-" + compression.text() + ".qcow2");
            Path second = out.resolve("second-" + compression.text() + ".qcow2");
            try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir)) {
                // New data, zeroed data and discarded data over what the base holds.
                TestImages.run("qemu-io", "-c", "write -P 0xab 1M 1M", "-c", "write -z 30M 1M", "-c", "discard 40M 1M",
                        overlay.path().toString());
                PublishedImage published = publisher(first, compression).publish(overlay, ImagePublisherTest.manifest(base));
                assertTrue(published.manifest().output().fromPackedBase(), "a 1 MiB change starts from the packed base");
                assertEquals(compression.text(), published.manifest().output().compression());
                assertReadsAs(overlay.path(), first);
                assertEquals(base.image().toString(), TestImages.QEMU_IMG.info(overlay.path()).backingFilename(),
                        "the overlay points at its base again");
            }
            Path packed = packedDir.resolve(base.sha256() + "." + compression.text() + ".qcow2");
            Object made = Files.readAttributes(packed, BasicFileAttributes.class).fileKey();
            try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir)) {
                TestImages.run("qemu-io", "-c", "write -P 0xcd 4M 1M", overlay.path().toString());
                publisher(second, compression).publish(overlay, ImagePublisherTest.manifest(base));
                assertReadsAs(overlay.path(), second);
            }
            assertEquals(made, Files.readAttributes(packed, BasicFileAttributes.class).fileKey(), "packed once, then reused");
            ImageInfo info = TestImages.QEMU_IMG.info(second);
            assertFalse(info.hasBackingFile());
            assertEquals(compression.text(), info.compressionType());
            assertTrue(TestImages.QEMU_IMG.check(second, "qcow2").clean());
            String check = TestImages.RUNNER.run(List.of("qemu-img", "check", second.toString()), Duration.ofMinutes(1)).stdout();
            assertFalse(check.contains(" 0.00% compressed clusters"), check);
            assertTrue(Files.size(second) < 27 * TestImages.MIB, "40 MiB of the base's data compressed: " + Files.size(second));
        }
        assertEquals(baseSha, Sha256.of(base.image()), "the base is only read");
    }

    /** {@code base}'s content as a zlib-compressed standalone qcow2, as a cloud image or a synthetic base is written. */
    private ResolvedBase compressedBase(ResolvedBase base) throws IOException {
        Path compressed = dir.resolve("compressed.qcow2");
        TestImages.QEMU_IMG.convert(base.image(), base.format(), compressed, OutputCompression.ZLIB);
        return new BaseResolver(TestImages.QEMU_IMG, new BaseCache(dir.resolve("cache-compressed")), flavor -> null)
                .resolve(compressed.toString());
    }

    @Test
    void aBaseWrittenCompressedIsItsOwnPackedCopyForItsCompressionOnly() throws Exception {
        ResolvedBase base = compressedBase(base("base", 0x5a));
        String baseSha = Sha256.of(base.image());
        Path zlib = out.resolve("zlib.qcow2");
        try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir)) {
            TestImages.run("qemu-io", "-c", "write -P 0xab 1M 1M", "-c", "discard 40M 1M", overlay.path().toString());
            PublishedImage published = publisher(zlib, OutputCompression.ZLIB).publish(overlay, ImagePublisherTest.manifest(base));
            assertTrue(published.manifest().output().fromPackedBase(), "a 1 MiB change starts from the base itself");
            assertReadsAs(overlay.path(), zlib);
            assertFalse(Files.exists(packedDir), "nothing packed: the base already is");

            Path zstd = out.resolve("zstd.qcow2");
            publisher(zstd, OutputCompression.ZSTD).publish(overlay, ImagePublisherTest.manifest(base));
            assertReadsAs(overlay.path(), zstd);
            assertEquals("zstd", TestImages.QEMU_IMG.info(zstd).compressionType());
            assertTrue(Files.isRegularFile(packedDir.resolve(base.sha256() + ".zstd.qcow2")), "a zlib base is packed for zstd");
        }
        assertFalse(TestImages.QEMU_IMG.info(zlib).hasBackingFile());
        assertTrue(TestImages.QEMU_IMG.check(zlib, "qcow2").clean());
        assertTrue(Files.size(zlib) < 27 * TestImages.MIB, "the base's 40 MiB stay compressed: " + Files.size(zlib));
        assertEquals(baseSha, Sha256.of(base.image()), "the base is only read");
    }

    @Test
    void aCompressedBaseWithAnInternalSnapshotIsPackedNotCopied() throws Exception {
        ResolvedBase base = compressedBase(base("base", 0x5a));
        TestImages.run("qemu-img", "snapshot", "-c", "vendor", base.image().toString());
        Path output = out.resolve("node.qcow2");
        try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir)) {
            TestImages.run("qemu-io", "-c", "write -P 0xab 1M 1M", overlay.path().toString());
            publisher(output, OutputCompression.ZLIB).publish(overlay, ImagePublisherTest.manifest(base));
            assertReadsAs(overlay.path(), output);
        }
        assertTrue(Files.isRegularFile(packedDir.resolve(base.sha256() + ".zlib.qcow2")), "packed into the cache");
        assertTrue(TestImages.run("qemu-img", "snapshot", "-l", output.toString()).stdout().isBlank(),
                "the output carries no snapshot of the base");
    }

    @Test
    void aLargeChangeIsConvertedWholeSoTheOutputStaysCompact() throws Exception {
        ResolvedBase base = base("base", 0x5a);
        Path output = out.resolve("node.qcow2");
        try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir)) {
            // Compressible, like installed packages' files, and far more than an eighth of the packed base.
            TestImages.run("qemu-io", "-c", "write -P 0x11 32M 8M", "-c", "write -P 0x22 48M 8M", overlay.path().toString());
            PublishedImage published = publisher(output, OutputCompression.ZLIB).publish(overlay, ImagePublisherTest.manifest(base));
            assertFalse(published.manifest().output().fromPackedBase());
            assertReadsAs(overlay.path(), output);
        }
        // Committed into the packed base, the 16 MiB would be stored as they are.
        assertTrue(Files.size(output) < 27 * TestImages.MIB, "every cluster compressed: " + Files.size(output));
    }

    @Test
    void aCacheThatCannotBeWrittenMeansAWholeConversionNotAFailedBuild() throws Exception {
        ResolvedBase base = base("base", 0x5a);
        Files.writeString(packedDir, "a file where the cache directory should be\n");
        Path output = out.resolve("node.qcow2");
        try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir)) {
            TestImages.run("qemu-io", "-c", "write -P 0xab 1M 1M", overlay.path().toString());
            PublishedImage published = publisher(output, OutputCompression.ZLIB).publish(overlay, ImagePublisherTest.manifest(base));
            assertFalse(published.manifest().output().fromPackedBase());
            assertReadsAs(overlay.path(), output);
        }
    }

    @Test
    void noCompressionNeverPacks() throws Exception {
        ResolvedBase base = base("base", 0x5a);
        Path output = out.resolve("node.qcow2");
        try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir)) {
            PublishedImage published = publisher(output, OutputCompression.NONE).publish(overlay, ImagePublisherTest.manifest(base));
            assertFalse(published.manifest().output().fromPackedBase());
            assertReadsAs(overlay.path(), output);
        }
        assertFalse(Files.exists(packedDir), "nothing packed");
    }

    @Test
    void onlyTheMostRecentlyUsedPackedBasesAreKept() throws Exception {
        for (int i = 0; i < PackedBases.KEEP + 2; i++) {
            ResolvedBase base = base("base" + i, i + 1);
            new PackedBases(TestImages.QEMU_IMG, packedDir).packed(base, OutputCompression.ZLIB);
            Files.setLastModifiedTime(packedDir.resolve(base.sha256() + ".zlib.qcow2"),
                    java.nio.file.attribute.FileTime.fromMillis(1_000_000L * (i + 1)));
        }
        try (var entries = Files.list(packedDir)) {
            assertEquals(PackedBases.KEEP, entries.filter(p -> p.toString().endsWith(".qcow2")).count());
        }
    }
}
