package org.stackbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What `build --dry-run` and `render` say about packages, and how `build --repo` refuses a bad directory (no appliance). */
@Tag("unit")
class BuildPackagesCommandTest {
    private static final String CONTROLLER = "images/epoxy/controller.yaml";

    @TempDir
    Path dir;

    @Test
    void dryRunShowsTheResolvedPackagesAndTheInstallBeforeEverythingElse() {
        CliRunner.Result result = CliRunner.run("build", CONTROLLER, "--dry-run");

        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals("packages (installed by the build): vim bash-completion chrony python3-openstackclient openstack-selinux"
                + " mariadb mariadb-server python3-PyMySQL rabbitmq-server memcached python3-memcached etcd", lines.get(0));
        assertTrue(lines.get(2).startsWith("  [1/") && lines.get(2).endsWith("install 12 packages with the guest's dnf"
                + " (online: crb, epel-release, centos-release-openstack-epoxy)"), result.out());
        assertTrue(lines.get(3).startsWith("  [2/") && lines.get(3).endsWith("apply security updates with the guest's dnf"
                + " (online: the guest's repositories)"), "security updates by default, after the install: " + result.out());
        assertTrue(lines.get(4).contains("upload "), result.out());
    }

    @Test
    void dryRunWithLocalRepositoriesPlansAnOfflineInstall() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo/repodata"));
        Files.writeString(repo.resolve("repomd.xml"), "<repomd/>");

        CliRunner.Result result = CliRunner.run("build", CONTROLLER, "--dry-run", "--repo", dir.resolve("repo").toString());

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().contains("install 12 packages with the guest's dnf (offline: 1 local repository, network off)"),
                result.out());
    }

    @Test
    void aRepoDirectoryWithoutRepodataIsRefusedBeforeAnythingStarts() throws IOException {
        Path notARepo = Files.createDirectories(dir.resolve("rpms"));
        Files.writeString(notARepo.resolve("x-1.0-1.noarch.rpm"), "rpm");
        Path output = dir.resolve("out.qcow2");

        CliRunner.Result result = CliRunner.run("build", CONTROLLER, "--base", "synthetic:rocky-9", "-o", output.toString(),
                "--repo", notARepo.toString());

        assertEquals(2, result.exitCode(), result.out() + result.err());
        assertEquals("stackbake: error: --repo " + notARepo + ": not an RPM repository (no repodata/repomd.xml)"
                + " (hint: run createrepo_c " + notARepo + " first)", result.err().strip());
        assertTrue(Files.notExists(output));

        Path repo = Files.createDirectories(dir.resolve("repo/repodata"));
        Files.writeString(repo.resolve("repomd.xml"), "<repomd/>");
        Files.copy(Path.of("images/epoxy/site.yaml"), dir.resolve("site.yaml"));
        Path firstboot = dir.resolve("firstboot.yaml");
        Files.writeString(firstboot, Files.readString(Path.of(CONTROLLER)) + "install: firstboot\n");
        CliRunner.Result contradiction = CliRunner.run("build", firstboot.toString(), "--dry-run", "--repo",
                dir.resolve("repo").toString());
        assertEquals(2, contradiction.exitCode());
        assertEquals("stackbake: error: --repo installs packages at build time, but " + firstboot + " says install: firstboot"
                + " (hint: drop --repo, or set install: build)", contradiction.err().strip());

        CliRunner.Result missing = CliRunner.run("build", CONTROLLER, "--dry-run", "--repo", dir.resolve("nowhere").toString());
        assertEquals(2, missing.exitCode());
        assertTrue(missing.err().startsWith("stackbake: error: --repo " + dir.resolve("nowhere") + ": no such directory"),
                missing.err());
    }

    @Test
    void renderPrintsThePackagesAndInstallModeOfEachDefinition() {
        CliRunner.Result result = CliRunner.run("render", "src/test/resources/defs/gazpacho-repositories.yaml", "-o",
                dir.resolve("out").toString());

        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().lines().anyMatch(l -> l.equals("packages for compute-gazpacho (install: build): vim"
                + " bash-completion chrony python3-openstackclient tcpdump openstack-nova-compute")), result.out());
    }

    @Test
    void aBuildAfterRdoUsesTheVendorsRepositoriesOnlineAndOnlyTheLocalOnesOffline() throws IOException {
        Path repo = Files.createDirectories(dir.resolve("repo/repodata"));
        Files.writeString(repo.resolve("repomd.xml"), "<repomd/>");

        CliRunner.Result online = CliRunner.run("build", "images/gazpacho/controller.yaml", "--dry-run");
        CliRunner.Result offline = CliRunner.run("build", "images/gazpacho/controller.yaml", "--dry-run",
                "--repo", dir.resolve("repo").toString());

        assertEquals(0, online.exitCode(), online.err());
        assertTrue(online.out().contains("packages (installed by the build): vim bash-completion chrony"
                + " python3-openstackclient MariaDB-server MariaDB-client MariaDB-backup rabbitmq-server erlang memcached"),
                online.out());
        assertTrue(online.out().contains("install 10 packages with the guest's dnf (online: crb, epel-release,"
                + " 3 repositories (stackbake-*.repo))"), online.out());
        assertEquals(0, offline.exitCode(), offline.err());
        assertTrue(offline.out().contains("install 10 packages with the guest's dnf (offline: 1 local repository, network off)"),
                offline.out());
    }
}
