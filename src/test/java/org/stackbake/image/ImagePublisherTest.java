package org.stackbake.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.files.ProcessRunner;
import org.stackbake.files.Sha256;

@Tag("unit")
class ImagePublisherTest {
    @TempDir
    Path dir;
    Path out;

    @BeforeEach
    void outputDirectory() throws IOException {
        out = Files.createDirectories(dir.resolve("out"));
    }

    @Test
    void publishesAStandaloneVerifiedImageWithSidecars() throws Exception {
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 64));
        Path output = out.resolve("node.qcow2");

        try (Overlay overlay = overlayWithData(base)) {
            PublishedImage published = publisher(output, false, true).publish(overlay, manifest(base));

            ImageInfo info = TestImages.QEMU_IMG.info(output);
            assertEquals("qcow2", info.format());
            assertFalse(info.hasBackingFile());
            assertTrue(TestImages.QEMU_IMG.check(output, "qcow2").clean());
            assertEquals(0, TestImages.RUNNER.run(List.of("qemu-img", "compare", overlay.path().toString(), output.toString()),
                    Duration.ofMinutes(1)).exitCode(), "the output must hold exactly the overlay's content");
            assertEquals(base.sha256(), Sha256.of(base.image()));

            BuildManifest.Output recorded = published.manifest().output();
            assertEquals(new BuildManifest.Output(output.toString(), Sha256.of(output), 64 * TestImages.MIB, info.actualSize()),
                    recorded);
            assertEquals(published.manifest(), Sidecars.readManifest(out.resolve("node.qcow2.json")));
        }
        assertEquals(Sha256.of(output) + "  node.qcow2\n", Files.readString(out.resolve("node.qcow2.sha256")));
        Process check = new ProcessBuilder("sha256sum", "-c", "node.qcow2.sha256").directory(out.toFile())
                .redirectErrorStream(true).start();
        assertEquals("node.qcow2: OK\n", new String(check.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        assertEquals(0, check.waitFor());
        assertEquals(List.of("node.qcow2", "node.qcow2.json", "node.qcow2.sha256"), names(out));
    }

    @Test
    void compressesUnlessToldNot() throws IOException {
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 64));
        try (Overlay overlay = overlayWithData(base)) {
            publisher(out.resolve("small.qcow2"), false, true).publish(overlay, manifest(base));
            publisher(out.resolve("plain.qcow2"), false, false).publish(overlay, manifest(base));
        }
        long compressed = Files.size(out.resolve("small.qcow2"));
        long plain = Files.size(out.resolve("plain.qcow2"));
        assertTrue(compressed * 4 < plain, compressed + " vs " + plain);
    }

    @Test
    void refusesAnExistingOutputUnlessForced() throws IOException {
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 64));
        Path output = out.resolve("node.qcow2");
        try (Overlay overlay = overlayWithData(base)) {
            publisher(output, false, true).publish(overlay, manifest(base));
        }
        String previous = Sha256.of(output);

        StackbakeException e = refused(() -> publisher(output, false, true).checkDestination());
        assertEquals("output " + output + " exists", e.getMessage());
        assertEquals("--force replaces it, or choose another -o", e.hint());
        assertEquals(previous, Sha256.of(output));

        try (Overlay overlay = overlayWithData(base, "0xcd")) {
            publisher(output, true, true).publish(overlay, manifest(base));
        }
        assertEquals("qcow2", TestImages.QEMU_IMG.info(output).format());
        assertFalse(previous.equals(Sha256.of(output)));
        assertEquals(List.of("node.qcow2", "node.qcow2.json", "node.qcow2.sha256"), names(out));
    }

    @Test
    void forceReplacesOnlyAPreviousBuildsImage() throws Exception {
        Path notAnImage = Files.writeString(out.resolve("notes.qcow2"), "mine");
        assertEquals("output " + notAnImage + " is not an image stackbake built (no notes.qcow2.json beside it);"
                + " --force does not replace it", refused(() -> publisher(notAnImage, true, true).checkDestination()).getMessage());

        Path target = Files.writeString(dir.resolve("target"), "pointed at");
        Path link = Files.createSymbolicLink(out.resolve("link.qcow2"), target);
        Files.writeString(out.resolve("link.qcow2.json"), "{}");
        assertEquals("output " + link + " is a symbolic link; --force does not replace it",
                refused(() -> publisher(link, true, true).checkDestination()).getMessage());

        Path fifo = out.resolve("fifo.qcow2");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        Files.writeString(out.resolve("fifo.qcow2.json"), "{}");
        assertEquals("output " + fifo + " is not a regular file; --force does not replace it",
                refused(() -> publisher(fifo, true, true).checkDestination()).getMessage());

        assertEquals("output / is a directory", refused(() -> publisher(Path.of("/"), true, true).checkDestination()).getMessage());

        Path orphan = Files.writeString(out.resolve("orphan.qcow2.sha256"), "mine");
        assertEquals(orphan + " exists without its image",
                refused(() -> publisher(out.resolve("orphan.qcow2"), false, true).checkDestination()).getMessage());

        assertEquals("mine", Files.readString(notAnImage));
        assertEquals("pointed at", Files.readString(target));
        assertTrue(Files.isSymbolicLink(link));
        assertEquals("mine", Files.readString(orphan));
    }

    @Test
    void anOutputWrittenWhileTheBuildRanIsNeverReplaced() throws IOException {
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 64));
        Path output = out.resolve("node.qcow2");
        ImagePublisher slow = publisher(output, false, true);
        slow.checkDestination(); // the build starts: nothing at the output yet

        String theirs;
        try (Overlay overlay = overlayWithData(base, "0xcd")) {
            theirs = publisher(output, false, true).publish(overlay, manifest(base)).manifest().output().sha256();
        }
        try (Overlay overlay = overlayWithData(base)) {
            StackbakeException e = assertThrows(StackbakeException.class, () -> slow.publish(overlay, manifest(base)));
            assertEquals(StackbakeException.Kind.FAILURE, e.kind());
            assertEquals("output " + output + " was written by someone else while this build ran; it was not replaced",
                    e.getMessage());
        }
        assertEquals(theirs, Sha256.of(output));
        assertEquals(theirs + "  node.qcow2\n", Files.readString(out.resolve("node.qcow2.sha256")));
        assertEquals(List.of("node.qcow2", "node.qcow2.json", "node.qcow2.sha256"), names(out));
    }

    @Test
    void forceReplacesThePreviousBuildItFoundNotOneWrittenMeanwhile() throws IOException {
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 64));
        Path output = out.resolve("node.qcow2");
        try (Overlay overlay = overlayWithData(base)) {
            publisher(output, false, true).publish(overlay, manifest(base));
        }
        ImagePublisher slow = publisher(output, true, true);
        slow.checkDestination(); // finds the previous build, which --force may replace

        String theirs;
        try (Overlay overlay = overlayWithData(base, "0xcd")) {
            theirs = publisher(output, true, true).publish(overlay, manifest(base)).manifest().output().sha256();
        }
        try (Overlay overlay = overlayWithData(base, "0xef")) {
            assertThrows(StackbakeException.class, () -> slow.publish(overlay, manifest(base)));
        }
        assertEquals(theirs, Sha256.of(output));
    }

    @Test
    void twoBuildsToOneOutputAtOnceLeaveOneCompleteImageAndOneFailure() throws Exception {
        Path base = TestImages.rawDisk(dir.resolve("base.raw"), 64);
        Path output = out.resolve("node.qcow2");
        List<Process> builds = new java.util.ArrayList<>();
        List<java.io.BufferedReader> outputs = new java.util.ArrayList<>();
        for (String pattern : List.of("0xab", "0xcd")) {
            Path work = Files.createDirectories(dir.resolve("work-" + pattern));
            Process build = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), PublishOnce.class.getName(),
                    base.toString(), work.toString(), output.toString(), pattern)
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            builds.add(build);
            outputs.add(new java.io.BufferedReader(new java.io.InputStreamReader(build.getInputStream(), StandardCharsets.UTF_8)));
        }
        for (java.io.BufferedReader lines : outputs) {
            assertEquals("ready", lines.readLine(), "both builds checked the destination before either publishes");
        }
        for (Process build : builds) {
            build.getOutputStream().close(); // go, both at once
        }
        List<String> results = new java.util.ArrayList<>();
        for (int i = 0; i < builds.size(); i++) {
            results.add(outputs.get(i).readLine());
            assertTrue(builds.get(i).waitFor(5, TimeUnit.MINUTES));
        }

        List<String> built = results.stream().filter(r -> r.startsWith("built ")).toList();
        assertEquals(1, built.size(), results.toString());
        assertTrue(results.contains("output " + output + " was written by someone else while this build ran;"
                + " it was not replaced"), results.toString());
        String sha256 = built.get(0).substring("built ".length());
        assertEquals(sha256, Sha256.of(output));
        assertEquals(sha256, Sidecars.readManifest(out.resolve("node.qcow2.json")).output().sha256());
        assertEquals(sha256 + "  node.qcow2\n", Files.readString(out.resolve("node.qcow2.sha256")));
        assertEquals(List.of("node.qcow2", "node.qcow2.json", "node.qcow2.sha256"), names(out));
    }

    @Test
    void twoBuildsWithDefaultNamesIntoOneFolderAtOnceEachGetTheirOwnImage() throws Exception {
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 64));
        java.time.Clock clock = java.time.Clock.systemUTC();
        try (Overlay a = overlayWithData(base, "0xab"); Overlay b = overlayWithData(base, "0xcd")) {
            List<Object> outcomes = inParallel(
                    () -> publisher(DefaultOutputName.next(out, "node", "epoxy", clock), false, true).publish(a, manifest(base)),
                    () -> publisher(DefaultOutputName.next(out, "node", "epoxy", clock), false, true).publish(b, manifest(base)));

            List<Path> images = outcomes.stream().map(o -> ((PublishedImage) o).image()).sorted().toList();
            assertEquals(2, images.size());
            assertTrue(images.get(0).getFileName().toString().endsWith(".1.qcow2"), images.toString());
            assertTrue(images.get(1).getFileName().toString().endsWith(".2.qcow2"), images.toString());
            for (Object outcome : outcomes) {
                PublishedImage image = (PublishedImage) outcome;
                assertEquals(image.manifest().output().sha256(), Sha256.of(image.image()));
            }
        }
        assertEquals(List.of(), names(out).stream().filter(n -> n.endsWith(".reserved")).toList(),
                "publishing gives the reservation back");
    }

    /** Runs both at once; each outcome is the result or the exception thrown. */
    private static List<Object> inParallel(java.util.concurrent.Callable<?> first, java.util.concurrent.Callable<?> second)
            throws Exception {
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(2);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Object>> futures = new java.util.ArrayList<>();
            for (java.util.concurrent.Callable<?> task : List.of(first, second)) {
                futures.add(pool.submit(() -> {
                    start.await();
                    try {
                        return task.call();
                    } catch (Exception e) {
                        return e;
                    }
                }));
            }
            start.countDown();
            List<Object> outcomes = new java.util.ArrayList<>();
            for (java.util.concurrent.Future<Object> future : futures) {
                outcomes.add(future.get(5, TimeUnit.MINUTES));
            }
            return outcomes;
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void refusesAMissingOutputDirectory() {
        Path output = out.resolve("missing/node.qcow2");

        assertEquals("output directory " + output.getParent() + " does not exist",
                refused(() -> publisher(output, false, true).checkDestination()).getMessage());
    }

    @Test
    void refusesAFileWhereTheDirectoryShouldBe() throws IOException {
        Path file = Files.writeString(out.resolve("file"), "x");

        assertEquals("output directory " + file + " is not a directory",
                refused(() -> publisher(file.resolve("node.qcow2"), false, true).checkDestination()).getMessage());
    }

    @Test
    void refusesAReadOnlyDirectoryEvenForRoot() throws IOException {
        Path readOnly = Files.createDirectories(dir.resolve("ro"));
        try (Tmpfs mounted = Tmpfs.mount(readOnly, "ro,size=1M")) {
            assertEquals("output directory " + readOnly + " is not writable",
                    refused(() -> publisher(readOnly.resolve("node.qcow2"), false, true).checkDestination()).getMessage());
        }
    }

    @Test
    void refusesWhenFreeSpaceIsShortAndNamesBothFigures() throws IOException {
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 64));
        Path small = Files.createDirectories(dir.resolve("small"));
        try (Tmpfs mounted = Tmpfs.mount(small, "size=1M"); Overlay overlay = overlayWithData(base)) {
            StackbakeException e = refused(() -> publisher(small.resolve("node.qcow2"), false, true).publish(overlay, manifest(base)));

            long required = TestImages.QEMU_IMG.measureRequired(overlay.path());
            assertEquals("not enough free space in " + small + ": the image needs up to " + ImagePublisher.human(required)
                    + ", 1.0 MiB (1048576 bytes) available", e.getMessage());
            assertEquals(List.of(), names(small));
        }
    }

    @Test
    void removesStaleTemporariesOfKilledRunsOnly() throws IOException {
        long dead = BaseResolverTest.deadPid();
        Path staleImage = Files.writeString(out.resolve(".node.qcow2.tmp-" + dead), "partial");
        Path staleManifest = Files.writeString(out.resolve(".node.qcow2.json.tmp-" + dead), "partial");
        Path running = Files.writeString(out.resolve(".node.qcow2.tmp-1"), "pid 1 is alive");
        Path otherOutput = Files.writeString(out.resolve(".other.qcow2.tmp-" + dead), "not ours");

        publisher(out.resolve("node.qcow2"), false, true).checkDestination();

        assertFalse(Files.exists(staleImage));
        assertFalse(Files.exists(staleManifest));
        assertTrue(Files.exists(running));
        assertTrue(Files.exists(otherOutput));
    }

    @Test
    void aConversionFailingMidwayLeavesNothingAtTheOutput() throws IOException {
        ResolvedBase base = resolve(TestImages.randomRawDisk(dir.resolve("random.raw"), 64));
        QemuImg impatient = new QemuImg(new ProcessRunner(), Duration.ofMillis(700));
        Path output = out.resolve("node.qcow2");

        try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir)) {
            StackbakeException e = assertThrows(StackbakeException.class,
                    () -> new ImagePublisher(impatient, output, false, true).publish(overlay, manifest(base)));
            assertEquals("qemu-img convert timed out after 700ms", e.getMessage());
        }
        assertEquals(List.of(), names(out));
    }

    @Test
    void aSidecarFailingRemovesTheImageToo() throws IOException {
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 64));
        Path output = out.resolve("node.qcow2");
        Path blocker = out.resolve("node.qcow2.json");

        try (Overlay overlay = overlayWithData(base)) {
            // Someone creates the manifest's path after the image is in place.
            StackbakeException e = assertThrows(StackbakeException.class,
                    () -> publisher(output, false, true).publish(overlay, () -> {
                        try {
                            Files.writeString(Files.createDirectories(blocker).resolve("keep"), "not ours");
                        } catch (IOException io) {
                            throw new java.io.UncheckedIOException(io);
                        }
                        return manifest(base);
                    }, null));
            assertEquals(StackbakeException.Kind.FAILURE, e.kind());
            assertEquals(blocker + " was written by someone else while this build ran; it was not replaced", e.getMessage());
        }
        assertEquals(List.of("node.qcow2.json"), names(out));
        assertEquals("not ours", Files.readString(blocker.resolve("keep")));
    }

    @Test
    void sigtermDuringConversionLeavesNothingBehind() throws Exception {
        Path random = TestImages.randomRawDisk(dir.resolve("random.raw"), 64);
        Path work = Files.createDirectories(dir.resolve("work"));
        Path output = out.resolve("node.qcow2");
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), PublishUntilKilled.class.getName(),
                random.toString(), work.toString(), output.toString())
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        Path temp = out.resolve(".node.qcow2.tmp-" + child.pid());

        awaitNonEmpty(temp, child);
        child.destroy(); // SIGTERM

        assertTrue(child.waitFor(30, TimeUnit.SECONDS));
        assertEquals(143, child.exitValue(), Files.readString(dir.resolve("child.log")));
        assertEquals(List.of(), names(out));
        assertEquals(List.of(), names(work), "the overlay directory must be gone too");
        assertFalse(ProcessHandle.allProcesses().anyMatch(p -> p.info().arguments()
                .map(args -> List.of(args).contains(temp.toString())).orElse(false)), "qemu-img convert must be stopped");
    }

    /** A manifest as the build fills it in: one ordinary and one secret-bearing file. */
    static BuildManifest manifest(ResolvedBase base) {
        return new BuildManifest("0.1.0", new BuildManifest.Definition("images/epoxy/controller.yaml", "ab".repeat(32)),
                "epoxy", BuildManifest.Base.of(base, "rocky", "9.5"),
                List.of(new BuildManifest.InjectedFile("/etc/hostname", "0644", "root:root", DigestUtils.sha256Hex("controller\n"), false),
                        new BuildManifest.InjectedFile("/var/lib/stackbake/firstboot-secrets", "0600", "root:root", null, true)),
                List.of("chrony-4.5-3.el9.x86_64"), List.of(new BuildManifest.Step("upload files", 120)), null);
    }

    private Overlay overlayWithData(ResolvedBase base) throws IOException {
        return overlayWithData(base, "0xab");
    }

    /** An overlay of base with 2 MiB of {@code pattern} bytes: different patterns, different images. */
    private Overlay overlayWithData(ResolvedBase base, String pattern) throws IOException {
        Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir);
        TestImages.run("qemu-io", "-c", "write -P " + pattern + " 1M 2M", overlay.path().toString());
        return overlay;
    }

    private ResolvedBase resolve(Path image) throws IOException {
        return new BaseResolver(TestImages.QEMU_IMG, new BaseCache(dir.resolve("cache")), flavor -> null).resolve(image.toString());
    }

    private static ImagePublisher publisher(Path output, boolean force, boolean compress) {
        return new ImagePublisher(TestImages.QEMU_IMG, output, force, compress);
    }

    private static StackbakeException refused(org.junit.jupiter.api.function.Executable action) {
        StackbakeException e = assertThrows(StackbakeException.class, action);
        assertEquals(StackbakeException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
        return e;
    }

    private static void awaitNonEmpty(Path file, Process writer) throws Exception {
        for (int i = 0; i < 600; i++) {
            if (Files.exists(file) && Files.size(file) > TestImages.MIB) {
                return;
            }
            if (!writer.isAlive()) {
                throw new AssertionError("child exited early with " + writer.exitValue());
            }
            Thread.sleep(50);
        }
        throw new AssertionError("conversion never started writing " + file);
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
