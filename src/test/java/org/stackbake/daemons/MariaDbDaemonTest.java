package org.stackbake.daemons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.render.FileTree;

/**
 * mariadbd reading the rendered /etc/my.cnf.d/openstack.cnf unchanged: the test's own my.cnf only
 * moves the data directory, socket and pid file into a temp dir and then includes it.
 */
@Tag("daemon")
@Timeout(90)
class MariaDbDaemonTest {
    private static final String CNF = "/etc/my.cnf.d/openstack.cnf";
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration QUERY = Duration.ofSeconds(15);

    @Test
    void acceptsRenderedConfigOnManagementAddressOnly(@TempDir Path dir) throws IOException {
        try (TestNetwork net = TestNetwork.start("db");
             DaemonProcess mariadb = start(net.controller(), Rendered.controller(), dir)) {
            NetNamespace controller = net.controller();
            mariadb.awaitReady("a connection on its socket", START, () -> query(controller, dir, "SELECT 1").ok());

            String[] vars = check(controller, dir, "SELECT @@bind_address, @@port, @@skip_networking, @@max_connections,"
                    + " @@default_storage_engine, @@innodb_file_per_table, @@character_set_server, @@collation_server").split("\t");
            assertEquals("192.168.8.10", vars[0], "bind_address");
            assertEquals("3306", vars[1], "port");
            assertEquals("0", vars[2], "skip_networking");
            assertEquals("4096", vars[3], "max_connections");
            assertEquals("InnoDB", vars[4], "default_storage_engine");
            assertEquals("1", vars[5], "innodb_file_per_table");
            // MariaDB >= 10.6 reports the recipe's utf8 under its real name utf8mb3 (as EL 9's 10.5 means by utf8).
            assertTrue(Set.of("utf8", "utf8mb3").contains(vars[6]), "character_set_server " + vars[6]);
            assertTrue(Set.of("utf8_general_ci", "utf8mb3_general_ci").contains(vars[7]), "collation_server " + vars[7]);

            // No reverse DNS: a client from an address not in /etc/hosts is never looked up (air-gapped DNS stalls).
            assertEquals("1", check(controller, dir, "SELECT @@skip_name_resolve"), "skip_name_resolve");

            // The settings act: a new table without ENGINE= is InnoDB in its own .ibd file, in utf8.
            check(controller, dir, "CREATE DATABASE probe; CREATE TABLE probe.t (i INT)");
            assertEquals("InnoDB\t" + vars[7], check(controller, dir,
                    "SELECT engine, table_collation FROM information_schema.tables WHERE table_schema='probe'"));
            assertTrue(Files.exists(dir.resolve("data/probe/t.ibd")), "innodb_file_per_table: no probe/t.ibd");

            // Listening on the management address only: the node reaches it, loopback does not.
            assertEquals(Set.of("tcp 192.168.8.10:3306"), controller.listeners());
            Exec.Result fromNode = Exec.run(QUERY, net.node().command(List.of(
                    "mariadb", "--no-defaults", "--connect-timeout=5", "-h", "192.168.8.10", "-u", "root", "-e", "SELECT 1")));
            // The server answered, and as the recipe wants root may not log in from another host.
            assertTrue(fromNode.err().contains("1130"), fromNode.describe());
            assertTrue(fromNode.err().contains("'192.168.8.20'"), "matched by address, not a looked-up name: "
                    + fromNode.describe());
            controller.assertRefused("127.0.0.1", 3306);
            controller.assertRefused(TestNetwork.CONTROLLER_OUTSIDE, 3306);
        }
    }

    @Test
    void refusesNonNumericMaxConnections(@TempDir Path dir) {
        Path templates = Rendered.editedTemplate(dir.resolve("templates"), "etc/my.cnf.d/openstack.cnf.ftl",
                "max_connections = ${mariadb.maxConnections}", "max_connections = lots");
        FileTree tree = Rendered.render(Rendered.DEFINITIONS.resolve("controller.yaml"), templates);
        assertRefuses(tree, dir, "Error while setting value 'lots' to 'max_connections'");
    }

    @Test
    void refusesUnknownStorageEngine(@TempDir Path dir) {
        // Validation rejects this engine in a definition; a template override still can write it.
        Path templates = Rendered.editedTemplate(dir.resolve("templates"), "etc/my.cnf.d/openstack.cnf.ftl",
                "default-storage-engine = ${mariadb.defaultStorageEngine}", "default-storage-engine = innodbx");
        assertRefuses(Rendered.render(Rendered.DEFINITIONS.resolve("controller.yaml"), templates), dir,
                "Unknown/unsupported storage engine: innodbx");
    }

    private static void assertRefuses(FileTree tree, Path dir, String message) {
        try (TestNetwork net = TestNetwork.start("dbx");
             DaemonProcess mariadb = start(net.controller(), tree, dir)) {
            int exit = mariadb.awaitExit(START);
            assertNotEquals(0, exit, mariadb.logText());
            assertTrue(mariadb.logText().contains(message), mariadb.logText());
        }
    }

    /** A fresh data directory (mariadb-install-db, as the package's first start does) and the server on it. */
    private static DaemonProcess start(NetNamespace ns, FileTree tree, Path dir) {
        String mariadbd = Exec.requireProgram("mariadbd", "mariadb-server");
        String installDb = Exec.requireProgram("mariadb-install-db", "mariadb-server");
        Exec.requireProgram("mariadb", "mariadb-client");
        Path cnf = Rendered.write(tree, CNF, dir.resolve("my.cnf.d"));
        Path myCnf = dir.resolve("my.cnf");
        try {
            Files.writeString(myCnf, String.join("\n",
                    "[mysqld]",
                    "datadir=" + dir.resolve("data"),
                    "socket=" + socket(dir),
                    "pid-file=" + dir.resolve("mariadbd.pid"),
                    "user=root",
                    "!include " + cnf,
                    ""));
        } catch (IOException e) {
            throw new AssertionError(e);
        }
        Exec.check(START, ns.command(List.of(installDb, "--no-defaults", "--datadir=" + dir.resolve("data"),
                "--user=root", "--auth-root-authentication-method=socket", "--skip-test-db")));
        return DaemonProcess.start("mariadbd", ns.command(List.of(mariadbd, "--defaults-file=" + myCnf)),
                null, dir.resolve("mariadbd.log"));
    }

    private static Path socket(Path dir) {
        return dir.resolve("mariadbd.sock");
    }

    private static Exec.Result query(NetNamespace ns, Path dir, String sql) {
        return Exec.run(QUERY, ns.command(List.of("mariadb", "--no-defaults", "--socket=" + socket(dir),
                "-u", "root", "-N", "-B", "-e", sql)));
    }

    private static String check(NetNamespace ns, Path dir, String sql) {
        Exec.Result result = query(ns, dir, sql);
        assertTrue(result.ok(), result.describe());
        return result.out().strip();
    }
}
