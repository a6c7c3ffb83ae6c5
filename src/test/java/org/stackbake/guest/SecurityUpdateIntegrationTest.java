package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stackbake.cli.CliRunner;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.guest.api.GuestSession;

/**
 * {@code updates: security} for real on {@code synthetic:rocky-9-bootable}, whose rpm database
 * holds bash-completion and memcached at 0-0.synthetic.el9: a local repository (rpmbuild,
 * createrepo_c) holds newer versions of both, and an updateinfo.xml added with modifyrepo_c names
 * only bash-completion's in a security advisory. The guest's own dnf updates bash-completion and
 * leaves memcached; the manifest and the SBOM say from which version to which, under which
 * advisory. Then a changed repository defeats the unchanged skip. One appliance launch for the
 * build and one read-only reopen.
 */
@Tag("libguestfs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SecurityUpdateIntegrationTest {
    private static final String BASE = "synthetic:rocky-9-bootable";
    private static final String ADVISORY = "RLSA-2026:0001";

    Path work;
    Path repo;
    Path definition;
    Path output;
    CliRunner.Result build;
    GuestSession image;

    @BeforeAll
    void buildWithSecurityUpdatesFromTheLocalRepository() throws Exception {
        work = Files.createTempDirectory("stackbake-updates-");
        repo = repositoryWithAdvisory(work.resolve("repo"));
        GuestTestSupport.syntheticBase("rocky-9-bootable");
        definition = GuestTestSupport.controllerWith(Files.createDirectories(work.resolve("def")), "updates: security\n");
        output = work.resolve("out/controller.qcow2");
        Files.createDirectories(output.getParent());

        build = CliRunner.run("build", definition.toString(), "--base", BASE, "--repo", repo.toString(),
                "-o", output.toString(), "--no-compress");

        System.out.println("[security updates] build output:\n" + build.out());
        image = GuestTestSupport.openOutput(build, output);
    }

    @AfterAll
    void close() throws Exception {
        GuestTestSupport.closeAndDelete(image, work);
    }

    @Test
    void onlyThePackageWithASecurityAdvisoryIsUpdatedInTheOneLaunch() {
        List<String> lines = build.out().lines().toList();
        assertEquals(1, lines.stream().filter(l -> l.startsWith("launch appliance")).count(), build.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[2/") && l.contains("apply security updates with the guest's dnf"
                + " (offline: 1 local repository, network off)") && l.contains("updated 1: bash-completion.noarch"
                + " 0:0-0.synthetic.el9 -> 0:2.11-5.el9 (" + ADVISORY + ")")), build.out());
    }

    @Test
    void theManifestShowsOldAndNewVersionsAndTheAdvisory() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(Files.readString(Path.of(output + ".json")));
        JsonNode updates = manifest.get("updates");
        assertEquals(1, updates.size(), updates.toString());
        assertEquals("bash-completion", updates.get(0).get("name").asText());
        assertEquals("noarch", updates.get(0).get("arch").asText());
        assertEquals("0:0-0.synthetic.el9", updates.get(0).get("from").asText());
        assertEquals("0:2.11-5.el9", updates.get(0).get("to").asText());
        assertEquals(ADVISORY, updates.get(0).get("advisories").get(0).asText());
        List<String> packages = new ArrayList<>();
        manifest.get("packages").forEach(p -> packages.add(p.asText()));
        assertTrue(packages.contains("bash-completion-2.11-5.el9.noarch"), packages.toString());
        assertTrue(packages.contains("memcached-0-0.synthetic.el9.noarch"), "no advisory, no security update: " + packages);
        assertFalse(manifest.has("repositories"), "offline: the --repo directory is in the key by its repomd.xml");
    }

    @Test
    void theSbomAnnotatesTheUpdatedPackage() throws IOException {
        JsonNode sbom = new ObjectMapper().readTree(Files.readString(Path.of(output + ".spdx.json")));
        JsonNode bashCompletion = null;
        for (JsonNode p : sbom.get("packages")) {
            if (p.get("name").asText().equals("bash-completion")) {
                bashCompletion = p;
            }
            if (p.get("name").asText().equals("memcached")) {
                assertFalse(p.has("annotations"), p.toString());
            }
        }
        assertTrue(bashCompletion != null, sbom.toString());
        assertEquals("2.11-5.el9", bashCompletion.get("versionInfo").asText());
        assertEquals("updated by the build: bash-completion.noarch 0:0-0.synthetic.el9 -> 0:2.11-5.el9 (" + ADVISORY + ")",
                bashCompletion.get("annotations").get(0).get("comment").asText());
    }

    @Test
    void theNewVersionIsInstalledAndNothingOfTheMachineryIsLeft() {
        assertEquals("bash-completion 2.11\n", new String(image.readBytes("/usr/share/stackbake-fixture-bash-completion/version.txt"),
                StandardCharsets.UTF_8));
        GuestRun rpm = image.tryRun(List.of("rpm", "-q", "bash-completion", "memcached"));
        assertTrue(rpm.succeeded(), rpm.output());
        assertEquals(List.of("bash-completion-2.11-5.el9.noarch", "memcached-0-0.synthetic.el9.noarch"), rpm.output().lines().toList());
        assertFalse(image.exists("/var/tmp/stackbake-repo-0"));
        GuestRun cache = image.tryRun(List.of("find", "/var/cache/dnf", "-mindepth", "1"));
        assertEquals("", cache.succeeded() ? cache.output() : "find failed: " + cache.output(), "dnf's cache is empty");
    }

    @Test
    void theSameRepositoryIsUnchangedAndAChangedOneIsNot() throws Exception {
        CliRunner.Result again = CliRunner.run("build", definition.toString(), "--base", BASE, "--repo", repo.toString(),
                "-o", output.toString(), "--no-compress");
        assertEquals(0, again.exitCode(), again.out() + again.err());
        assertTrue(again.out().contains("unchanged: "), again.out());

        Path top = work.resolve("rpmbuild-moved-on");
        FixtureRpms.build(top, "etcd", "3.5.17", "1.el9", "", "/usr/share/stackbake-fixture-etcd/version.txt", "etcd 3.5.17");
        FixtureRpms.copyInto(top, repo);
        FixtureRpms.run(List.of("createrepo_c", "--quiet", "--update", repo.toString()));

        CliRunner.Result moved = CliRunner.run("build", definition.toString(), "--base", BASE, "--repo", repo.toString(),
                "-o", output.toString(), "--no-compress");
        assertEquals(2, moved.exitCode(), "not skipped: built again, so refused at the existing -o: " + moved.out() + moved.err());
        assertFalse(moved.out().contains("unchanged: "), moved.out());
        assertTrue(moved.err().contains("exists"), moved.err());
    }

    /**
     * Online, from a repository of the definition served on the build machine's loopback (the
     * appliance's user-mode network reaches it as 169.254.2.2, libguestfs's host address): every
     * update is applied, and the manifest records the repository with the digest of the repomd.xml
     * the guest's dnf read, the digest the input key includes.
     */
    @Test
    void anOnlineBuildRecordsTheRepositoryItReadWithItsMetadataDigest() throws Exception {
        Path served = work.resolve("served");
        FixtureRpms.run(List.of("cp", "-r", repo.toString(), served.toString()));
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", exchange -> {
            Path file = served.resolve(exchange.getRequestURI().getPath().substring(1)).normalize();
            if (!file.startsWith(served) || !Files.isRegularFile(file)) {
                exchange.sendResponseHeaders(404, -1);
            } else {
                exchange.sendResponseHeaders(200, Files.size(file));
                Files.copy(file, exchange.getResponseBody());
            }
            exchange.close();
        });
        server.start();
        try {
            String url = "http://169.254.2.2:" + server.getAddress().getPort() + "/";
            Path online = GuestTestSupport.controllerWith(Files.createDirectories(work.resolve("def-online")),
                    "updates: all\nrepositories:\n  - {name: fixture, baseurl: \"" + url + "\"}\n");
            Path onlineOutput = work.resolve("out-online/controller.qcow2");
            Files.createDirectories(onlineOutput.getParent());

            CliRunner.Result result = CliRunner.run("build", online.toString(), "--base", BASE, "-o", onlineOutput.toString(),
                    "--no-compress");

            System.out.println("[online updates] build output:\n" + result.out());
            assertEquals(0, result.exitCode(), result.out() + result.err());
            assertTrue(result.out().contains("launch appliance and inspect (network on)"), result.out());
            JsonNode manifest = new ObjectMapper().readTree(Files.readString(Path.of(onlineOutput + ".json")));
            List<String> updated = new ArrayList<>();
            manifest.get("updates").forEach(u -> updated.add(u.get("name").asText() + " " + u.get("to").asText()));
            assertTrue(updated.containsAll(List.of("bash-completion 0:2.11-5.el9", "memcached 0:1.6.9-1.el9")),
                    "updates: all takes the update no advisory names too: " + updated);
            JsonNode repositories = manifest.get("repositories");
            assertEquals(1, repositories.size(), repositories.toString());
            assertEquals("stackbake-fixture", repositories.get(0).get("id").asText());
            assertEquals(url, repositories.get(0).get("url").asText());
            assertEquals(DigestUtils.sha256Hex(Files.readAllBytes(served.resolve("repodata/repomd.xml"))),
                    repositories.get(0).get("repomdSha256").asText());
        } finally {
            server.stop(0);
        }
    }

    /** bash-completion and memcached newer than the base's; an advisory for bash-completion only. */
    private static Path repositoryWithAdvisory(Path repo) throws Exception {
        Path top = repo.resolveSibling("rpmbuild");
        Files.createDirectories(repo);
        FixtureRpms.build(top, "bash-completion", "2.11", "5.el9", "", "/usr/share/stackbake-fixture-bash-completion/version.txt",
                "bash-completion 2.11");
        FixtureRpms.build(top, "memcached", "1.6.9", "1.el9", "", "/usr/share/stackbake-fixture-memcached/version.txt",
                "memcached 1.6.9");
        FixtureRpms.copyInto(top, repo);
        FixtureRpms.run(List.of("createrepo_c", "--quiet", repo.toString()));
        Path updateinfo = repo.resolveSibling("updateinfo.xml");
        Files.writeString(updateinfo, """
                <?xml version="1.0" encoding="UTF-8"?>
                <updates>
                  <update from="security@example.org" status="final" type="security" version="2">
                    <id>%s</id>
                    <title>Important: bash-completion security update</title>
                    <issued date="2026-12-01 00:00:00"/>
                    <updated date="2026-12-01 00:00:00"/>
                    <severity>Important</severity>
                    <summary>A stackbake test fixture advisory.</summary>
                    <description>A stackbake test fixture advisory.</description>
                    <references/>
                    <pkglist>
                      <collection short="fixture">
                        <name>fixture</name>
                        <package name="bash-completion" version="2.11" release="5.el9" epoch="0" arch="noarch"
                                 src="bash-completion-2.11-5.el9.src.rpm">
                          <filename>bash-completion-2.11-5.el9.noarch.rpm</filename>
                        </package>
                      </collection>
                    </pkglist>
                  </update>
                </updates>
                """.formatted(ADVISORY));
        FixtureRpms.run(List.of("modifyrepo_c", "--mdtype=updateinfo", updateinfo.toString(), repo.resolve("repodata").toString()));
        return repo;
    }
}
