package org.stackbake.firstboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.rabbitmq.client.Channel;
import com.rabbitmq.client.Connection;
import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.GetResponse;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rendered 40-rabbitmq.sh step against a real RabbitMQ broker (Debian's rabbitmq-server). */
@Tag("daemon")
class RabbitMqStepTest {
    static RabbitMqServer broker;

    @TempDir
    static Path brokerDir;

    @TempDir
    Path nodeDir;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = RabbitMqServer.start(brokerDir);
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private RenderedNode render(String mqPassword) throws Exception {
        return RenderedNode.render(nodeDir, RenderedNode.servicesDefinition(null),
                Map.of("SB_DB_ROOT", "unused-here", "SB_MQ_PASS", mqPassword)).with(broker.stepEnvironment());
    }

    /** Logs in over AMQP on vhost / and declares, publishes and consumes a message. */
    static void assertAmqpWorks(RabbitMqServer broker, String user, String password) throws Exception {
        try (Connection connection = factory(broker, user, password).newConnection("stackbake-test");
             Channel channel = connection.createChannel()) {
            String queue = channel.queueDeclare("stackbake-test-" + System.nanoTime(), false, false, true, null).getQueue();
            channel.basicPublish("", queue, null, "hello".getBytes(StandardCharsets.UTF_8));
            GetResponse response = null;
            for (int i = 0; i < 50 && response == null; i++) {
                response = channel.basicGet(queue, true);
                if (response == null) {
                    Thread.sleep(100);
                }
            }
            assertTrue(response != null, "the published message comes back");
            assertEquals("hello", new String(response.getBody(), StandardCharsets.UTF_8));
        }
    }

    static void assertAmqpRefused(RabbitMqServer broker, String user, String password) {
        assertThrows(PossibleAuthenticationFailureException.class,
                () -> factory(broker, user, password).newConnection().close(), user + " must not log in");
    }

    static ConnectionFactory factory(RabbitMqServer broker, String user, String password) {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpPort());
        factory.setVirtualHost("/");
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setAutomaticRecoveryEnabled(false);
        factory.setConnectionTimeout(10_000);
        return factory;
    }

    /**
     * rabbitmqctl as the step sees it: each call is recorded in {@code calls} (the broker commands
     * the step ran, one line each), then the real CLI runs.
     */
    private Path countingCtl(Path calls) throws Exception {
        Path tool = nodeDir.resolve("counting-rabbitmqctl");
        Files.writeString(tool, "#!/bin/sh\nprintf '%s\\n' \"$*\" >> '" + calls + "'\nexec '" + RabbitMqServer.CTL
                + "' \"$@\"\n");
        tool.toFile().setExecutable(true);
        return tool;
    }

    /** The broker's users (name, hash, algorithm, tags) and permissions, as rabbitmqctl exports them. */
    private static String usersAndPermissions() throws Exception {
        JsonNode definitions = new ObjectMapper().readTree(broker.ctl("export_definitions", "-")
                .requireOk("export_definitions").output());
        return definitions.get("users").toString() + definitions.get("permissions").toString();
    }

    @Test
    void addsOpenstackWithPermissionsDeletesGuestInTwoBrokerCommandsAndSecondRunChangesNothing() throws Exception {
        broker.ctl("add_user", "guest", "guest");   // back to a fresh broker's state if an earlier test removed it
        broker.ctl("set_permissions", "-p", "/", "guest", ".*", ".*", ".*");
        broker.ctl("delete_user", "openstack");
        assertAmqpWorks(broker, "guest", "guest");   // the test can tell a working login from a refused one

        Path calls = nodeDir.resolve("rabbitmqctl.calls");
        RenderedNode node = render("Rabbit-pw-1").with(Map.of("STACKBAKE_RABBITMQCTL", countingCtl(calls).toString()));
        Proc.Result first = node.runStep("40-rabbitmq").requireOk("first run");
        assertTrue(first.output().contains("user openstack: imported"), first.output());
        assertTrue(first.output().contains("deleted user guest"), first.output());
        List<String> commands = Files.readAllLines(calls);
        assertEquals(List.of("-q import_definitions FILE", "-q delete_user guest"),
                commands.stream().map(c -> c.replaceFirst("^(-q import_definitions) /\\S+/definitions\\.json$", "$1 FILE")).toList(),
                "two broker commands, the definitions from a file (RabbitMQ 4's CLI reads no stdin)");

        assertAmqpWorks(broker, "openstack", "Rabbit-pw-1");
        assertAmqpRefused(broker, "guest", "guest");
        assertFalse(broker.users().contains("guest"), "guest is deleted");
        assertEquals(List.of(".*\t.*\t.*"), broker.ctl("list_user_permissions", "--no-table-headers", "openstack")
                .output().lines().map(l -> l.substring(l.indexOf('\t') + 1)).toList());

        String before = usersAndPermissions();
        Files.delete(calls);
        Proc.Result second = node.runStep("40-rabbitmq").requireOk("second run");
        assertTrue(second.output().contains("user guest: already gone"), second.output());
        assertEquals(before, usersAndPermissions(), "a second run changes no user, hash or permission");
        assertEquals(2, Files.readAllLines(calls).size(), "again at most two broker commands");
        assertAmqpWorks(broker, "openstack", "Rabbit-pw-1");
        String delivered = Files.readString(node.path(Firstboot.SERVICE_HASHES_PATH));
        assertFalse(delivered.contains("Rabbit-pw-1"), "the node gets a hash, never the password");
        assertTrue(delivered.lines().anyMatch(l -> l.startsWith("rabbit_password_hashing_sha256:mq_pass=")), delivered);
    }

    @Test
    void aBrokerThatFailedToStartFailsTheStepAtOnceNamingItsUnit() throws Exception {
        Path calls = nodeDir.resolve("rabbitmqctl.calls");
        RenderedNode node = render("Rabbit-pw-1").with(Map.of("STACKBAKE_RABBITMQCTL", countingCtl(calls).toString()))
                .withFailedUnit("rabbitmq-server.service");
        long start = System.nanoTime();
        Proc.Result run = node.runStep("40-rabbitmq");
        long seconds = (System.nanoTime() - start) / 1_000_000_000L;
        assertNotEquals(0, run.exit(), run.output());
        assertTrue(run.output().contains("rabbitmq-server.service failed to start"), run.output());
        assertTrue(seconds < 10, "reported at once, not after the " + node.env().get("STACKBAKE_WAIT_SECONDS")
                + " s wait: " + seconds + " s");
        assertFalse(Files.exists(calls), "no broker command was tried");
    }

    @Test
    void generatedPasswordIsMadeOnTheNodeAndWorks() throws Exception {
        broker.ctl("delete_user", "openstack");
        RenderedNode node = RenderedNode.render(nodeDir, RenderedNode.servicesDefinition("""
              db_root: {generate: true}
              mq_pass: {generate: true}
            """), Map.of()).with(broker.stepEnvironment());
        node.runStep("40-rabbitmq").requireOk("first run");
        String generated = Files.readAllLines(Path.of(node.env().get("STACKBAKE_PASSWORDS_FILE"))).stream()
                .filter(l -> l.startsWith("mq_pass=")).findFirst().orElseThrow().substring("mq_pass=".length());
        assertAmqpWorks(broker, "openstack", generated);
        String before = usersAndPermissions();
        node.runStep("40-rabbitmq").requireOk("second run");
        assertEquals(before, usersAndPermissions(), "the same hash (and salt) is imported again: nothing changes");
        assertAmqpWorks(broker, "openstack", generated);
        String kept = Files.readString(node.path(Firstboot.SERVICE_HASHES_PATH));
        assertFalse(kept.contains(generated), "only the hash is kept, never the password");
    }

    @Test
    void changedPasswordInTheDefinitionIsAppliedOnReRun() throws Exception {
        render("Rabbit-pw-old").runStep("40-rabbitmq").requireOk("first run");
        assertAmqpWorks(broker, "openstack", "Rabbit-pw-old");

        // Surrounding white space is part of the password: the build's hash covers the exact bytes.
        render(" Rabbit-pw-new ").runStep("40-rabbitmq").requireOk("run with the changed password");
        assertAmqpWorks(broker, "openstack", " Rabbit-pw-new ");
        assertAmqpRefused(broker, "openstack", "Rabbit-pw-new");
        assertAmqpRefused(broker, "openstack", "Rabbit-pw-old");
    }
}
