package org.stackbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class RenderCommandTest {
    private static final String CONTROLLER = "images/epoxy/controller.yaml";

    @TempDir
    Path dir;

    @Test
    void rendersTheSameBytesEveryTime() throws IOException {
        assertEquals(0, CliRunner.run("render", CONTROLLER, "-o", dir.resolve("a").toString()).exitCode());
        assertEquals(0, CliRunner.run("render", CONTROLLER, "-o", dir.resolve("b").toString()).exitCode());
        assertEquals(snapshot(dir.resolve("a")), snapshot(dir.resolve("b")));
    }

    @Test
    void writesKeyfilesOwnerOnlyAndListsThemInTheManifest() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(0, CliRunner.run("render", CONTROLLER, "-o", out.toString()).exitCode());
        Path keyfile = out.resolve("etc/NetworkManager/system-connections/ens160.nmconnection");
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(keyfile)));
        assertTrue(Files.readString(out.resolve("MANIFEST"))
                .contains("/etc/NetworkManager/system-connections/ens160.nmconnection 0600 root:root "));
    }

    @Test
    void refusesANonEmptyOutputDirectoryAndLeavesItAlone() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Files.writeString(out.resolve("keep.txt"), "mine");

        CliRunner.Result result = CliRunner.run("render", CONTROLLER, "-o", out.toString());

        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("stackbake: error: " + out + ": exists and is not empty (hint:"), result.err());
        assertEquals("mine", Files.readString(out.resolve("keep.txt")));
        try (Stream<Path> siblings = Files.list(dir)) {
            assertEquals(1, siblings.count(), "no temporary directory may be left behind");
        }
    }

    @Test
    void forceReplacesAPreviousRender() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(0, CliRunner.run("render", CONTROLLER, "-o", out.toString()).exitCode());
        Files.writeString(out.resolve("stale.txt"), "old");
        assertEquals(0, CliRunner.run("render", CONTROLLER, "-o", out.toString(), "--force").exitCode());
        assertFalse(Files.exists(out.resolve("stale.txt")));
        assertTrue(Files.exists(out.resolve("etc/hosts")));
    }

    @Test
    void userTemplatesOverrideBuiltInOnesByRelativePath() throws IOException {
        Path templates = Files.createDirectories(dir.resolve("templates/etc"));
        Files.writeString(templates.resolve("hosts.ftl"), "# custom\n<#list hosts as h>${h.address}\t${h.names}\n</#list>");
        Path out = dir.resolve("out");

        CliRunner.Result result = CliRunner.run("render", CONTROLLER, "-o", out.toString(), "--templates",
                dir.resolve("templates").toString());

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("# custom\n192.168.8.10\tcontroller\n192.168.8.20\tnode\n", Files.readString(out.resolve("etc/hosts")));
        assertTrue(Files.readString(out.resolve("etc/chrony.conf")).contains("allow 192.168.0.0/16"), "others stay built-in");
    }

    @Test
    void aBrokenUserTemplateIsAnInputErrorNamingTheTemplatePosition() throws IOException {
        Path templates = Files.createDirectories(dir.resolve("templates/etc"));
        Files.writeString(templates.resolve("hostname.ftl"), "line one\n${no_such_value}\n");

        CliRunner.Result result = CliRunner.run("render", CONTROLLER, "-o", dir.resolve("out").toString(),
                "--templates", dir.resolve("templates").toString());

        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("stackbake: error: etc/hostname.ftl:2:3: "), result.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }

    @Test
    void secretsNeverReachTheRenderedTree() throws IOException {
        Path out = dir.resolve("out");
        assertEquals(0, CliRunner.run("render", "src/test/resources/defs/baremetal.yaml", "-o", out.toString()).exitCode());
        String hashes = Files.readString(out.resolve("var/lib/stackbake/firstboot-user-hashes"));
        assertEquals("ops:<SHA-512 crypt hash of secret from file:ops.pw>\n", hashes);
        assertFalse(snapshot(out).contains("not-a-real-password"));
    }

    @Test
    void severalDefinitionsRenderIntoReleaseAndNameDirectories() throws IOException {
        Path out = dir.resolve("all");
        CliRunner.Result result = CliRunner.run("render", CONTROLLER, "images/epoxy/compute.yaml",
                "images/gazpacho/controller.yaml", "-o", out.toString());
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(Files.exists(out.resolve("epoxy/controller/etc/etcd/etcd.conf")));
        assertTrue(Files.exists(out.resolve("epoxy/compute/MANIFEST")));
        assertTrue(Files.readString(out.resolve("epoxy/controller/usr/libexec/stackbake/install-packages.sh"))
                .contains("centos-release-openstack-epoxy"));
        // After RDO: the vendors' repositories, no RDO release package.
        assertTrue(Files.exists(out.resolve("gazpacho/controller/etc/yum.repos.d/stackbake-mariadb-11.8.8.repo")));
        assertFalse(Files.readString(out.resolve("gazpacho/controller/usr/libexec/stackbake/install-packages.sh"))
                .contains("centos-release-openstack"));
    }

    @Test
    void oneInvalidDefinitionAmongSeveralWritesNothing() throws IOException {
        Path bad = dir.resolve("bad.yaml");
        Files.writeString(bad, "name: x\n");
        CliRunner.Result result = CliRunner.run("render", CONTROLLER, bad.toString(), "-o", dir.resolve("all").toString());
        assertEquals(2, result.exitCode());
        assertFalse(Files.exists(dir.resolve("all")));
    }

    @Test
    void usageErrorsExitWithTwo() {
        CliRunner.Result result = CliRunner.run("render", CONTROLLER);
        assertEquals(2, result.exitCode());
        assertTrue(result.err().startsWith("stackbake: error: Missing required option: '--output=DIR'"), result.err());
        assertEquals(2, CliRunner.run("frobnicate").exitCode());
    }

    @Test
    void missingDefinitionIsAnInputError() {
        CliRunner.Result result = CliRunner.run("render", "images/nowhere.yaml", "-o", dir.resolve("o").toString());
        assertEquals(2, result.exitCode());
        assertEquals("stackbake: error: images/nowhere.yaml: no such definition file (hint: give the path of a .yaml"
                + " definition, e.g. images/epoxy/controller.yaml)", result.err().strip());
    }

    @Test
    void helpAndVersion() {
        CliRunner.Result help = CliRunner.run("--help");
        assertEquals(0, help.exitCode());
        assertTrue(help.out().contains("render") && help.out().contains("validate"), help.out());
        CliRunner.Result version = CliRunner.run("--version");
        assertEquals(0, version.exitCode());
        assertTrue(version.out().matches("stackbake \\d+\\.\\d+\\.\\d+.*\\s*"), version.out());
    }

    private static String snapshot(Path root) throws IOException {
        StringBuilder text = new StringBuilder();
        try (Stream<Path> walk = Files.walk(root)) {
            for (Path p : walk.sorted().toList()) {
                text.append(root.relativize(p)).append('\n');
                if (Files.isRegularFile(p)) {
                    text.append(Files.readString(p)).append(PosixFilePermissions.toString(Files.getPosixFilePermissions(p)));
                }
            }
        }
        return text.toString();
    }
}
