package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stackbake.cli.CliRunner;
import org.stackbake.guest.api.GuestDisk;
import org.stackbake.guest.api.GuestDisks;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.guest.api.GuestSession;

/**
 * `build --repo DIR` for real, on the bootable test base {@code synthetic:rocky-9-bootable}: the
 * guest's own dnf and rpm (Debian's dnf 4.14 and rpm 4.18 in a Debian userland arranged the EL
 * way, whose rpm database declares the recipe's packages and the userland's basics) install
 * fixture RPMs built now with the host's rpmbuild from a repository made with createrepo_c. What
 * is real: rpmbuild, createrepo_c, the appliance, the guest's dnf resolving a dependency and rpm
 * installing files and recording them; what is not: the base is synthetic, and the fixtures stand
 * in for OpenStack's packages. Three builds: one image with -o, a release folder of two images in
 * one launch (the air-gapped CI pipeline), one image whose package is missing; then the three
 * outputs reopened read-only on one appliance.
 */
@Tag("libguestfs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class OfflineInstallIntegrationTest {
    private static final String BASE = "synthetic:rocky-9-bootable";
    private static final String APP_FILE = "/opt/stackbake-fixture-app/app.txt";
    private static final String LIB_FILE = "/usr/share/stackbake-fixture-lib/lib.txt";

    Path work;
    Path repo;
    Path output;
    CliRunner.Result build;
    CliRunner.Result release;
    List<JsonNode> releaseJson = new ArrayList<>();
    GuestDisks disks;
    GuestSession image;
    /** Of the release folder's controller and compute: the fixture files each holds ("" when absent), rpm -q's answer. */
    final Map<String, List<String>> releaseImages = new HashMap<>();

    @BeforeAll
    void buildWithTheFixtureRepository() throws Exception {
        work = Files.createTempDirectory("stackbake-offline-");
        repo = fixtureRepository(work.resolve("repo"));
        GuestTestSupport.syntheticBase("rocky-9-bootable");
        Path definition = GuestTestSupport.controllerWith(Files.createDirectories(work.resolve("def")),
                "packages: [stackbake-fixture-app]\n");
        output = work.resolve("out/controller.qcow2");
        Files.createDirectories(output.getParent());

        build = CliRunner.run("build", definition.toString(), "--base", BASE, "--repo", repo.toString(),
                "-o", output.toString(), "--no-compress");

        System.out.println("[offline install] build output:\n" + build.out());
        assertEquals(0, build.exitCode(), build.out() + build.err());

        // A release folder: the controller wants the app (and so the lib), compute only the lib.
        Path folder = Files.createDirectories(work.resolve("release"));
        GuestTestSupport.controllerWith(folder, "packages: [stackbake-fixture-app]\n");
        Files.writeString(folder.resolve("compute.yaml"), Files.readString(Path.of("images/epoxy/compute.yaml"))
                + "packages: [stackbake-fixture-lib]\n");
        Path releaseOut = Files.createDirectories(work.resolve("release-out"));
        release = CliRunner.run("build", folder.toString(), "--base", BASE, "--repo", repo.toString(),
                "--output-dir", releaseOut.toString(), "--no-compress", "--json");
        System.out.println("[offline install] release folder build:\n" + release.err());
        assertEquals(0, release.exitCode(), release.out() + release.err());
        for (String line : release.out().lines().toList()) {
            releaseJson.add(new ObjectMapper().readTree(line));
        }

        List<String> names = releaseJson.stream().map(j -> j.get("name").asText()).toList();
        List<GuestDisk> outputs = new ArrayList<>(List.of(GuestDisk.of(output)));
        releaseJson.forEach(j -> outputs.add(GuestDisk.of(Path.of(j.get("output").asText()))));
        disks = new LibguestfsBackend().openMany(outputs, "qcow2", true, GuestTestSupport.accel(), line -> { }, false);
        for (int i = 1; i < outputs.size(); i++) {
            try (GuestSession built = disks.select(i)) {
                List<String> facts = new ArrayList<>();
                for (String file : List.of(APP_FILE, LIB_FILE)) {
                    facts.add(built.exists(file) ? new String(built.readBytes(file), StandardCharsets.UTF_8) : "");
                }
                facts.add(built.tryRun(List.of("rpm", "-qa", "stackbake-fixture-*")).output().strip());
                releaseImages.put(names.get(i - 1), facts);
            }
        }
        image = disks.select(0);
    }

    @AfterAll
    void close() throws Exception {
        GuestTestSupport.closeAndDelete(disks, work);
    }

    @Test
    void theMissingPackageIsInstalledOfflineInTheOneLaunch() {
        List<String> lines = build.out().lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("launch appliance")).count(), build.out());
        assertTrue(lines.stream().noneMatch(l -> l.contains("network on")), "an offline build keeps the network off: " + build.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[1/") && l.contains("(offline: 1 local repository, network off)")
                && l.contains("installed 1: stackbake-fixture-app (12 already there)")), "only what rpm lacks is installed: " + build.out());
    }

    @Test
    void aReleaseFolderIsBuiltInOneLaunchWithTheLocalRepository() {
        assertEquals(1, release.err().lines().filter(l -> l.startsWith("launch appliance")).count(), release.err());
        assertTrue(release.err().lines().noneMatch(l -> l.contains("network on")), release.err());
        assertEquals(List.of("built", "built"), releaseJson.stream().map(j -> j.get("status").asText()).toList());
        assertTrue(release.err().lines().anyMatch(l -> l.startsWith("[controller] [1/")
                && l.contains("(offline: 1 local repository, network off)") && l.contains("installed 1: stackbake-fixture-app")),
                release.err());
        assertTrue(release.err().lines().anyMatch(l -> l.startsWith("[compute] [1/")
                && l.contains("installed 1: stackbake-fixture-lib")), release.err());
    }

    @Test
    void eachImageOfTheReleaseHoldsItsOwnPackages() throws IOException {
        assertEquals(List.of("fixture app 1.0\n", "fixture lib 2.3\n",
                "stackbake-fixture-app-1.0-1.noarch\nstackbake-fixture-lib-2.3-4.noarch"),
                sortedRpms(releaseImages.get("controller")), "the app and the lib it requires");
        assertEquals(List.of("", "fixture lib 2.3\n", "stackbake-fixture-lib-2.3-4.noarch"),
                sortedRpms(releaseImages.get("compute")), "the lib alone: one image's packages stay in that image");
        for (JsonNode image : releaseJson) {
            JsonNode manifest = new ObjectMapper().readTree(Path.of(image.get("output").asText() + ".json").toFile());
            assertTrue(manifest.get("packages").toString().contains("stackbake-fixture-lib-2.3-4.noarch"), manifest.toString());
        }
    }

    private static List<String> sortedRpms(List<String> facts) {
        return List.of(facts.get(0), facts.get(1), String.join("\n", facts.get(2).lines().sorted().toList()));
    }

    @Test
    void theManifestListsThePackageAndItsDependencyWithVersions() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(Files.readString(Path.of(output + ".json")));
        List<String> packages = new ArrayList<>();
        manifest.get("packages").forEach(p -> packages.add(p.asText()));
        assertTrue(packages.contains("stackbake-fixture-app-1.0-1.noarch"), packages.toString());
        assertTrue(packages.contains("stackbake-fixture-lib-2.3-4.noarch"), "the dependency came along: " + packages);
    }

    @Test
    void thePackagesFilesAreInTheImageAndRpmKnowsThem() {
        assertEquals("fixture app 1.0\n", new String(image.readBytes("/opt/stackbake-fixture-app/app.txt"), StandardCharsets.UTF_8));
        assertEquals("fixture lib 2.3\n", new String(image.readBytes("/usr/share/stackbake-fixture-lib/lib.txt"),
                StandardCharsets.UTF_8));
        GuestRun rpm = image.tryRun(List.of("rpm", "-q", "stackbake-fixture-app", "stackbake-fixture-lib"));
        assertTrue(rpm.succeeded(), rpm.output());
        assertEquals(List.of("stackbake-fixture-app-1.0-1.noarch", "stackbake-fixture-lib-2.3-4.noarch"),
                rpm.output().lines().toList());
    }

    @Test
    void nothingOfTheInstallMachineryIsLeftInTheImage() {
        assertFalse(image.exists("/var/tmp/stackbake-repo-0"), "the uploaded repository is removed");
        GuestRun repoFiles = image.tryRun(List.of("find", "/etc/yum.repos.d", "/etc/dnf", "-name", "*stackbake-local*"));
        assertEquals("", repoFiles.succeeded() ? repoFiles.output() : "find failed: " + repoFiles.output());
        GuestRun cache = image.tryRun(List.of("find", "/var/cache/dnf", "-mindepth", "1"));
        assertTrue(cache.succeeded(), cache.output());
        assertEquals("", cache.output(), "dnf's cache is empty");
        for (String log : List.of("/var/log/dnf.log", "/var/log/dnf.librepo.log", "/var/log/dnf.rpm.log", "/var/log/hawkey.log")) {
            assertFalse(image.exists(log), log);
        }
    }

    @Test
    void aMissingPackageFailsNamingItAndWritesNothing() throws Exception {
        Path definition = GuestTestSupport.controllerWith(Files.createDirectories(work.resolve("def-missing")),
                "packages: [no-such-package]\n");
        Path missingOutput = work.resolve("out-missing/controller.qcow2");
        Files.createDirectories(missingOutput.getParent());

        CliRunner.Result failed = CliRunner.run("build", definition.toString(), "--base", BASE, "--repo", repo.toString(),
                "-o", missingOutput.toString(), "--no-compress");

        assertEquals(1, failed.exitCode(), failed.out() + failed.err());
        List<String> errors = failed.err().lines().toList();
        assertEquals(1, errors.size(), failed.err());
        assertTrue(errors.get(0).startsWith("stackbake: error: installing packages: package not found: no-such-package"),
                errors.get(0));
        assertFalse(Files.exists(missingOutput));
        try (Stream<Path> beside = Files.list(missingOutput.getParent())) {
            assertEquals(List.of(), beside.toList(), "nothing beside the output either");
        }
    }

    /** Two noarch RPMs (the app requires the lib, with a version) in a createrepo_c repository. */
    private static Path fixtureRepository(Path repo) throws Exception {
        Path top = repo.resolveSibling("rpmbuild");
        Files.createDirectories(repo);
        FixtureRpms.build(top, "stackbake-fixture-lib", "2.3", "4", "", "/usr/share/stackbake-fixture-lib/lib.txt",
                "fixture lib 2.3");
        FixtureRpms.build(top, "stackbake-fixture-app", "1.0", "1", "Requires: stackbake-fixture-lib >= 2.0",
                "/opt/stackbake-fixture-app/app.txt", "fixture app 1.0");
        FixtureRpms.copyInto(top, repo);
        FixtureRpms.run(List.of("createrepo_c", "--quiet", repo.toString()));
        return repo;
    }
}
