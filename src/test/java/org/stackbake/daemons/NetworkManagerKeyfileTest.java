package org.stackbake.daemons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.render.FileEntry;
import org.stackbake.render.FileTree;

/**
 * The rendered keyfiles through NetworkManager's own keyfile reader: {@code nmcli --offline
 * connection modify} (NM >= 1.38) reads a keyfile on stdin with libnm's parser, normalizes and
 * verifies the connection as the daemon does when it loads the file, and prints it back as
 * NetworkManager would store it. The (no-op) modification re-sets connection.id to itself.
 */
@Tag("daemon")
@Timeout(60)
class NetworkManagerKeyfileTest {
    private static final String DIR = "/etc/NetworkManager/system-connections/";
    private static final Duration NMCLI = Duration.ofSeconds(20);

    @Test
    void managementKeyfileLoadsWithStaticAddressGatewayAndDns() {
        FileTree tree = Rendered.controller();
        Map<String, Map<String, String>> loaded = load(tree, "ens160");
        Map<String, String> connection = loaded.get("connection");
        assertEquals("ens160", connection.get("id"));
        assertEquals("ethernet", connection.get("type"));
        assertEquals("ens160", connection.get("interface-name"));
        assertNotEquals("false", connection.get("autoconnect"), "must come up at boot");
        Map<String, String> ipv4 = loaded.get("ipv4");
        assertEquals(Map.of("method", "manual", "address1", "192.168.8.10/24,192.168.8.2", "dns", "223.5.5.5;"), ipv4);
        assertEquals(Map.of("method", "auto", "addr-gen-mode", "eui64"), loaded.get("ipv6"));
    }

    @Test
    void providerKeyfileLoadsWithNoAddressAndAutoconnect() {
        Map<String, Map<String, String>> loaded = load(Rendered.controller(), "ens224");
        assertEquals("ens224", loaded.get("connection").get("interface-name"));
        assertNotEquals("false", loaded.get("connection").get("autoconnect"), "must come up at boot");
        assertEquals(Map.of("method", "disabled"), loaded.get("ipv4"), "no IPv4 address, no DHCP");
        assertTrue(Set.of("disabled", "ignore").contains(loaded.get("ipv6").get("method")), loaded.get("ipv6").toString());
        assertEquals(Set.of("method"), loaded.get("ipv6").keySet(), "no IPv6 address");
    }

    @Test
    void computeKeyfilesLoad() {
        FileTree tree = Rendered.compute();
        assertEquals("192.168.8.20/24,192.168.8.2", load(tree, "ens160").get("ipv4").get("address1"));
        assertEquals(Map.of("method", "disabled"), load(tree, "ens224").get("ipv4"));
    }

    @Test
    void refusesStaticMethod(@TempDir Path dir) {
        // ifcfg says BOOTPROTO=static; a keyfile must say manual.
        Path templates = Rendered.editedTemplate(dir, "etc/NetworkManager/system-connections/connection.nmconnection.ftl",
                "method=manual", "method=static");
        FileTree tree = Rendered.render(Rendered.DEFINITIONS.resolve("controller.yaml"), templates);
        Exec.Result result = nmcli(Rendered.text(tree, DIR + "ens160.nmconnection"), "ens160");
        assertNotEquals(0, result.exit(), result.describe());
        assertTrue(result.err().contains("ipv4.method: property is invalid"), result.describe());
    }

    /** Loads a keyfile through nmcli and returns NetworkManager's normalized form, section by section. */
    private static Map<String, Map<String, String>> load(FileTree tree, String id) {
        FileEntry entry = tree.get(DIR + id + ".nmconnection").orElseThrow();
        // NetworkManager skips keyfiles that are not root's with mode 0600.
        assertEquals("0600 root:root", entry.modeOctal() + " " + entry.owner() + ":" + entry.group());
        Exec.Result result = nmcli(entry.text(), id);
        assertTrue(result.ok() && result.err().isEmpty(), result.describe());
        Map<String, Map<String, String>> keyfile = parse(result.out());
        assertEquals(parse(entry.text()).get("connection").get("uuid"), keyfile.get("connection").get("uuid"));
        return keyfile;
    }

    private static Exec.Result nmcli(String keyfile, String id) {
        String nmcli = Exec.requireProgram("nmcli", "network-manager");
        return Exec.run(NMCLI, List.of(nmcli, "--offline", "connection", "modify", "connection.id", id), keyfile);
    }

    /** A GKeyFile as sections of key=value (comments and blank lines dropped). */
    private static Map<String, Map<String, String>> parse(String text) {
        Map<String, Map<String, String>> sections = new LinkedHashMap<>();
        Map<String, String> current = null;
        for (String line : text.split("\n")) {
            if (line.isBlank() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("[") && line.endsWith("]")) {
                current = sections.computeIfAbsent(line.substring(1, line.length() - 1), s -> new LinkedHashMap<>());
            } else if (current != null && line.contains("=")) {
                current.put(line.substring(0, line.indexOf('=')), line.substring(line.indexOf('=') + 1));
            } else {
                throw new AssertionError("not a keyfile line: " + line);
            }
        }
        return sections;
    }
}
