package org.stackbake.firstboot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.Socket;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rendered 90-verify.sh step against a real memcached and a real etcd on loopback ports of
 * their own: answering services are recorded as ok; a service that does not answer fails the step
 * and is recorded as failed. (chronyc is replaced by /bin/true: no chronyd runs here.)
 */
@Tag("unit")
class VerifyStepTest {
    @TempDir
    Path dir;

    private static Process start(Path dir, String name, List<String> command) throws Exception {
        return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(dir.resolve(name + ".out").toFile()).start();
    }

    private static void awaitPort(int port, Process process, String what) throws Exception {
        for (int i = 0; i < 200 && process.isAlive(); i++) {
            try (Socket socket = new Socket("127.0.0.1", port)) {
                return;
            } catch (java.io.IOException e) {
                Thread.sleep(100);
            }
        }
        throw new IllegalStateException(what + " did not listen on port " + port);
    }

    private static JsonNode checks(RenderedNode node) throws Exception {
        return new ObjectMapper().readTree(node.path("/var/lib/stackbake/firstboot-checks.json").toFile());
    }

    @Test
    void recordsAnsweringServicesAndFailsOnOneThatDoesNotAnswer() throws Exception {
        Proc.requireExecutable("/usr/bin/memcached", "memcached");
        Proc.requireExecutable("/usr/bin/etcd", "etcd-server");
        int memcachedPort = Proc.freePort();
        int etcdPort = Proc.freePort();
        int peerPort = Proc.freePort();
        RenderedNode node = RenderedNode.render(dir.resolve("node"), """
            name: fbverify
            release: dalmatian
            hostname: fbverify
            network:
              - id: lo0
                match: {interface: lo}
                ipv4: {address: 127.0.0.1/8}
            services:
              memcached: {port: %d, listen: [127.0.0.1]}
              etcd: {clientPort: %d, peerPort: %d}
            """.formatted(memcachedPort, etcdPort, peerPort), Map.of());
        String peer = "http://127.0.0.1:" + peerPort;
        String client = "http://127.0.0.1:" + etcdPort;
        Process memcached = start(dir, "memcached", List.of("/usr/bin/memcached", "-u", "root", "-l", "127.0.0.1",
                "-p", String.valueOf(memcachedPort), "-U", "0"));
        Process etcd = start(dir, "etcd", List.of("/usr/bin/etcd", "--name", "fbverify", "--data-dir", dir.resolve("etcd").toString(),
                "--listen-client-urls", client, "--advertise-client-urls", client, "--listen-peer-urls", peer,
                "--initial-advertise-peer-urls", peer, "--initial-cluster", "fbverify=" + peer));
        try {
            awaitPort(memcachedPort, memcached, "memcached");
            awaitPort(etcdPort, etcd, "etcd");
            Proc.Result ok = node.runStep("90-verify").requireOk("verify with every service up");
            JsonNode checks = checks(node);
            assertEquals(List.of("chrony", "memcached", "etcd"), checks.findValuesAsText("check"), ok.output());
            assertEquals(List.of("ok", "ok", "ok"), checks.findValuesAsText("status"));

            Proc.stop(memcached, 10);
            Proc.Result failed = node.with(Map.of("STACKBAKE_WAIT_SECONDS", "3")).runStep("90-verify");
            assertNotEquals(0, failed.exit(), "a service that does not answer fails the step");
            assertTrue(failed.output().contains("check memcached (port 127.0.0.1:" + memcachedPort + "): failed"), failed.output());
            assertEquals(List.of("ok", "failed", "ok"), checks(node).findValuesAsText("status"));
        } finally {
            Proc.stop(memcached, 10);
            Proc.stop(etcd, 10);
        }
    }
}
