package org.stackbake.firstboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.daemons.NetNamespace;

/**
 * The rendered 90-verify.sh step against a real memcached and a real etcd, all three run in a
 * network namespace whose NIC carries the node's management address: answering services are
 * recorded as ok; a service that does not answer fails the step and is recorded as failed.
 * (chronyc is replaced by /bin/true: no chronyd runs here.)
 */
@Tag("daemon")
class VerifyStepTest {
    private static final String ADDRESS = "192.0.2.10";
    private static final int MEMCACHED_PORT = 11211;
    private static final int ETCD_PORT = 2379;
    private static final int PEER_PORT = 2380;

    @TempDir
    Path dir;

    private Process start(NetNamespace ns, String name, List<String> command) throws Exception {
        return new ProcessBuilder(ns.command(command)).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    private static void awaitPort(NetNamespace ns, int port, Process process, String what) throws Exception {
        for (int i = 0; i < 200 && process.isAlive(); i++) {
            if (ns.accepts(ADDRESS, port)) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException(what + " did not listen on " + ADDRESS + ":" + port + " in " + ns.name());
    }

    private static JsonNode checks(RenderedNode node) throws Exception {
        return new ObjectMapper().readTree(node.path("/var/lib/stackbake/firstboot-checks.json").toFile());
    }

    @Test
    void recordsAnsweringServicesAndFailsOnOneThatDoesNotAnswer() throws Exception {
        Proc.requireExecutable("/usr/bin/memcached", "memcached");
        Proc.requireExecutable("/usr/bin/etcd", "etcd-server");
        RenderedNode node = RenderedNode.render(dir.resolve("node"), """
            name: fbverify
            release: epoxy
            hostname: fbverify
            network:
              - id: mgmt
                match: {interface: eth0}
                ipv4: {address: %s/24, gateway: 192.0.2.1}
            services:
              memcached: {port: %d, listen: [%s]}
              etcd: {clientPort: %d, peerPort: %d}
            """.formatted(ADDRESS, MEMCACHED_PORT, ADDRESS, ETCD_PORT, PEER_PORT), Map.of());
        String peer = "http://" + ADDRESS + ":" + PEER_PORT;
        String client = "http://" + ADDRESS + ":" + ETCD_PORT;
        Process memcached = null;
        Process etcd = null;
        try (NetNamespace ns = NetNamespace.create("verify")) {
            ns.addNic("eth0", List.of(ADDRESS + "/24"));
            try {
                memcached = start(ns, "memcached", List.of("/usr/bin/memcached", "-u", "root", "-l", ADDRESS,
                        "-p", String.valueOf(MEMCACHED_PORT), "-U", "0"));
                etcd = start(ns, "etcd", List.of("/usr/bin/etcd", "--name", "fbverify", "--data-dir", dir.resolve("etcd").toString(),
                        "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
                        "--initial-advertise-peer-urls", peer, "--initial-cluster", "fbverify=" + peer));
                awaitPort(ns, MEMCACHED_PORT, memcached, "memcached");
                awaitPort(ns, ETCD_PORT, etcd, "etcd");
                Proc.Result ok = node.runStep("90-verify", ns.command(List.of())).requireOk("verify with every service up");
                JsonNode checks = checks(node);
                assertEquals(List.of("chrony", "memcached", "etcd"), checks.findValuesAsText("check"), ok.output());
                assertEquals(List.of("ok", "ok", "ok"), checks.findValuesAsText("status"));

                Proc.stop(memcached, 10);
                Proc.Result failed = node.with(Map.of("STACKBAKE_WAIT_SECONDS", "3")).runStep("90-verify", ns.command(List.of()));
                assertNotEquals(0, failed.exit(), "a service that does not answer fails the step");
                assertTrue(failed.output().contains("check memcached (port " + ADDRESS + ":" + MEMCACHED_PORT + "): failed"),
                        failed.output());
                assertEquals(List.of("ok", "failed", "ok"), checks(node).findValuesAsText("status"));
            } finally {
                Proc.stop(memcached, 10);
                Proc.stop(etcd, 10);
            }
        }
    }
}
