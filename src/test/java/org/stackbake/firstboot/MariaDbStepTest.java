package org.stackbake.firstboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered 30-mariadb.sh step against a real MariaDB server (Debian's mariadb-server). */
@Tag("daemon")
class MariaDbStepTest {
    static MariaDbServer server;

    @TempDir
    static Path serverDir;

    @TempDir
    Path nodeDir;

    @BeforeAll
    static void startServer() throws Exception {
        server = MariaDbServer.start(serverDir);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    @BeforeEach
    void insecure() {
        server.makeInsecure();
    }

    private RenderedNode render(String dbPassword) throws Exception {
        return RenderedNode.render(nodeDir, RenderedNode.servicesDefinition(null),
                Map.of("SB_DB_ROOT", dbPassword, "SB_MQ_PASS", "unused-here")).with(server.stepEnvironment());
    }

    /** MariaDB 11 deprecates the mysql* client names: the steps use mariadb* where the node has them. */
    @Test
    void clientNamesAreMariaDbsOwnWhereTheNodeHasThem() throws Exception {
        RenderedNode node = RenderedNode.render(nodeDir, RenderedNode.servicesDefinition(null),
                Map.of("SB_DB_ROOT", "unused-here", "SB_MQ_PASS", "unused-here"));
        Path both = Files.createDirectories(nodeDir.resolve("bin-11"));
        Path old = Files.createDirectories(nodeDir.resolve("bin-old"));
        for (String name : new String[] {"mariadb", "mariadb-admin", "mysql", "mysqladmin"}) {
            executable(both.resolve(name));
        }
        executable(old.resolve("mysql"));
        executable(old.resolve("mysqladmin"));
        assertEquals("mariadb mariadb-admin", clientNames(node, both));
        assertEquals("mysql mysqladmin", clientNames(node, old));
    }

    private static void executable(Path file) throws Exception {
        Files.writeString(file, "#!/bin/sh\n");
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwxr-xr-x"));
    }

    /** What lib.sh chooses with only {@code bin} on PATH (and no STACKBAKE_MYSQL* overrides). */
    private static String clientNames(RenderedNode node, Path bin) {
        Proc.Result result = Proc.run(List.of("/usr/bin/env", "-u", "STACKBAKE_MYSQL", "-u", "STACKBAKE_MYSQLADMIN",
                "PATH=" + bin, "/bin/bash", "-c", "source \"$1\" && printf '%s %s' \"$STACKBAKE_MYSQL\" \"$STACKBAKE_MYSQLADMIN\"",
                "_", node.path(Firstboot.LIB_PATH).toString()), Map.of());
        assertEquals(0, result.exit(), result.output());
        return result.output();
    }

    @Test
    void aServerThatFailedToStartFailsTheStepAtOnceNamingItsUnit() throws Exception {
        RenderedNode node = render("Secure-db-pw-1").withFailedUnit("mariadb.service");
        long start = System.nanoTime();
        Proc.Result run = node.runStep("30-mariadb");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertTrue(run.exit() != 0, run.output());
        assertTrue(run.output().contains("mariadb.service failed to start"), run.output());
        assertTrue(seconds < 10, "reported at once, not after the wait: " + seconds + " s");
        assertTrue(server.rootLoginOverTcp(null), "nothing was changed on the server");
    }

    @Test
    void hardensLikeMysqlSecureInstallationAndSecondRunChangesNothing() throws Exception {
        String password = "Secure-db-pw-1";
        assertTrue(server.rootLoginOverTcp(null), "precondition: password-less root over TCP works before hardening");
        assertTrue(server.sql("SHOW DATABASES").lines().anyMatch("test"::equals), "precondition: test database");

        RenderedNode node = render(password);
        Proc.Result first = node.runStep("30-mariadb").requireOk("first run");

        String accounts = server.sql("SELECT CONCAT(User, '@', Host) FROM mysql.user ORDER BY 1");
        assertFalse(accounts.lines().anyMatch(a -> a.startsWith("@")), "anonymous users remain:\n" + accounts);
        assertFalse(accounts.lines().anyMatch(a -> a.startsWith("root@") && !a.equals("root@localhost")
                && !a.equals("root@127.0.0.1") && !a.equals("root@::1")), "remote root remains:\n" + accounts);
        assertFalse(server.sql("SHOW DATABASES").lines().anyMatch("test"::equals), "database test remains");
        assertEquals("0", server.sql("SELECT COUNT(*) FROM mysql.db WHERE Db = 'test' OR Db = 'test\\\\_%'").strip(),
                "privileges on test/test_% remain");
        assertFalse(server.rootLoginOverTcp(null), "root over TCP without a password must be refused");
        assertFalse(server.rootLoginOverTcp("wrong"), "root over TCP with a wrong password must be refused");
        assertTrue(server.rootLoginOverTcp(password), "root over TCP with the password must work:\n" + first.output());
        String localRoot = server.sql("SHOW CREATE USER root@localhost");
        assertTrue(localRoot.contains("unix_socket"), "local root keeps unix_socket: " + localRoot);
        assertTrue(localRoot.contains(nativeHash(password)), "local root has the password: " + localRoot);
        assertFalse(first.output().contains(password), first.output());

        String before = server.securityState();
        Proc.Result second = node.runStep("30-mariadb").requireOk("second run");
        assertEquals(before, server.securityState(), "a second run must change nothing");
        assertTrue(second.output().contains("password already set"), second.output());
        assertFalse(second.output().contains("dropped"), second.output());
    }

    /** The verify step records what mysql_version prints: the server's own VERSION(), read as root by unix_socket after hardening. */
    @Test
    void theVersionTheVerifyStepRecordsIsTheServersOwn() throws Exception {
        RenderedNode node = render("Secure-db-pw-1");
        node.runStep("30-mariadb").requireOk("hardening");
        Proc.Result version = Proc.run(List.of("/bin/bash", "-c", "set -euo pipefail; source \"$1\"; mysql_version",
                "_", node.path(Firstboot.LIB_PATH).toString()), node.env());
        assertEquals(0, version.exit(), version.output());
        assertEquals(server.sql("SELECT VERSION()").strip(), version.output().strip());
        assertTrue(version.output().strip().matches("\\d+\\.\\d+\\.\\d+-MariaDB.*"), version.output());
    }

    /** What MariaDB's PASSWORD() computes: '*' + HEX(SHA1(SHA1(password))). */
    static String nativeHash(String password) {
        byte[] once = org.apache.commons.codec.digest.DigestUtils.sha1(password.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return "*" + org.apache.commons.codec.digest.DigestUtils.sha1Hex(once).toUpperCase();
    }

    @Test
    void changedPasswordInTheDefinitionIsAppliedOnReRun() throws Exception {
        render("first-password").runStep("30-mariadb").requireOk("first run");
        render("second-password").runStep("30-mariadb").requireOk("run with the changed password");
        assertTrue(server.rootLoginOverTcp("second-password"));
        assertFalse(server.rootLoginOverTcp("first-password"));
    }

    @Test
    void generatedPasswordIsMadeOnTheNodeAndLeftForTheOperator() throws Exception {
        RenderedNode node = RenderedNode.render(nodeDir, RenderedNode.servicesDefinition("""
              db_root: {generate: true, length: 24}
              mq_pass: {generate: true}
            """), Map.of()).with(server.stepEnvironment());
        assertFalse(Files.exists(node.path("/var/lib/stackbake/firstboot-secrets")), "nothing to deliver");
        node.runStep("30-mariadb").requireOk("first run");

        Path passwords = Path.of(node.env().get("STACKBAKE_PASSWORDS_FILE"));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(passwords)));
        String line = Files.readAllLines(passwords).stream().filter(l -> l.startsWith("db_root=")).findFirst().orElseThrow();
        String generated = line.substring("db_root=".length());
        assertTrue(generated.matches("[A-Za-z0-9]{24}"), "24 characters of [A-Za-z0-9]: " + generated);
        assertTrue(server.rootLoginOverTcp(generated), "root logs in with the generated password");

        node.runStep("30-mariadb").requireOk("second run");
        assertEquals(1, Files.readAllLines(passwords).stream().filter(l -> l.startsWith("db_root=")).count(),
                "the second run reuses the generated password");
        assertTrue(server.rootLoginOverTcp(generated));
    }
}
