package org.stackbake.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.firstboot.MariaDbServer;
import org.stackbake.service.Probe;
import org.stackbake.service.ProbeProtocol;

/**
 * Each probe client against the real server (Debian's mariadb-server, memcached, etcd-server,
 * chrony) started by the test on 127.0.0.1, as boot-test reaches a guest's services through its
 * loopback forwards; and against a closed port, where it must fail clearly. AMQP against a real
 * rabbitmq-server: {@link AmqpProbeTest}.
 */
@Tag("daemon")
@Timeout(300)
class ProbeClientsTest {
    private static final Duration ATTEMPT = Duration.ofSeconds(10);
    private static final Duration PAUSE = Duration.ofMillis(500);

    @TempDir
    Path dir;

    private static ProbeResult run(Probe probe, int port, Duration within) {
        return new ProbeRunner(new ProbeClients("127.0.0.1", Map.of(), Map.of(), ATTEMPT), PAUSE)
                .run(probe, port, System.nanoTime() + within.toNanos(), line -> {});
    }

    @Test
    void mariadbGreetingAndHostNotAllowedBothProveTheServerListens() throws Exception {
        try (MariaDbServer server = MariaDbServer.start(dir)) {
            Probe probe = Probe.of("mariadb", ProbeProtocol.MYSQL_HANDSHAKE, 3306);
            // A fresh install has no account for TCP clients from 127.0.0.1 (skip-name-resolve): error 1130.
            ProbeResult refused = run(probe, server.port(), Duration.ofSeconds(30));
            assertEquals(ProbeResult.Status.OK, refused.status(), refused.detail());
            assertTrue(refused.detail().matches("server listens; it refused this client with error 1130: Host '127\\.0\\.0\\.1'"
                    + " is not allowed to connect to this MariaDB server"), refused.detail());

            server.makeInsecure(); // root@'%' exists now: the server greets
            ProbeResult greeted = run(probe, server.port(), Duration.ofSeconds(30));
            assertEquals(ProbeResult.Status.OK, greeted.status(), greeted.detail());
            assertTrue(greeted.detail().matches("server greeting, version \\d+\\.\\d+\\.\\d+-MariaDB.*"), greeted.detail());
        }
    }

    @Test
    void textStatsFromMemcachedEvenWhenTheServerComesUpLate() throws Exception {
        int port = LoopbackDaemon.freeTcpPort();
        Probe probe = Probe.of("memcached", ProbeProtocol.TEXT_STATS, 11211);
        List<String> progress = new ArrayList<>();
        // The probe starts first and retries, as it does while a guest's services come up.
        CompletableFuture<ProbeResult> result = CompletableFuture.supplyAsync(() -> new ProbeRunner(new ProbeClients("127.0.0.1", Map.of(), Map.of(), ATTEMPT), PAUSE)
                .run(probe, port, System.nanoTime() + Duration.ofSeconds(30).toNanos(), progress::add));
        Thread.sleep(2000);
        try (LoopbackDaemon memcached = LoopbackDaemon.memcached(dir, port)) {
            ProbeResult r = result.get();
            assertEquals(ProbeResult.Status.OK, r.status(), r.detail() + "\n" + memcached.log());
            assertTrue(r.detail().matches("stats answered, version 1\\.\\d+\\.\\d+"), r.detail());
            assertEquals(1, progress.size(), "one 'not answering yet' line: " + progress);
            assertTrue(progress.get(0).contains("memcached: not answering yet"), progress.get(0));
        }
    }

    @Test
    void httpHealthFromEtcd() throws Exception {
        int client = LoopbackDaemon.freeTcpPort();
        int peer = LoopbackDaemon.freeTcpPort();
        try (LoopbackDaemon etcd = LoopbackDaemon.etcd(dir, client, peer)) {
            ProbeResult r = run(Probe.of("etcd", ProbeProtocol.HTTP_HEALTH, 2379), client, Duration.ofSeconds(60));
            assertEquals(ProbeResult.Status.OK, r.status(), r.detail() + "\n" + etcd.log());
            assertEquals("GET /health: \"health\":\"true\"", r.detail());
        }
    }

    @Test
    void ntpAnswerFromChrony() throws Exception {
        int port = LoopbackDaemon.freeUdpPort();
        try (LoopbackDaemon chronyd = LoopbackDaemon.chronyd(dir, port)) {
            ProbeResult r = run(Probe.of("chrony", ProbeProtocol.NTP, 123), port, Duration.ofSeconds(60));
            assertEquals(ProbeResult.Status.OK, r.status(), r.detail() + "\n" + chronyd.log());
            assertTrue(r.detail().startsWith("NTP server answered, stratum 10"), r.detail());
        }
    }

    @Test
    void aClosedPortFailsClearlyForEveryProtocol() throws Exception {
        int tcp = LoopbackDaemon.freeTcpPort();
        int udp = LoopbackDaemon.freeUdpPort();
        for (ProbeProtocol protocol : ProbeProtocol.values()) {
            Probe probe = Probe.of(protocol.name().toLowerCase(), protocol, 1);
            int port = protocol == ProbeProtocol.NTP ? udp : tcp;
            ProbeResult r = new ProbeRunner(new ProbeClients("127.0.0.1", Map.of(), Map.of(), Duration.ofSeconds(2)), PAUSE)
                    .run(probe, port, System.nanoTime(), line -> {});
            assertEquals(ProbeResult.Status.FAILED, r.status(), protocol + ": " + r.detail());
            assertTrue(r.detail().startsWith("no answer after 1 attempt: "), protocol + ": " + r.detail());
            String expected = protocol == ProbeProtocol.NTP ? "(no NTP answer within 2 s|PortUnreachableException.*)"
                    : "ConnectException: (Connection refused|cannot connect)";
            assertTrue(r.detail().substring("no answer after 1 attempt: ".length()).matches(expected), protocol + ": " + r.detail());
        }
    }
}
