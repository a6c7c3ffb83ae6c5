package org.stackbake.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.CacheDirs;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.GuestOs;
import org.stackbake.image.BuildManifest;
import org.stackbake.files.Sha256;
import org.stackbake.image.Sidecars;

/**
 * The batch pipeline against a directory guest (no appliance): real definitions, qemu-img
 * overlays and conversions, sidecars. Every disk is the same directory here, so what differs
 * between images is checked by BatchBuildIntegrationTest; this checks the orchestration.
 */
@Tag("unit")
class BuildBatchTest {
    private static final GuestOs ROCKY = new GuestOs("linux", "rocky", 9, 6, "Rocky Linux 9.6 (Blue Onyx)", "rpm");
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    Path defs;
    Path out;
    CacheDirs cache;
    DirectoryBackend backend;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void guestDefinitionsAndBase() throws Exception {
        Path guest = Files.createDirectories(dir.resolve("guest"));
        for (String d : List.of("etc/systemd/system/multi-user.target.wants", "usr/lib/systemd/system", "etc/sysconfig",
                "etc/NetworkManager/system-connections")) {
            Files.createDirectories(guest.resolve(d));
        }
        Files.writeString(guest.resolve("etc/shadow"), "root:!!:19000:0:99999:7:::\n");
        Files.writeString(guest.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(guest.resolve("etc/group"), "root:x:0:\n");
        defs = Files.createDirectories(dir.resolve("defs"));
        for (String name : List.of("site.yaml", "controller.yaml", "compute.yaml")) {
            Files.copy(Path.of("images/epoxy", name), defs.resolve(name));
        }
        // The directory guest has no dnf: packages are left to first boot.
        Files.writeString(defs.resolve("site.yaml"), Files.readString(defs.resolve("site.yaml")) + "install: firstboot\n");
        Process p = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", defs.resolve("rocky-9").toString(), "16M")
                .start();
        assertEquals(0, p.waitFor());
        out = Files.createDirectories(dir.resolve("out"));
        cache = new CacheDirs(dir.resolve("cache"));
        backend = new DirectoryBackend(guest, ROCKY);
    }

    private List<ImageResult> build() throws Exception {
        return new BuildPipeline(lines::add, new java.io.PrintWriter(java.io.Writer.nullWriter()), CLOCK, () -> backend, cache).build(List.of(defs.resolve("controller.yaml"),
                defs.resolve("compute.yaml")), out, new BuildRequest(defs.resolve("controller.yaml"), null, null, false,
                false, Accel.TCG, null, false));
    }

    @Test
    void twoImagesShareOneLaunchAndEachGetsItsOutputAndSidecars() throws Exception {
        List<ImageResult> results = build();

        assertEquals(1, backend.launches);
        assertTrue(backend.opened.get(0).endsWith("qcow2 rw TCG disk 0"), backend.opened.toString());
        assertTrue(backend.opened.get(1).endsWith("qcow2 rw TCG disk 1"), backend.opened.toString());
        assertEquals(List.of(ImageResult.Status.BUILT, ImageResult.Status.BUILT), results.stream().map(ImageResult::status).toList());
        assertEquals(out.resolve("controller-epoxy-20261127.1.qcow2").toAbsolutePath(), results.get(0).output().toAbsolutePath());
        assertEquals(out.resolve("compute-epoxy-20261127.1.qcow2").toAbsolutePath(), results.get(1).output().toAbsolutePath());
        for (ImageResult result : results) {
            BuildManifest manifest = Sidecars.readManifest(Sidecars.manifestFile(result.output()));
            assertEquals(Sha256.of(result.output()), manifest.output().sha256());
            assertEquals(result.sha256(), manifest.output().sha256());
            assertEquals(64, manifest.inputKey().length());
            assertTrue(manifest.steps().get(0).name().startsWith("resolve base"), manifest.steps().toString());
            assertEquals(Publish.STEP, manifest.steps().get(manifest.steps().size() - 1).name());
        }
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[controller] [1/") && l.contains("upload")), lines.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[compute] [1/") && l.contains("upload")), lines.toString());
        assertTrue(lines.contains("2 images: 2 built, 0 unchanged (skipped), 0 failed"), lines.toString());
    }

    @Test
    void aSecondRunSkipsBothWithoutALaunchAndAChangedDefinitionRebuildsOnlyItself() throws Exception {
        List<ImageResult> first = build();
        lines.clear();
        List<ImageResult> second = build();

        assertEquals(1, backend.launches, "no launch for unchanged images");
        assertEquals(List.of(ImageResult.Status.SKIPPED, ImageResult.Status.SKIPPED),
                second.stream().map(ImageResult::status).toList());
        assertEquals(first.get(0).output(), second.get(0).output());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[compute] unchanged: " + first.get(1).output())), lines.toString());

        Files.writeString(defs.resolve("compute.yaml"), Files.readString(defs.resolve("compute.yaml")) + "#\n");
        List<ImageResult> third = build();
        assertEquals(2, backend.launches);
        assertEquals(List.of(ImageResult.Status.SKIPPED, ImageResult.Status.BUILT), third.stream().map(ImageResult::status).toList());
        assertTrue(third.get(1).output().getFileName().toString().endsWith(".2.qcow2"), third.get(1).output().toString());
        assertTrue(backend.opened.get(backend.opened.size() - 1).endsWith("disk 0"), "only the changed image gets a disk");
    }

    @Test
    void severalImagesInstallFromLocalRepositoriesInOneLaunchWithTheNetworkOff() throws Exception {
        Files.writeString(defs.resolve("site.yaml"), Files.readString(defs.resolve("site.yaml"))
                .replace("install: firstboot\n", "install: build\nupdates: none\n")); // this guest has no dnf to update with
        Path repo = Files.createDirectories(dir.resolve("repo/repodata")).getParent();
        Files.writeString(repo.resolve("repodata/repomd.xml"), "<repomd/>");
        // A base holding every package: the offline install checks rpm and has nothing to do.
        backend.rpmProvides = java.util.stream.Stream.of("controller.yaml", "compute.yaml").flatMap(d -> {
            try {
                return org.stackbake.render.NodePackages.resolve(new org.stackbake.spec.DefinitionLoader()
                        .load(defs.resolve(d)).definition()).stream();
            } catch (org.stackbake.spec.SpecException e) {
                throw new AssertionError(e);
            }
        }).distinct().toList();

        List<ImageResult> results = new BuildPipeline(lines::add, new java.io.PrintWriter(java.io.Writer.nullWriter()),
                CLOCK, () -> backend, cache).build(List.of(defs.resolve("controller.yaml"), defs.resolve("compute.yaml")),
                out, new BuildRequest(defs.resolve("controller.yaml"), null, null, false, false, Accel.TCG, null, false,
                        List.of(repo)));

        assertEquals(List.of(ImageResult.Status.BUILT, ImageResult.Status.BUILT),
                results.stream().map(ImageResult::status).toList(), lines.toString());
        assertEquals(1, backend.launches);
        assertTrue(backend.opened.stream().noneMatch(o -> o.endsWith(" network")), backend.opened.toString());
        for (String image : List.of("controller", "compute")) {
            assertTrue(lines.stream().anyMatch(l -> l.startsWith("[" + image + "] [1/") && l.contains("offline: 1 local repository")),
                    lines.toString());
        }
        assertTrue(lines.stream().noneMatch(l -> l.contains("warning:")), "offline, the repository warnings do not apply");
    }

    @Test
    void anImageWhosePublishingFailsLeavesTheOtherPublished() throws Exception {
        // A directory where compute's temporary image would go makes its publishing fail, after the shared launch.
        Files.createDirectories(out.resolve(".compute-epoxy-20261127.1.qcow2.tmp-" + ProcessHandle.current().pid() + "/x"));
        List<ImageResult> results = build();

        assertEquals(ImageResult.Status.BUILT, results.get(0).status());
        assertEquals(ImageResult.Status.FAILED, results.get(1).status());
        assertTrue(Files.isRegularFile(results.get(0).output()));
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[compute] FAILED")), lines.toString());
        assertTrue(lines.contains("2 images: 1 built, 0 unchanged (skipped), 1 failed: compute"), lines.toString());
    }
}
