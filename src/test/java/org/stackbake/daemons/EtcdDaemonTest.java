package org.stackbake.daemons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * etcd with the rendered /etc/etcd/etcd.conf as its environment, as etcd.service's
 * EnvironmentFile= gives it; only ETCD_DATA_DIR is moved into a temp dir.
 */
@Tag("daemon")
@Timeout(60)
class EtcdDaemonTest {
    private static final String CONF = "/etc/etcd/etcd.conf";
    private static final Duration START = Duration.ofSeconds(30);
    private static final Duration CLIENT = Duration.ofSeconds(15);
    private static final String CLIENT_URL = "http://192.168.8.10:2379";
    private static final String PEER_URL = "http://192.168.8.10:2380";

    @Test
    void runsHealthyMemberWithRenderedUrlsNameAndToken(@TempDir Path dir) throws Exception {
        Map<String, String> env = EnvFile.parse(Rendered.text(Rendered.controller(), CONF));
        assertEquals("/var/lib/etcd/default.etcd", env.get("ETCD_DATA_DIR"));
        try (TestNetwork net = TestNetwork.start("etcd"); DaemonProcess etcd = start(net.controller(), env, dir)) {
            NetNamespace controller = net.controller();
            etcd.awaitReady("\"health\":\"true\" on " + CLIENT_URL + "/health", START,
                    () -> health(controller).contains("\"health\":\"true\""));
            assertTrue(health(net.node()).contains("\"health\":\"true\""), "the node cannot reach etcd");
            assertEquals(Set.of("tcp 192.168.8.10:2379", "tcp 192.168.8.10:2380"), controller.listeners());

            JsonNode list = new ObjectMapper().readTree(etcdctl(controller, "member", "list", "-w", "json"));
            JsonNode members = list.get("members");
            assertEquals(1, members.size(), list.toString());
            JsonNode member = members.get(0);
            assertEquals("controller", member.get("name").asText());
            assertEquals(List.of(PEER_URL), texts(member.get("peerURLs")));
            assertEquals(List.of(CLIENT_URL), texts(member.get("clientURLs")));
            // etcd derives a new cluster's member ID from its peer URLs and the cluster token, and
            // the cluster ID from the member IDs: matching both proves the token "etcd-cluster-01".
            long memberId = sha1Prefix((PEER_URL + "etcd-cluster-01").getBytes(StandardCharsets.UTF_8));
            assertEquals(Long.toUnsignedString(memberId), member.get("ID").asText());
            long clusterId = sha1Prefix(ByteBuffer.allocate(8).putLong(memberId).array());
            assertEquals(Long.toUnsignedString(clusterId), list.get("header").get("cluster_id").asText());

            etcdctl(controller, "put", "/stackbake/probe", "baked");
            assertEquals("baked", etcdctl(controller, "get", "--print-value-only", "/stackbake/probe").strip());
            String log = etcd.logText();
            assertFalse(log.contains("unrecognized environment variable"), "etcd ignored a variable:\n" + log);
            for (String variable : env.keySet()) {
                assertTrue(log.contains("recognized and used environment variable " + variable + "="), variable + "\n" + log);
            }
        }
    }

    @Test
    void refusesClientUrlWithBadScheme(@TempDir Path dir) {
        Path templates = Rendered.editedTemplate(dir.resolve("templates"), "etc/etcd/etcd.conf.ftl",
                "ETCD_LISTEN_CLIENT_URLS=${envQuote(etcd.clientUrl)}",
                "ETCD_LISTEN_CLIENT_URLS=${envQuote(etcd.clientUrl?replace(\"http:\", \"htp:\"))}");
        Map<String, String> env = EnvFile.parse(Rendered.text(
                Rendered.render(Rendered.DEFINITIONS.resolve("controller.yaml"), templates), CONF));
        assertEquals("htp://192.168.8.10:2379", env.get("ETCD_LISTEN_CLIENT_URLS"));
        try (TestNetwork net = TestNetwork.start("etcdx"); DaemonProcess etcd = start(net.controller(), env, dir)) {
            assertNotEquals(0, etcd.awaitExit(START), etcd.logText());
            assertTrue(etcd.logText().contains("URL scheme must be http, https, unix, or unixs: htp://192.168.8.10:2379"),
                    etcd.logText());
        }
    }

    private static DaemonProcess start(NetNamespace ns, Map<String, String> rendered, Path dir) {
        String etcd = Exec.requireProgram("etcd", "etcd-server");
        Exec.requireProgram("etcdctl", "etcd-client");
        Map<String, String> env = new LinkedHashMap<>(rendered);
        env.put("ETCD_DATA_DIR", dir.resolve("data").toString());
        return DaemonProcess.start("etcd", ns.command(List.of(etcd)), env, dir.resolve("etcd.log"));
    }

    private static String health(NetNamespace from) {
        return from.exchange("192.168.8.10", 2379, "GET /health HTTP/1.0\r\nHost: 192.168.8.10:2379\r\n\r\n").out();
    }

    private static String etcdctl(NetNamespace ns, String... args) {
        List<String> command = new ArrayList<>(List.of("etcdctl", "--endpoints=" + CLIENT_URL, "--command-timeout=5s"));
        command.addAll(List.of(args));
        return Exec.check(CLIENT, ns.command(command)).out();
    }

    private static List<String> texts(JsonNode array) {
        List<String> out = new ArrayList<>();
        array.forEach(n -> out.add(n.asText()));
        return out;
    }

    private static long sha1Prefix(byte[] data) throws NoSuchAlgorithmException {
        return ByteBuffer.wrap(MessageDigest.getInstance("SHA-1").digest(data)).getLong();
    }
}
