package org.stackbake.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.rabbitmq.client.ConnectionFactory;
import com.rabbitmq.client.PossibleAuthenticationFailureException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.firstboot.RabbitMqServer;
import org.stackbake.service.Probe;
import org.stackbake.service.ProbeProtocol;
import org.stackbake.spec.Secret;

/**
 * boot-test's own AMQP 0-9-1 login against a real broker (Debian's rabbitmq-server, private to the
 * test on 127.0.0.1): a user with a vhost, a wrong password, a user without permission on the vhost,
 * a closed port; each cross-checked with RabbitMQ's own Java client, which must agree.
 */
@Tag("daemon")
@Timeout(300)
class AmqpProbeTest {
    private static final Duration ATTEMPT = Duration.ofSeconds(10);
    private static final Duration PAUSE = Duration.ofMillis(500);
    private static final String VHOST = "/openstack";

    @TempDir
    static Path dir;

    private static RabbitMqServer broker;

    @BeforeAll
    static void startBroker() throws Exception {
        broker = RabbitMqServer.start(dir);
        broker.ctlOrFail("add_vhost", VHOST);
        broker.ctlOrFail("add_user", "openstack", "Sesame-42");
        broker.ctlOrFail("set_permissions", "-p", VHOST, "openstack", ".*", ".*", ".*");
        broker.ctlOrFail("add_user", "outsider", "Outside-7"); // no permission on any vhost
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.close();
        }
    }

    private static ProbeAttempt login(String user, String password) {
        return AmqpProbe.login("127.0.0.1", broker.amqpPort(), VHOST, user, password, ATTEMPT);
    }

    /** RabbitMQ's own client: opens the connection or throws what it throws for this login. */
    private static void realClientLogin(String user, String password) throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpPort());
        factory.setVirtualHost(VHOST);
        factory.setUsername(user);
        factory.setPassword(password);
        factory.setAutomaticRecoveryEnabled(false);
        factory.newConnection("AmqpProbeTest").close();
    }

    /** What RabbitMQ's own client reads from the broker's server-properties: " (RabbitMQ 3.10.8)". */
    private static String brokerNamedByItsOwnClient() throws Exception {
        ConnectionFactory factory = new ConnectionFactory();
        factory.setHost("127.0.0.1");
        factory.setPort(broker.amqpPort());
        factory.setVirtualHost(VHOST);
        factory.setUsername("openstack");
        factory.setPassword("Sesame-42");
        try (var connection = factory.newConnection("AmqpProbeTest")) {
            Map<String, Object> server = connection.getServerProperties();
            return " (" + server.get("product") + " " + server.get("version") + ")";
        }
    }

    @Test
    void theRightPasswordLogsInOnTheVhost() throws Exception {
        ProbeAttempt attempt = login("openstack", "Sesame-42");
        // The broker's product and version from server-properties, as RabbitMQ's own client reads them.
        String server = brokerNamedByItsOwnClient();
        assertTrue(server.startsWith(" (RabbitMQ "), server);
        assertEquals(new ProbeAttempt(ProbeAttempt.Kind.OK, "logged in as openstack on vhost /openstack" + server), attempt);
        realClientLogin("openstack", "Sesame-42");
    }

    @Test
    void aWrongPasswordIsRefusedWithTheBrokersReply() throws Exception {
        ProbeAttempt attempt = login("openstack", "Wr0ng-Sesame");
        assertEquals(ProbeAttempt.Kind.WRONG_ANSWER, attempt.kind(), attempt.detail());
        assertTrue(attempt.detail().startsWith("login as openstack refused: 403 ACCESS_REFUSED - Login was refused"),
                attempt.detail());
        assertFalse(attempt.detail().contains("Wr0ng"), "the password stays out of the detail: " + attempt.detail());
        assertThrows(PossibleAuthenticationFailureException.class, () -> realClientLogin("openstack", "Wr0ng-Sesame"));
    }

    @Test
    void aUserWithoutPermissionOnTheVhostIsRefusedWithTheBrokersReply() throws Exception {
        ProbeAttempt attempt = login("outsider", "Outside-7");
        assertEquals(ProbeAttempt.Kind.WRONG_ANSWER, attempt.kind(), attempt.detail());
        assertTrue(attempt.detail().matches("login as outsider refused on vhost /openstack: 530 NOT_ALLOWED - .*"
                + "access to vhost '/openstack' refused for user 'outsider'.*"), attempt.detail());
        IOException real = assertThrows(IOException.class, () -> realClientLogin("outsider", "Outside-7"));
        String cause = String.valueOf(real.getCause());
        assertTrue(cause.contains("530") && cause.contains("NOT_ALLOWED"), cause);
    }

    @Test
    void aClosedPortIsNoAnswer() throws Exception {
        int closed = LoopbackDaemon.freeTcpPort();
        ProbeAttempt attempt = AmqpProbe.login("127.0.0.1", closed, VHOST, "openstack", "Sesame-42", ATTEMPT);
        assertEquals(ProbeAttempt.Kind.NO_ANSWER, attempt.kind(), attempt.detail());
        assertTrue(attempt.detail().matches("ConnectException: (Connection refused|cannot connect)"), attempt.detail());
    }

    @Test
    void probeClientsLogInOnTheLoginsVhostOrOnlyShakeHandsForAGeneratedPassword() throws Exception {
        Probe probe = new Probe("rabbitmq", ProbeProtocol.AMQP, 5672,
                Optional.of(new Probe.Login("openstack", "rabbitmq_openstack", VHOST)));
        Map<String, String> generated = Map.of("rabbitmq_openstack", "password generated on the node");
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();

        ProbeResult login = runner(Map.of("rabbitmq_openstack", new Secret("rabbitmq_openstack", "Sesame-42")), Map.of())
                .run(probe, broker.amqpPort(), deadline, line -> {});
        assertEquals(new ProbeResult(probe, ProbeResult.Status.OK, "logged in as openstack on vhost /openstack"
                + brokerNamedByItsOwnClient()), login);

        // A refusal is final: no retries until the deadline.
        ProbeResult wrong = runner(Map.of("rabbitmq_openstack", new Secret("rabbitmq_openstack", "wrong")), Map.of())
                .run(probe, broker.amqpPort(), deadline, line -> {});
        assertEquals(ProbeResult.Status.FAILED, wrong.status(), wrong.detail());
        assertTrue(wrong.detail().contains("login as openstack refused: 403 ACCESS_REFUSED"), wrong.detail());

        ProbeResult handshake = runner(Map.of(), generated).run(probe, broker.amqpPort(), deadline, line -> {});
        assertEquals(ProbeResult.Status.OK, handshake.status(), handshake.detail());
        assertEquals("broker answered Connection.Start (AMQP 0-9)" + brokerNamedByItsOwnClient()
                + "; login not checked: password generated on the node"
                + " (secret rabbitmq_openstack)", handshake.detail());
    }

    /** The frame-end octet is checked: a Connection.Start frame ending in anything but 0xCE is no AMQP. */
    @Test
    void aFrameWithoutItsEndOctetIsAWrongAnswer() throws Exception {
        byte[] start = {1, 0, 0, 0, 0, 0, 4, 0, 10, 0, 10, 0x42};
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<Void> peer = CompletableFuture.runAsync(() -> {
                try (Socket client = server.accept(); InputStream in = client.getInputStream(); OutputStream out = client.getOutputStream()) {
                    in.readNBytes(8); // the protocol header
                    out.write(start);
                    out.flush();
                    in.read(); // until the probe hangs up
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            ProbeAttempt attempt = AmqpProbe.login("127.0.0.1", server.getLocalPort(), VHOST, "openstack", "x", ATTEMPT);
            assertEquals(new ProbeAttempt(ProbeAttempt.Kind.WRONG_ANSWER, "frame does not end with 0xce but 0x42"), attempt);
            peer.get();
        }
    }

    private static ProbeRunner runner(Map<String, Secret> secrets, Map<String, String> whyUnknown) {
        return new ProbeRunner(new ProbeClients("127.0.0.1", secrets, whyUnknown, ATTEMPT), PAUSE);
    }
}
