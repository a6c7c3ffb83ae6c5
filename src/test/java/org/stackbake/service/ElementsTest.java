package org.stackbake.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionLoader;

/** What the registry yields per node: units, steps, probes; and the password hashes the elements make. */
@Tag("unit")
class ElementsTest {

    private static Definition load(String path) throws Exception {
        return new DefinitionLoader().load(Path.of(path)).definition();
    }

    @Test
    void controllerProbesEveryServiceOnItsPortRabbitMqWithItsLogin() throws Exception {
        assertEquals(List.of(
                new Probe("chrony", ProbeProtocol.NTP, 123, Optional.empty()),
                new Probe("mariadb", ProbeProtocol.MYSQL_HANDSHAKE, 3306, Optional.empty()),
                new Probe("rabbitmq", ProbeProtocol.AMQP, 5672, Optional.of(new Probe.Login("openstack", "rabbitmq_openstack", "/"))),
                new Probe("memcached", ProbeProtocol.TEXT_STATS, 11211, Optional.empty()),
                new Probe("etcd", ProbeProtocol.HTTP_HEALTH, 2379, Optional.empty())),
                Elements.probes(load("images/epoxy/controller.yaml")));
    }

    @Test
    void theAmqpLoginOpensTheDefinitionsVhost(@TempDir Path dir) throws Exception {
        String controller = Files.readString(Path.of("images/epoxy/controller.yaml"));
        assertTrue(controller.contains("  rabbitmq: {}\n"));
        Files.copy(Path.of("images/epoxy/site.yaml"), dir.resolve("site.yaml"));
        Path def = Files.writeString(dir.resolve("controller.yaml"),
                controller.replace("  rabbitmq: {}\n", "  rabbitmq: {user: nova, vhost: /openstack}\n"));
        Probe amqp = Elements.probes(load(def.toString())).stream().filter(p -> p.protocol() == ProbeProtocol.AMQP)
                .findFirst().orElseThrow();
        assertEquals(Optional.of(new Probe.Login("nova", "rabbitmq_openstack", "/openstack")), amqp.login());
    }

    @Test
    void computeServesNoTimeAndRunsNoServer() throws Exception {
        Definition compute = load("images/epoxy/compute.yaml");
        assertEquals(List.of(), Elements.probes(compute), "chrony serves time only with allow:");
        assertEquals(List.of("chronyd.service"), Elements.units(compute));
        assertEquals(List.of("05-packages", "10-hostname", "20-users", "90-verify"),
                Elements.firstbootSteps(compute).stream().map(FirstbootStep::name).toList());
    }

    @Test
    void stepsNeedOnlyHashesOfTheirServicePasswords() throws Exception {
        Definition controller = load("images/epoxy/controller.yaml");
        List<String> needs = Elements.firstbootSteps(controller).stream().flatMap(s -> s.secrets().stream())
                .map(n -> n.form() + ":" + n.secret()).toList();
        assertEquals(List.of("mysql_native_password:mariadb_root", "rabbit_password_hashing_sha256:rabbitmq_openstack"), needs);
    }

    @Test
    void mysqlNativeHashIsWhatPasswordComputes() {
        // PASSWORD('password') in MySQL/MariaDB, a well-known value.
        assertEquals("*2470C0C06DEE42FD1618BB99005ADCA2EC9D1E19", MariaDbElement.nativeHash("password"));
    }

    @Test
    void rabbitMqHashIsSaltThenSha256OfSaltAndPasswordWithAFreshSaltEachTime() {
        String password = "ü-pass word";
        String hash = RabbitMqElement.passwordHash(password);
        byte[] stored = Base64.getDecoder().decode(hash);
        assertEquals(4 + 32, stored.length);
        byte[] salt = Arrays.copyOf(stored, 4);
        byte[] pw = password.getBytes(StandardCharsets.UTF_8);
        byte[] salted = new byte[4 + pw.length];
        System.arraycopy(salt, 0, salted, 0, 4);
        System.arraycopy(pw, 0, salted, 4, pw.length);
        assertTrue(Arrays.equals(DigestUtils.sha256(salted), Arrays.copyOfRange(stored, 4, stored.length)));
        assertNotEquals(hash, RabbitMqElement.passwordHash(password), "a random salt per build");
    }
}
