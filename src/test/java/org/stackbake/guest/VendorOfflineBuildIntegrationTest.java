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
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stackbake.cli.CliRunner;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.guest.api.GuestSession;

/**
 * The shipped Gazpacho controller (an EL 10 definition whose packages come from the vendors'
 * repositories, etcd from its release tarball) built offline: `build --repo DIR --artifacts DIR`,
 * the appliance network off, nothing downloaded. The local repository holds fixture RPMs with the
 * vendors' names and versions (MariaDB-server 11.8.8 from MariaDB's repository, erlang 27.3 from
 * RabbitMQ's), built now with rpmbuild; the artifacts directory a FIXTURE etcd tarball (the host's
 * Debian etcd, see EtcdFixtureTarball) whose SHA-256 the definition pins with artifacts:. The base is the EL 9 bootable test base, given with --base (the EL 10 test base is not
 * on this branch yet): the definition, its package names and .repo files are the EL 10 ones; what
 * the base's rpm database already declares (chrony, memcached, rabbitmq-server, the client) is not
 * installed again. One build, one read-only reopen.
 */
@Tag("libguestfs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class VendorOfflineBuildIntegrationTest {
    private static final String BASE = "synthetic:rocky-9-bootable";
    /** Named by the definition (and so by the SBOM), never contacted: the file comes from --artifacts. */
    private static final String MIRROR = "https://mirror.example.com/etcd/v3.6.5/" + EtcdFixtureTarball.FILE_NAME;

    Path work;
    Path output;
    String tarballSha256;
    CliRunner.Result build;
    GuestSession image;

    @BeforeAll
    void buildTheGazpachoControllerOffline() throws Exception {
        work = Files.createTempDirectory("stackbake-vendor-offline-");
        Path top = work.resolve("rpmbuild");
        FixtureRpms.build(top, "MariaDB-client", "11.8.8", "1.el10", "", "/usr/share/doc/MariaDB-client/FIXTURE",
                "MariaDB-client fixture");
        FixtureRpms.build(top, "MariaDB-server", "11.8.8", "1.el10", "Requires: MariaDB-client = 11.8.8",
                "/usr/share/doc/MariaDB-server/FIXTURE", "MariaDB-server fixture");
        FixtureRpms.build(top, "MariaDB-backup", "11.8.8", "1.el10", "", "/usr/share/doc/MariaDB-backup/FIXTURE",
                "MariaDB-backup fixture");
        FixtureRpms.build(top, "erlang", "27.3.4", "1.el9", "", "/usr/share/doc/erlang/FIXTURE", "erlang fixture");
        Path repo = Files.createDirectories(work.resolve("vendors-mirror"));
        FixtureRpms.copyInto(top, repo);
        FixtureRpms.run(List.of("createrepo_c", "--quiet", repo.toString()));
        GuestTestSupport.syntheticBase("rocky-9-bootable");
        Path defs = Files.createDirectories(work.resolve("gazpacho"));
        Files.copy(Path.of("images/gazpacho/site.yaml"), defs.resolve("site.yaml"));
        Path artifacts = work.resolve("artifacts");
        tarballSha256 = EtcdFixtureTarball.write(artifacts);
        Files.writeString(defs.resolve("controller.yaml"), Files.readString(Path.of("images/gazpacho/controller.yaml"))
                + "artifacts:\n  etcd: {url: \"" + MIRROR + "\", sha256: " + tarballSha256 + "}\n");
        output = work.resolve("out/controller.qcow2");
        Files.createDirectories(output.getParent());

        build = CliRunner.run("build", defs.resolve("controller.yaml").toString(), "--base", BASE,
                "--repo", repo.toString(), "--artifacts", artifacts.toString(), "-o", output.toString(), "--no-compress");

        System.out.println("[vendor offline build] build output:\n" + build.out());
        image = GuestTestSupport.openOutput(build, output);
    }

    @AfterAll
    void close() throws Exception {
        GuestTestSupport.closeAndDelete(image, work);
    }

    @Test
    void theVendorsPackagesAreInstalledWithTheNetworkOff() {
        List<String> lines = build.out().lines().toList();
        assertTrue(lines.contains("packages (installed by the build): vim bash-completion chrony python3-openstackclient"
                + " MariaDB-server MariaDB-client MariaDB-backup rabbitmq-server erlang memcached"), build.out());
        assertTrue(lines.stream().noneMatch(l -> l.contains("network on")), "nothing leaves the machine: " + build.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("[1/") && l.contains("(offline: 1 local repository, network off)")
                && l.contains("installed 4: MariaDB-server MariaDB-client MariaDB-backup erlang (6 already there)")), build.out());
    }

    @Test
    void theManifestListsTheVendorsPackagesWithTheirVersions() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(Files.readString(Path.of(output + ".json")));
        List<String> packages = new ArrayList<>();
        manifest.get("packages").forEach(p -> packages.add(p.asText()));
        for (String nvra : List.of("MariaDB-server-11.8.8-1.el10.noarch", "MariaDB-client-11.8.8-1.el10.noarch",
                "MariaDB-backup-11.8.8-1.el10.noarch", "erlang-27.3.4-1.el9.noarch")) {
            assertTrue(packages.contains(nvra), nvra + " in " + packages);
        }
        assertTrue(packages.stream().noneMatch(p -> p.startsWith("centos-release-openstack")), packages.toString());
        assertEquals("MariaDB-server fixture\n",
                new String(image.readBytes("/usr/share/doc/MariaDB-server/FIXTURE"), StandardCharsets.UTF_8));
    }

    @Test
    void theImageHoldsTheVendorsRepositoryFilesAndNoRdoRepository() {
        GuestRun ls = image.tryRun(List.of("ls", "-1", "/etc/yum.repos.d"));
        assertTrue(ls.succeeded(), ls.output());
        List<String> repoFiles = ls.output().lines().toList();
        assertEquals(List.of("stackbake-mariadb-11.8.8.repo", "stackbake-rabbitmq-erlang.repo", "stackbake-rabbitmq.repo"),
                repoFiles.stream().filter(f -> f.startsWith("stackbake-")).sorted().toList());
        String mariadb = new String(image.readBytes("/etc/yum.repos.d/stackbake-mariadb-11.8.8.repo"), StandardCharsets.UTF_8);
        assertTrue(mariadb.contains("\nbaseurl=https://archive.mariadb.org/yum/11.8.8/rhel/10/$basearch\n"), mariadb);
        assertTrue(mariadb.contains("\ngpgcheck=1\ngpgkey=https://downloads.mariadb.com/MariaDB/RPM-GPG-KEY-MariaDB\n"), mariadb);
        String rabbitmq = new String(image.readBytes("/etc/yum.repos.d/stackbake-rabbitmq.repo"), StandardCharsets.UTF_8);
        assertTrue(rabbitmq.contains("\nbaseurl=https://yum1.rabbitmq.com/rabbitmq/el/9/noarch https://yum2.rabbitmq.com/rabbitmq/el/9/noarch\n"),
                rabbitmq);
        assertTrue(repoFiles.stream().noneMatch(f -> f.toLowerCase().contains("openstack")), repoFiles.toString());
        GuestRun rdo = image.tryRun(List.of("rpm", "-q", "--whatprovides", "centos-release-openstack-gazpacho"));
        assertFalse(rdo.succeeded(), "no RDO release package: " + rdo.output());
        assertFalse(image.exists("/var/tmp/stackbake-repo-0"), "the uploaded mirror is removed");
    }

    @Test
    void etcdIsInstalledFromTheVerifiedTarballWithItsUnitAndUser() throws IOException {
        assertTrue(build.out().lines().anyMatch(l -> l.startsWith("[") && l.contains("install etcd-3.6.5 ("
                + EtcdFixtureTarball.FILE_NAME) && l.contains("/usr/bin/etcd /usr/bin/etcdctl /usr/bin/etcdutl")), build.out());
        assertTrue(build.out().lines().noneMatch(l -> l.startsWith("downloading")), "nothing downloaded: " + build.out());
        assertEquals(org.stackbake.files.Sha256.of(EtcdFixtureTarball.HOST_ETCD), image.sha256("/usr/bin/etcd"));
        assertEquals(0755, image.stat("/usr/bin/etcdctl").mode() & 07777);
        String unit = new String(image.readBytes("/usr/lib/systemd/system/etcd.service"), StandardCharsets.UTF_8);
        assertTrue(unit.contains("\nUser=etcd\n") && unit.contains("\nEnvironmentFile=-/etc/etcd/etcd.conf\n")
                && unit.contains("\nExecStart=/usr/bin/etcd\n"), unit);
        assertTrue(image.exists("/etc/systemd/system/multi-user.target.wants/etcd.service"), "enabled");
        // The EL 9 test base's Debian userland has an etcd user already: it is kept (InstallArtifactTest: created when missing).
        String passwd = new String(image.readBytes("/etc/passwd"), StandardCharsets.UTF_8);
        assertTrue(passwd.lines().anyMatch(l -> l.startsWith("etcd:")), passwd);
    }

    @Test
    void theManifestAndTheSbomListTheArtifactWithItsDigestAndLocation() throws IOException {
        JsonNode manifest = new ObjectMapper().readTree(Files.readString(Path.of(output + ".json")));
        JsonNode artifact = manifest.get("artifacts").get(0);
        assertEquals("etcd-3.6.5", artifact.get("name").asText());
        assertEquals("3.6.5", artifact.get("version").asText());
        assertEquals(MIRROR, artifact.get("url").asText());
        assertEquals(tarballSha256, artifact.get("sha256").asText());
        assertEquals("[\"/usr/bin/etcd\",\"/usr/bin/etcdctl\",\"/usr/bin/etcdutl\"]", artifact.get("paths").toString());

        JsonNode sbom = new ObjectMapper().readTree(Files.readString(Path.of(output + ".spdx.json")));
        JsonNode etcd = null;
        for (JsonNode p : sbom.get("packages")) {
            if (p.get("SPDXID").asText().startsWith("SPDXRef-Artifact-")) {
                etcd = p;
            }
        }
        assertTrue(etcd != null, sbom.toString());
        assertEquals("etcd", etcd.get("name").asText());
        assertEquals("3.6.5", etcd.get("versionInfo").asText());
        assertEquals(MIRROR, etcd.get("downloadLocation").asText());
        assertEquals("SHA256", etcd.get("checksums").get(0).get("algorithm").asText());
        assertEquals(tarballSha256, etcd.get("checksums").get(0).get("checksumValue").asText());
        String id = etcd.get("SPDXID").asText();
        boolean contained = false;
        for (JsonNode r : sbom.get("relationships")) {
            contained |= r.get("relationshipType").asText().equals("CONTAINS") && r.get("relatedSpdxElement").asText().equals(id);
        }
        assertTrue(contained, "the image CONTAINS it");
    }
}
