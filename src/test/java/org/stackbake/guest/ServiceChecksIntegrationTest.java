package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.stackbake.files.FileTrees;
import org.stackbake.cli.CliRunner;

/**
 * `stackbake verify` running the guest's own server programs (real Debian chronyd, mariadbd and memcached on
 * a synthetic Rocky 9 base; no etcd): the controller is built with the CLI as shipped and with templates that
 * break each of those configs, and each image is verified once. Four appliance launches (plus one the first
 * time the base is made).
 */
@Tag("libguestfs")
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ServiceChecksIntegrationTest {
    private static String definition;

    Path work;
    Path shipped;
    Path broken;

    @BeforeAll
    void buildBothImages() throws Exception {
        work = Files.createTempDirectory("stackbake-checks-");
        definition = GuestTestSupport.shippedControllerInstalledAtFirstBoot(work.resolve("def")).toString();
        Path base = GuestTestSupport.syntheticBaseWithServers();
        Path templates = work.resolve("templates");
        edit(templates, "etc/chrony.conf.ftl", "allow ${subnet}", "allow ${subnet}/lots");
        edit(templates, "etc/my.cnf.d/openstack.cnf.ftl", "max_connections = ${mariadb.maxConnections}",
                "max_connections = lots");
        edit(templates, "etc/sysconfig/memcached.ftl", "OPTIONS=${envQuote(\"-l \"", "OPTIONS=${envQuote(\"--bogus -l \"");
        shipped = build(base, work.resolve("shipped/controller.qcow2"));
        broken = build(base, work.resolve("broken/controller.qcow2"), "--templates", templates.toString());
    }

    @AfterAll
    void removeWork() throws IOException {
        FileTrees.delete(work);
    }

    @Test
    void installedServersAcceptTheShippedConfigsAndAbsentOnesDoNotFail() {
        CliRunner.Result verify = CliRunner.run("verify", shipped.toString());

        List<String> lines = verify.out().lines().toList();
        assertEquals(0, verify.exitCode(), verify.out() + verify.err());
        assertTrue(lines.containsAll(List.of(
                "chrony: ok (chronyd -p parsed /etc/chrony.conf)",
                "mariadb: ok (mariadbd accepted the options of every file it reads)",
                "memcached: ok (memcached accepted the options of /etc/sysconfig/memcached)",
                "etcd: not installed (no /usr/bin/etcd)",
                "verified 23 files: ok; services: 3 ok, 1 not installed")), verify.out());
    }

    @Test
    void eachBrokenConfigFailsVerifyInItsProgramsOwnWords() {
        CliRunner.Result verify = CliRunner.run("verify", broken.toString());

        List<String> lines = verify.out().lines().toList();
        assertEquals(1, verify.exitCode(), verify.out() + verify.err());
        // The image matches its manifest: only the servers can tell that their configs are wrong.
        assertTrue(lines.containsAll(List.of(
                "chrony: failed (Fatal error : Could not parse allow directive at line 12 in file /etc/chrony.conf)",
                "etcd: not installed (no /usr/bin/etcd)",
                "verified 23 files: ok; services: 3 failed, 1 not installed")), verify.out());
        // Wording of the host's MariaDB and memcached versions, so only the essence is pinned.
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("mariadb: failed (")
                && l.contains("Error while setting value 'lots' to 'max_connections'")), verify.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("memcached: failed (")
                && l.contains("unrecognized option '--bogus'")), verify.out());
    }

    private static Path build(Path base, Path output, String... extra) throws IOException {
        Files.createDirectories(output.getParent());
        String[] args = Stream.concat(Stream.of("build", definition, "--base", base.toString(), "-o", output.toString(),
                "--no-compress"), Stream.of(extra)).toArray(String[]::new);
        CliRunner.Result build = CliRunner.run(args);
        assertEquals(0, build.exitCode(), build.out() + build.err());
        return output;
    }

    /** Copies a shipped template into the override directory with one edit. */
    private static void edit(Path overrides, String template, String from, String to) throws IOException {
        String text = Files.readString(Path.of("templates", template));
        assertTrue(text.contains(from), template + " no longer contains " + from);
        Path target = overrides.resolve(template);
        Files.createDirectories(target.getParent());
        Files.writeString(target, text.replace(from, to));
    }
}
