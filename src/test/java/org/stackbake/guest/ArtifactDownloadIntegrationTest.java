package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stackbake.CacheDirs;
import org.stackbake.base.LoopbackServer;
import org.stackbake.cli.CliRunner;

/**
 * `build` downloading etcd's tarball (a FIXTURE, see EtcdFixtureTarball) from a loopback HTTP server
 * into the cache, verified against the SHA-256 the definition pins: the right digest builds (the file
 * is kept under its digest), a wrong one fails the build with nothing at the output path and nothing
 * cached. install: firstboot, so no dnf runs; the base is the EL 9 bootable test base. Two launches.
 */
@Tag("libguestfs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ArtifactDownloadIntegrationTest {
    private static final String BASE = "synthetic:rocky-9-bootable";
    private static final String PATH = "/etcd/v3.6.5/" + EtcdFixtureTarball.FILE_NAME;
    /** The same file on another path, for the build that pins a wrong digest. */
    private static final String OTHER_PATH = "/other-mirror/etcd/v3.6.5/" + EtcdFixtureTarball.FILE_NAME;

    Path work;
    LoopbackServer server;
    String sha256;
    final Path cache = CacheDirs.fromSystem().artifacts();

    @BeforeAll
    void serveTheFixture() throws Exception {
        work = Files.createTempDirectory("stackbake-artifact-download-");
        sha256 = EtcdFixtureTarball.write(work.resolve("served"));
        server = new LoopbackServer();
        byte[] tarball = Files.readAllBytes(work.resolve("served").resolve(EtcdFixtureTarball.FILE_NAME));
        server.serve(PATH, tarball);
        server.serve(OTHER_PATH, tarball);
        deleteTree(cache.resolve(sha256));
        GuestTestSupport.syntheticBase("rocky-9-bootable");
    }

    @AfterAll
    void close() throws IOException {
        server.close();
        deleteTree(cache.resolve(sha256));
        deleteTree(work);
    }

    private Path controllerPinning(String name, String path, String digest) throws IOException {
        Path defs = Files.createDirectories(work.resolve(name));
        Files.copy(Path.of("images/gazpacho/site.yaml"), defs.resolve("site.yaml"));
        Path controller = defs.resolve("controller.yaml");
        Files.writeString(controller, Files.readString(Path.of("images/gazpacho/controller.yaml"))
                + "install: firstboot\nartifacts:\n  etcd: {url: \"" + server.url(path) + "\", sha256: \"" + digest + "\"}\n");
        return controller;
    }

    @Test
    void theVerifiedDownloadIsCachedAndInstalled() throws IOException {
        Path output = work.resolve("out/controller.qcow2");
        Files.createDirectories(output.getParent());

        CliRunner.Result build = CliRunner.run("build", controllerPinning("good", PATH, sha256).toString(), "--base", BASE,
                "-o", output.toString(), "--no-compress");

        assertEquals(0, build.exitCode(), build.out() + build.err());
        assertTrue(build.out().contains("downloading " + server.url(PATH) + " (etcd-3.6.5, once: cached in " + cache + ")"),
                build.out());
        assertEquals(1, server.requestsFor(PATH).size());
        assertTrue(Files.isRegularFile(cache.resolve(sha256).resolve(EtcdFixtureTarball.FILE_NAME)), "kept under its digest");
        assertEquals(sha256, new com.fasterxml.jackson.databind.ObjectMapper().readTree(Files.readString(Path.of(output + ".json")))
                .get("artifacts").get(0).get("sha256").asText());
    }

    @Test
    void aWrongDigestFailsTheBuildWithNothingAtTheOutputAndNothingCached() throws IOException {
        String wrong = "0".repeat(64);
        Path output = work.resolve("out-wrong/controller.qcow2");
        Files.createDirectories(output.getParent());

        CliRunner.Result build = CliRunner.run("build", controllerPinning("wrong", OTHER_PATH, wrong).toString(), "--base", BASE,
                "-o", output.toString(), "--no-compress");

        assertEquals(1, build.exitCode(), build.out() + build.err());
        List<String> errors = build.err().lines().toList();
        assertEquals(1, errors.size(), build.err());
        assertTrue(errors.get(0).startsWith("stackbake: error: " + EtcdFixtureTarball.FILE_NAME + " from " + server.url(OTHER_PATH)
                + " has SHA-256 " + sha256 + ", not the pinned " + wrong + " (etcd-3.6.5)"), errors.get(0));
        try (Stream<Path> beside = Files.list(output.getParent())) {
            assertEquals(List.of(), beside.toList(), "nothing at the output path, nothing beside it");
        }
        assertFalse(Files.exists(cache.resolve(wrong).resolve(EtcdFixtureTarball.FILE_NAME)));
        assertFalse(Files.exists(cache.resolve(wrong).resolve(EtcdFixtureTarball.FILE_NAME + ".part")));
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> walk = Files.walk(dir)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
        Files.deleteIfExists(dir);
    }
}
