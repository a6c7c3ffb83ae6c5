package org.stackbake.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.render.NodePackages;
import org.stackbake.CacheDirs;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.GuestOs;
import org.stackbake.image.BuildManifest;
import org.stackbake.files.ProcessRunner;
import org.stackbake.image.PublishedImage;
import org.stackbake.files.Sha256;
import org.stackbake.image.Sidecars;
import org.stackbake.render.NodeRenderer;
import org.stackbake.sbom.SpdxSchema;
import org.stackbake.spec.DefinitionLoader;

/**
 * The build and verify pipelines end to end against a directory standing in for the guest (no
 * appliance): real definitions, real qemu-img overlays and conversion, real sidecars.
 */
@Tag("unit")
class BuilderTest {
    private static final GuestOs ROCKY = new GuestOs("linux", "rocky", 9, 6, "Rocky Linux 9.6 (Blue Onyx)", "rpm");
    private static final java.io.PrintWriter NO_METER = new java.io.PrintWriter(java.io.Writer.nullWriter());
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2026-11-27T12:00:00Z"), ZoneOffset.UTC);

    @TempDir
    Path dir;
    Path guestRoot;
    Path defs;
    CacheDirs cache;
    DirectoryBackend backend;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void rockyGuestAndDefinitions() throws IOException, org.stackbake.spec.SpecException {
        guestRoot = Files.createDirectories(dir.resolve("guest"));
        for (String d : List.of("etc/systemd/system/multi-user.target.wants", "usr/lib/systemd/system", "etc/sysconfig",
                "etc/NetworkManager/system-connections")) {
            Files.createDirectories(guestRoot.resolve(d));
        }
        Files.writeString(guestRoot.resolve("usr/lib/systemd/system/chronyd.service"), "[Unit]\n");
        Files.writeString(guestRoot.resolve("etc/shadow"), "root:!!:19000:0:99999:7:::\n");
        Files.writeString(guestRoot.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(guestRoot.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(guestRoot.resolve("etc/sysconfig/network"), "NETWORKING=yes\n");
        defs = Files.createDirectories(dir.resolve("defs"));
        for (String name : List.of("site.yaml", "controller.yaml")) {
            Files.copy(Path.of("images/epoxy", name), defs.resolve(name));
        }
        // This guest has no dnf: nothing to update (UpdatePackagesTest and SecurityUpdateIntegrationTest cover updates).
        Files.writeString(defs.resolve("controller.yaml"), "updates: none\n", java.nio.file.StandardOpenOption.APPEND);
        cache = new CacheDirs(dir.resolve("cache"));
        backend = new DirectoryBackend(guestRoot, ROCKY);
        // A base that has every package of the controller: the build-time install has nothing to do.
        backend.rpmProvides = NodePackages.resolve(new DefinitionLoader().load(defs.resolve("controller.yaml")).definition());
    }

    private BuildPipeline builder() {
        return new BuildPipeline(lines::add, NO_METER, CLOCK, () -> backend, cache);
    }

    private BuildRequest request(String base, Path output, boolean dryRun) {
        return new BuildRequest(defs.resolve("controller.yaml"), base, output, false, false, Accel.TCG, null, dryRun);
    }

    @Test
    void dryRunPrintsThePlanWithoutTouchingAGuestOrTheOutput() throws Exception {
        BuildPipeline builder = new BuildPipeline(lines::add, NO_METER, CLOCK, () -> {
            throw new AssertionError("a dry run must not load the guest backend");
        }, cache);

        assertNull(builder.build(request(null, dir.resolve("out.qcow2"), true)));

        assertTrue(lines.get(0).startsWith("packages (installed by the build): vim "), lines.toString());
        assertTrue(lines.get(1).matches("plan \\(\\d+ operations, one appliance launch\\):"), lines.toString());
        assertTrue(lines.get(2).startsWith("  [1/") && lines.get(2).contains("install 12 packages"), lines.toString());
        assertTrue(lines.get(3).startsWith("  [2/") && lines.get(3).contains("upload"), lines.toString());
        assertFalse(Files.exists(dir.resolve("out.qcow2")));
        assertFalse(Files.exists(cache.root()), "a dry run creates no cache or work directory");
    }

    @Test
    void theDefinitionsBaseIsAFileBesideTheDefinitionThatNamesIt() throws Exception {
        Path base = qcow2(defs.resolve("rocky-9")); // site.yaml says base: rocky-9
        Path output = Files.createDirectories(dir.resolve("out")).resolve("controller.qcow2");

        PublishedImage published = builder().build(request(null, output, false)).published();

        assertEquals(base.toString(), published.manifest().base().path());
        assertEquals(Sha256.of(base), published.manifest().base().sha256());
        assertFalse(published.manifest().base().synthetic());
        assertEquals(1, backend.opened.size());
        assertTrue(backend.opened.get(0).startsWith(cache.work() + "/stackbake-overlay-"), backend.opened.toString());
        assertTrue(backend.opened.get(0).endsWith("/overlay.qcow2 qcow2 rw TCG disk 0 network"),
                "an online install needs the appliance network: " + backend.opened);
        assertEquals(List.of(), names(cache.work()), "the overlay directory is gone after the build");
    }

    @Test
    void theApplianceNetworkIsOnOnlyForAnOnlineInstall() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path repo = Files.createDirectories(dir.resolve("repo/repodata"));
        Files.writeString(repo.resolve("repomd.xml"), "<repomd/>");
        builder().build(new BuildRequest(defs.resolve("controller.yaml"), "synthetic:rocky-9", out.resolve("offline.qcow2"),
                false, false, Accel.TCG, null, false, List.of(repo.getParent())));
        Files.writeString(defs.resolve("controller.yaml"), "install: firstboot\n", java.nio.file.StandardOpenOption.APPEND);
        builder().build(request("synthetic:rocky-9", out.resolve("firstboot.qcow2"), false));

        assertEquals(2, backend.opened.size());
        assertTrue(backend.opened.stream().noneMatch(o -> o.endsWith(" network")), backend.opened.toString());
        // A build-time install may write anywhere (a kernel to /boot); edits alone need no /boot.
        assertTrue(backend.scopes.get(0).includes("/boot"), backend.scopes.toString());
        assertFalse(backend.scopes.get(1).includes("/boot"), backend.scopes.toString());
        assertTrue(backend.scopes.get(1).includes("/etc"), backend.scopes.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[1/") && l.contains("offline: 1 local repository")
                && l.contains("all 12 already installed, dnf not run")), lines.toString());
    }

    @Test
    void givenBaseWinsAndASyntheticBaseIsMadeOnceInTheCache() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        builder().build(request("synthetic:rocky-9", out.resolve("a.qcow2"), false));
        PublishedImage second = builder().build(request("synthetic:rocky-9", out.resolve("b.qcow2"), false)).published();

        assertEquals(List.of("rocky-9"), backend.syntheticMade, "made once, then reused");
        assertTrue(Files.isRegularFile(cache.syntheticBase("rocky-9")));
        assertEquals("synthetic:rocky-9", second.manifest().base().path());
        assertTrue(second.manifest().base().synthetic());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("built " + out.resolve("b.qcow2")) && l.endsWith("SYNTHETIC test base")),
                lines.toString());
    }

    @Test
    void aBaseThatIsNeitherAFileNorACatalogNameIsRefusedBeforeAnyGuestWork() throws IOException {
        Path site = defs.resolve("site.yaml");
        Files.writeString(site, Files.readString(site).replace("base: rocky-9", "base: rocky-8"));

        StackbakeException e = assertThrows(StackbakeException.class,
                () -> builder().build(request(null, dir.resolve("out.qcow2"), false)));

        assertEquals(StackbakeException.Kind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("no base image"), e.getMessage());
        assertTrue(e.hint().contains("'rocky-8' is neither a file nor a catalog name"), e.hint());
        assertEquals(List.of(), backend.opened);
    }

    @Test
    void theDefinitionsCatalogBaseIsTheVerifiedFileInTheBaseCacheAndTheSbomIsWritten() throws Exception {
        // site.yaml says base: rocky-9 and no such file is beside it: the catalog's, already pulled.
        Path pulled = qcow2(Files.createDirectories(cache.bases()).resolve("Rocky-9-GenericCloud-Base.latest.x86_64.qcow2"));
        Files.writeString(cache.bases().resolve(pulled.getFileName() + ".sha256"),
                Sha256.of(pulled) + "  " + pulled.getFileName() + "\n");
        Path output = Files.createDirectories(dir.resolve("out")).resolve("controller.qcow2");

        PublishedImage published = builder().build(request(null, output, false)).published();

        assertEquals(pulled.toString(), published.manifest().base().path());
        byte[] sbom = Files.readAllBytes(Sidecars.sbomFile(output));
        assertEquals(List.of(), SpdxSchema.violations(sbom));
        String text = new String(sbom, java.nio.charset.StandardCharsets.UTF_8);
        assertTrue(text.contains("\"pkg:rpm/rocky/chrony@4.5-3.el9?arch=x86_64&distro=rocky-9.6\""), text);
        assertTrue(text.contains(published.manifest().output().sha256()), "the SBOM names the image by its digest");
        assertTrue(backend.commands.stream().anyMatch(c -> c.get(0).equals("rpm") && c.contains("--qf")),
                "the guest's rpm was asked first: " + backend.commands);
    }

    @Test
    void theManifestRecordsEveryStepIncludingPublishingAndWhatWentIn() throws Exception {
        qcow2(defs.resolve("rocky-9"));
        Path output = Files.createDirectories(dir.resolve("out")).resolve("controller.qcow2");

        PublishedImage published = builder().build(request(null, output, false)).published();
        BuildManifest manifest = Sidecars.readManifest(published.manifestFile());

        assertEquals(published.manifest(), manifest, "the .json is the manifest returned");
        List<String> printedSteps = lines.stream().filter(l -> l.matches(".*\\s\\d+\\.\\d s( .*)?"))
                .map(l -> l.replaceFirst("\\s+\\d+\\.\\d s.*$", "")).toList();
        assertEquals(printedSteps, manifest.steps().stream().map(BuildManifest.Step::name).toList(),
                "every printed step is in the manifest, in order");
        assertEquals(Publish.STEP, manifest.steps().get(manifest.steps().size() - 1).name());
        assertTrue(manifest.steps().stream().allMatch(s -> s.durationMs() >= 0));

        assertEquals(defs.resolve("controller.yaml").toString(), manifest.definition().path());
        assertEquals(Sha256.of(defs.resolve("controller.yaml")), manifest.definition().sha256());
        assertEquals("epoxy", manifest.release());
        assertEquals("rocky", manifest.base().distro());
        assertEquals("9.6", manifest.base().distroVersion());
        assertEquals(List.of("chrony-4.5-3.el9.x86_64", "rocky-release-9.6-1.el9.noarch"), manifest.packages());
        List<String> rendered = new NodeRenderer(null).render(new DefinitionLoader().load(defs.resolve("controller.yaml")),
                Map.of()).entries().stream().map(f -> f.path()).toList();
        assertEquals(rendered, manifest.files().stream().map(BuildManifest.InjectedFile::path).toList());
        assertEquals(Sha256.of(output), manifest.output().sha256());
        assertEquals(manifest.output().sha256() + "  controller.qcow2\n", Files.readString(published.checksumFile()));
    }

    @Test
    void verifyChecksTheGuestAgainstTheManifestAndFindsAChangedFile() throws Exception {
        qcow2(defs.resolve("rocky-9"));
        Path output = Files.createDirectories(dir.resolve("out")).resolve("controller.qcow2");
        builder().build(request(null, output, false)).published();

        VerifyReport clean = new Verifier(lines::add, () -> backend).verify(output, null, null, Accel.AUTO);
        assertEquals(List.of(), clean.problems());
        assertTrue(backend.opened.get(backend.opened.size() - 1).endsWith("qcow2 ro AUTO"), backend.opened.toString());

        Files.writeString(guestRoot.resolve("etc/hostname"), "tampered\n");
        VerifyReport tampered = new Verifier(lines::add, () -> backend).verify(output, null, null, Accel.AUTO);
        assertEquals(List.of("/etc/hostname: content differs"), tampered.problems());
        assertFalse(tampered.ok());
    }

    /** A small empty qcow2: the directory guest ignores the disk's content. */
    static Path qcow2(Path file) throws IOException {
        new ProcessRunner().run(List.of("qemu-img", "create", "-q", "-f", "qcow2", file.toString(), "16M"),
                Duration.ofMinutes(1)).requireSuccess();
        return file;
    }

    private static List<String> names(Path directory) throws IOException {
        if (!Files.isDirectory(directory)) {
            return List.of();
        }
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
