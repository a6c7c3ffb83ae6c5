package org.stackbake.service;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionProblems;
import org.stackbake.spec.ElementChecks;
import org.stackbake.spec.Ipv4;

/** MariaDB: openstack.cnf, the root hardening step, its checks. */
public final class MariaDbElement implements ServiceElement {
    /** Engines a stock EL MariaDB server loads; mariadbd refuses to start with any other default. */
    private static final List<String> STORAGE_ENGINES = List.of("innodb", "aria", "myisam", "memory");
    private static final String UNIT = "mariadb.service";
    public static final int PORT = 3306;
    /** The hash form in the delivery file: what mysql.global_priv stores for mysql_native_password. */
    static final String HASH_FORM = "mysql_native_password";

    /** What openstack.cnf and the step read; unit: the server's systemd unit, which the step waits for. */
    public record Model(String bindAddress, int maxConnections, String defaultStorageEngine, String innodbFilePerTable,
                        String collationServer, String characterSetServer, String skipNameResolve,
                        String rootPasswordSecret, String unit) {}

    @Override
    public String name() {
        return "mariadb";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return def.services().mariadb() != null;
    }

    @Override
    public List<ElementChecks.Port> ports(Definition def) {
        return List.of(new ElementChecks.Port(3306, name(), null));
    }

    @Override
    public List<String> accounts() {
        return List.of("mysql");
    }

    @Override
    public void validate(Definition def, DefinitionProblems problems) {
        Definition.MariaDb db = def.services().mariadb();
        String at = "/services/mariadb";
        if (db.bindAddress() != null && !Ipv4.isValid(db.bindAddress())) {
            problems.value(at + "/bindAddress", "invalid IPv4 bind address '" + db.bindAddress() + "'", "four numbers 0-255");
        } else if (db.bindAddress() != null) {
            problems.bindAddress(at + "/bindAddress", db.bindAddress(), "MariaDB");
        }
        problems.range(at + "/maxConnections", db.maxConnections(), 1, 100_000);
        if (!STORAGE_ENGINES.contains(db.defaultStorageEngine().toLowerCase())) {
            problems.value(at + "/defaultStorageEngine", "unknown storage engine '" + db.defaultStorageEngine() + "'",
                    "one of " + String.join(", ", STORAGE_ENGINES) + " (OpenStack needs innodb)");
        }
        problems.identifier(at + "/collationServer", db.collationServer());
        problems.identifier(at + "/characterSetServer", db.characterSetServer());
        problems.secretName(at + "/rootPassword", db.rootPassword());
    }

    @Override
    public boolean needsManagementAddress(Definition def) {
        return def.services().mariadb().bindAddress() == null;
    }

    @Override
    public List<String> roles(Definition def) {
        return List.of("mariadb-server", "mariadb-python");
    }

    @Override
    public List<String> units(Definition def) {
        return List.of(UNIT);
    }

    @Override
    public Model model(Definition def, NodeFacts node) {
        Definition.MariaDb db = def.services().mariadb();
        return new Model(db.bindAddress() != null ? db.bindAddress() : node.managementAddress(), db.maxConnections(),
                db.defaultStorageEngine(), db.innodbFilePerTable() ? "on" : "off", db.collationServer(),
                db.characterSetServer(), db.skipNameResolve() ? "on" : "off", db.rootPassword(), UNIT);
    }

    @Override
    public List<ElementFile> files(Definition def, NodeModel node) {
        return List.of(ElementFile.of("etc/my.cnf.d/openstack.cnf.ftl", "/etc/my.cnf.d/openstack.cnf", 0644),
                NetworkOnlineDropIn.forUnit(UNIT));
    }

    /** Two waits: for the unit, then for the server to answer; the SQL itself takes seconds. */
    @Override
    public Optional<FirstbootStep> firstbootStep(Definition def) {
        return Optional.of(FirstbootStep.of("30-mariadb", 2, 60,
                new FirstbootStep.SecretNeed(def.services().mariadb().rootPassword(), HASH_FORM, MariaDbElement::nativeHash)));
    }

    @Override
    public Optional<String> shellFragment() {
        return Optional.of(FirstbootStep.LIB_DIR + "mariadb.sh.ftl");
    }

    @Override
    public List<FirstbootCheck> firstbootChecks(Definition def, NodeFacts node) {
        return List.of(new FirstbootCheck(name(), "mysqladmin ping", "mysql_ping", "mysql_version"));
    }

    /** --help --verbose reads every option file the server reads and refuses unknown options and bad
     * values without touching the data directory; an unknown default-storage-engine still passes. */
    @Override
    public Optional<ServiceCheck> verifyCheck() {
        return Optional.of(new ServiceCheck(name(), "/etc/my.cnf.d/openstack.cnf",
                List.of("/usr/libexec/mariadbd", "/usr/sbin/mariadbd"),
                (mariadbd, conf) -> List.of(mariadbd, "--help", "--verbose"),
                "mariadbd accepted the options of every file it reads"));
    }

    @Override
    public List<Probe> probes(Definition def) {
        return List.of(Probe.of(name(), ProbeProtocol.MYSQL_HANDSHAKE, PORT));
    }

    /** What MariaDB stores for mysql_native_password (and PASSWORD() returns): '*' + HEX(SHA1(SHA1(password))). */
    public static String nativeHash(String password) {
        byte[] once = DigestUtils.sha1(password.getBytes(StandardCharsets.UTF_8));
        return "*" + DigestUtils.sha1Hex(once).toUpperCase(java.util.Locale.ROOT);
    }

}
