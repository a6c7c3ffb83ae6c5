package org.stackbake.firstboot;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A private MariaDB server for tests (Debian's mariadb-server): its own data directory, socket and
 * loopback port under a temp dir, initialised with mariadb-install-db (anonymous users and the test
 * database included, as a fresh install has them). The OS root reaches it as MariaDB root by unix_socket.
 * skip-name-resolve makes a TCP login from 127.0.0.1 match root@127.0.0.1, which the dirty state
 * leaves without a password. Public for the boot-test probe tests.
 */
public final class MariaDbServer implements AutoCloseable {
    static final String MARIADBD = "/usr/sbin/mariadbd";
    static final String INSTALL_DB = "/usr/bin/mariadb-install-db";
    static final String MYSQL = "/usr/bin/mysql";
    static final String MYSQLADMIN = "/usr/bin/mysqladmin";

    private final Path dir;
    private final Path socket;
    private final int port;
    private final Process process;

    private MariaDbServer(Path dir, Path socket, int port, Process process) {
        this.dir = dir;
        this.socket = socket;
        this.port = port;
        this.process = process;
    }

    public static MariaDbServer start(Path dir) throws IOException, InterruptedException {
        Proc.requireExecutable(MARIADBD, "mariadb-server");
        Proc.requireExecutable(INSTALL_DB, "mariadb-server");
        Proc.requireExecutable(MYSQL, "mariadb-client");
        Proc.requireExecutable(MYSQLADMIN, "mariadb-client");
        Path data = dir.resolve("data");
        Proc.run(List.of(INSTALL_DB, "--no-defaults", "--datadir=" + data, "--user=root",
                "--auth-root-authentication-method=socket"), Map.of()).requireOk("mariadb-install-db");
        Path socket = dir.resolve("mysqld.sock");
        int port = Proc.freePort();
        Process process = new ProcessBuilder(MARIADBD, "--no-defaults", "--datadir=" + data, "--socket=" + socket,
                "--port=" + port, "--bind-address=127.0.0.1", "--skip-name-resolve", "--user=root", "--pid-file=" + dir.resolve("mysqld.pid"),
                "--log-error=" + dir.resolve("error.log"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("mariadbd.out").toFile()).start();
        MariaDbServer server = new MariaDbServer(dir, socket, port, process);
        for (int i = 0; i < 120; i++) {
            if (Proc.run(List.of(MYSQLADMIN, "--no-defaults", "--socket=" + socket, "-uroot", "ping"), Map.of())
                    .exit() == 0) {
                return server;
            }
            if (!process.isAlive()) {
                break;
            }
            Thread.sleep(250);
        }
        server.close();
        throw new IllegalStateException("MariaDB did not start:\n" + server.logs());
    }

    Path socket() {
        return socket;
    }

    /** The loopback TCP port it listens on. */
    public int port() {
        return port;
    }

    /** Runs SQL as root over the socket (unix_socket auth) and returns the batch output. */
    String sql(String statements) {
        return Proc.run(List.of(MYSQL, "--no-defaults", "--socket=" + socket, "-uroot", "--batch", "--skip-column-names"),
                Map.of(), statements, 60).requireOk("mysql").output();
    }

    /** Whether root logs in over TCP (127.0.0.1) with this password; null = no password. */
    boolean rootLoginOverTcp(String password) throws IOException {
        Path cnf = Files.createTempFile(dir, "client", ".cnf",
                PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        try {
            StringBuilder text = new StringBuilder("[client]\nuser=root\nhost=127.0.0.1\nprotocol=TCP\nport=" + port + "\n");
            if (password != null) {
                text.append("password=\"").append(password.replace("\\", "\\\\").replace("\"", "\\\"")).append("\"\n");
            }
            Files.writeString(cnf, text, StandardCharsets.UTF_8);
            List<String> command = new ArrayList<>(List.of(MYSQL, "--defaults-file=" + cnf, "-e", "SELECT CURRENT_USER()"));
            return Proc.run(command, Map.of(), null, 60).exit() == 0;
        } finally {
            Files.deleteIfExists(cnf);
        }
    }

    /** The dirty state of a careless install: anonymous users, remote and password-less root, test db. */
    public void makeInsecure() {
        sql("""
            ALTER USER 'root'@'localhost' IDENTIFIED VIA unix_socket;
            DROP USER IF EXISTS 'root'@'127.0.0.1';
            CREATE USER IF NOT EXISTS ''@'localhost';
            CREATE USER IF NOT EXISTS ''@'%';
            CREATE USER IF NOT EXISTS 'root'@'%';
            CREATE USER IF NOT EXISTS 'root'@'10.0.0.1' IDENTIFIED BY 'remote';
            CREATE USER IF NOT EXISTS 'root'@'127.0.0.1';
            GRANT ALL ON *.* TO 'root'@'%';
            CREATE DATABASE IF NOT EXISTS test;
            CREATE DATABASE IF NOT EXISTS test_extra;
            GRANT ALL ON `test\\_%`.* TO ''@'%';
            GRANT ALL ON test.* TO ''@'localhost';
            FLUSH PRIVILEGES;
            """);
    }

    /** Accounts, databases and db-level privileges, for before/after comparisons. */
    String securityState() {
        return sql("""
            SELECT User, Host, Priv FROM mysql.global_priv ORDER BY User, Host;
            SHOW DATABASES;
            SELECT Host, Db, User FROM mysql.db ORDER BY Host, Db, User;
            """);
    }

    /** Everything the server wrote: error log and console. */
    String logs() throws IOException {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("error.log", "mariadbd.out")) {
            Path file = dir.resolve(name);
            if (Files.exists(file)) {
                text.append(new String(Files.readAllBytes(file), StandardCharsets.UTF_8));
            }
        }
        return text.toString();
    }

    /** Environment for the rendered scripts so their mysql/mysqladmin reach this server. */
    Map<String, String> stepEnvironment() {
        return Map.of("STACKBAKE_MYSQL", MYSQL, "STACKBAKE_MYSQLADMIN", MYSQLADMIN,
                "STACKBAKE_MYSQL_SOCKET", socket.toString());
    }

    @Override
    public void close() {
        Proc.stop(process, 30);
    }
}
