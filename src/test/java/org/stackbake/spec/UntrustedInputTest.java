package org.stackbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stackbake.cli.CliRunner;

/**
 * Each class of input a node cannot run, or that a careless message would echo, is refused by
 * {@code validate} with exit 2 and one line per problem, {@code FILE:LINE:COL: what (hint: how)},
 * naming the spot; values are shown escaped and cut, file contents never.
 */
@Tag("unit")
class UntrustedInputTest {
    /** A 2048-bit RSA public key (its blob), to put under another type's name. */
    private static final String RSA_BLOB = "AAAAB3NzaC1yc2EAAAADAQABAAABAQDMPsVzL/S2ou2KmVGMsnLXGLuffrB3rl5mLCREpkLSwNdliHwc3bOt/u1yVfbL1W1jCuRRRTBs0HAxHz00jCODxBp6ehWpuKJbvH0PORLqmfC1//Jc9thYZceoDZkywOGAvQmIiiwA7qD1skfbLTL7ZOY316yXwy3RpCMs1ujBs1iOCbZSBaa5cz2m7WHHcKVGbPjiFvYssPN7sEtUC4aUeEKbcfmSKLM54Mu8c+e+Z2WQgtb4Q8Tu2OygYQvSQMo2Yv/0eaH3gKUF9mB04nWp7UfVSIKRciCBHoUQhouB3x5+uwdOsDmF8FweWoZ1UVIv5QAnkjuj7LZF0Wj933rL";

    @TempDir
    Path dir;

    /** A case: its class, how it changes the valid definition (given the temp dir), the position and the message. */
    record Case(String name, Function<Path, String> definition, String position, String message) {
        @Override
        public String toString() {
            return name;
        }
    }

    private static Case replacing(String name, String line, String replacement, String position, String message) {
        return new Case(name, dir -> {
            assertTrue(BadInputTest.VALID.contains(line), "test setup: line not found: " + line);
            return BadInputTest.VALID.replace(line, replacement.replace("DIR", dir.toString()));
        }, position, message);
    }

    private static final String GATEWAY = "gateway: 192.168.8.2,";
    private static final String NODE = "  - {name: node, address: 192.168.8.20}";
    private static final String SECOND_NIC = "match: {interface: ens224}";
    private static final String SERVICES = "etcd: {clusterToken: etcd-cluster-01}";
    private static final String TOP = "hostname: controller";

    static Stream<Arguments> cases() {
        return Stream.of(
                // addresses
                replacing("gateway is the NIC's own address", GATEWAY, "gateway: 192.168.8.10,", "10:47",
                        "gateway 192.168.8.10 is the NIC's own address"),
                replacing("gateway is the broadcast address", GATEWAY, "gateway: 192.168.8.255,", "10:47",
                        "gateway 192.168.8.255 is the broadcast address of 192.168.8.0/24"),
                replacing("NIC address is the network address", "address: 192.168.8.10/24", "address: 192.168.8.0/24", "10:21",
                        "address 192.168.8.0 is the network address of 192.168.8.0/24"),
                replacing("NIC address is loopback", "ipv4: {address: 192.168.8.10/24, gateway: 192.168.8.2, dns: [223.5.5.5]}",
                        "ipv4: {address: 127.0.0.5/8}", "10:21", "address 127.0.0.5 is a loopback address, which no NIC can use"
                        + " (hint: give the NIC an address of its own network, e.g. 192.168.8.10/24)"),
                replacing("gateway is loopback", GATEWAY, "gateway: 127.0.0.1,", "10:47",
                        "gateway 127.0.0.1 is a loopback address, which no NIC can use (hint: give a host address of the subnet,"
                        + " e.g. 192.168.8.1)"),
                replacing("host address 0.0.0.0", NODE, "  - {name: node, address: 0.0.0.0}", "6:27",
                        "host address 0.0.0.0 is a 'this network' address (0.0.0.0/8)"),
                replacing("host address multicast", NODE, "  - {name: node, address: 224.0.0.5}", "6:27",
                        "host address 224.0.0.5 is a multicast address"),
                replacing("prefix /0", "address: 192.168.8.10/24", "address: 192.168.8.10/0", "10:21",
                        "prefix /0 in 192.168.8.10/0 makes every address on-link"),
                replacing("two NICs with one address", "    ipv4: disabled", "    ipv4: {address: 192.168.8.10/24}", "13:21",
                        "two NICs with the address 192.168.8.10"),
                replacing("DNS server 0.0.0.0", "dns: [223.5.5.5]", "dns: [0.0.0.0]", "10:66",
                        "DNS server 0.0.0.0 is not a unicast address"),
                replacing("multicast MAC", SECOND_NIC, "match: {mac: \"01:00:5e:00:00:01\"}", "12:18",
                        "MAC address 01:00:5e:00:00:01 is a multicast address"),
                replacing("all-zero MAC", SECOND_NIC, "match: {mac: \"00:00:00:00:00:00\"}", "12:18",
                        "MAC address 00:00:00:00:00:00 is all zeros"),
                replacing("broadcast MAC", SECOND_NIC, "match: {mac: \"ff:ff:ff:ff:ff:ff\"}", "12:18",
                        "MAC address ff:ff:ff:ff:ff:ff is the broadcast address"),
                replacing("bind address no NIC has", SERVICES, "mariadb: {bindAddress: 10.0.0.5, rootPassword: rabbit}", "16:26",
                        "MariaDB would bind 10.0.0.5, which no NIC of this node has"),
                replacing("two services on one port", SERVICES, "etcd: {clusterToken: x, clientPort: 11211}\n  memcached: {}",
                        "16:39", "two services on port 11211: memcached and etcd (clients)"),
                // names
                replacing("hostname localhost", TOP, "hostname: localhost", "3:11", "hostname 'localhost' names every machine's loopback"),
                replacing("an empty hosts table", "hosts:\n  - {name: controller, address: 192.168.8.10}\n" + NODE, "hosts: []",
                        "4:8", "the hosts table is empty, but it must list hostname 'controller'"),
                replacing("an alias shadowing another host", NODE, "  - {name: node, address: 192.168.8.20, aliases: [controller]}",
                        "6:51", "alias 'controller' shadows the name 'controller' of 192.168.8.10"),
                replacing("names differing only in case", NODE, "  - {name: Controller, address: 192.168.8.20}", "6:12",
                        "names 'controller' and 'Controller' differ only in case but have different addresses"),
                // users and keys
                replacing("a service account as user", TOP, TOP + "\nusers:\n  - {name: mysql}", "5:12",
                        "user name 'mysql' is a system or service account"),
                replacing("root given a second password", TOP, TOP + "\nrootPassword: rabbit\nusers:\n  - {name: root, password: rabbit}",
                        "6:12", "user 'root' is set by rootPassword, not users:"),
                replacing("the same user twice", TOP, TOP + "\nusers:\n  - {name: ops}\n  - {name: ops}", "6:12",
                        "user 'ops' appears twice"),
                replacing("SSH key type not matching its blob", TOP, TOP + "\nusers:\n  - {name: ops, sshAuthorizedKeys: [\"ssh-ed25519 "
                        + RSA_BLOB + " ops\"]}", "5:37", "SSH key says ssh-ed25519 but its data is a ssh-rsa key"),
                replacing("SSH key of random base64", TOP, TOP + "\nusers:\n  - {name: ops, sshAuthorizedKeys: [\"ssh-ed25519 "
                        + "q83vEjRWeJA= ops\"]}", "5:37", "SSH key says ssh-ed25519 but its data is not an SSH key"),
                replacing("SSH DSA key", TOP, TOP + "\nusers:\n  - {name: ops, sshAuthorizedKeys: [\"ssh-dss AAAAB3NzaC1kc3MAAACB ops\"]}",
                        "5:37", "DSA (ssh-dss) keys are refused"),
                // bases
                replacing("unknown synthetic base", TOP, TOP + "\nbase: synthetic:nope", "4:7", "unknown synthetic base 'synthetic:nope'"),
                replacing("empty base", TOP, TOP + "\nbase: \"\"", "4:7", "'base' has no value"),
                replacing("base that is a directory", TOP, TOP + "\nbase: DIR", "4:7", "is a directory"),
                replacing("base that is a device", TOP, TOP + "\nbase: /dev/zero", "4:7",
                        "base '/dev/zero' is not a regular file (a device or a pipe)"),
                // resources
                replacing("a 3 GiB secret file", "rabbit: {generate: true}", "rabbit: {file: DIR/huge.pw}", "18:18",
                        "secret 'rabbit': " + "DIR/huge.pw: the file is larger than 64 KiB"),
                new Case("a definition larger than 1 MiB", dir -> BadInputTest.VALID + "# " + "x".repeat(2 << 20) + "\n",
                        "", "the file is larger than 1 MiB"),
                // messages
                replacing("a line break and an escape in a value", TOP, "hostname: \"a\\nb\\e[31m\"", "3:11",
                        "hostname 'a\\nb\\x1b[31m' is not a valid RFC 1123 host name"),
                new Case("a huge value", dir -> BadInputTest.VALID.replace(TOP, "hostname: " + "h".repeat(500_000)), "3:11",
                        "hostname '" + "h".repeat(79) + "… is not a valid RFC 1123 host name"),
                new Case("a raw control character", dir -> BadInputTest.VALID.replace(TOP, "hostname: ab\u0007c"), "3:13",
                        "malformed YAML: character U+0007 is not allowed"),
                replacing("include of a file that is not a fragment", TOP, TOP + "\ninclude: DIR/shadow", "4:10",
                        "include names a file that is not a .yaml or .yml fragment"),
                new Case("invalid UTF-8", dir -> BadInputTest.VALID.replace(TOP, "hostname: contr\u0000ller"), "3:16",
                        "invalid UTF-8"),
                replacing("tab indentation", "    match: {interface: ens224}", "\tmatch: {interface: ens224}", "12:1",
                        "a tab indents this line"))
                .map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedOnOneLineAtThePlace(Case c) throws IOException {
        try (RandomAccessFile huge = new RandomAccessFile(dir.resolve("huge.pw").toFile(), "rw")) {
            huge.setLength(3L << 30); // sparse: costs no disk
        }
        Files.writeString(dir.resolve("shadow"), "root:$6$salt$SECRETHASH:19000:0:99999:7:::\n");
        Path file = dir.resolve("node.yaml");
        String yaml = c.definition().apply(dir);
        // A NUL stands for the invalid byte, which a Java string cannot hold.
        byte[] bytes = yaml.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
            bytes[i] = bytes[i] == 0 ? (byte) 0xff : bytes[i];
        }
        Files.write(file, bytes);

        CliRunner.Result result = assertTimeoutPreemptively(Duration.ofSeconds(30), () -> CliRunner.run("validate", file.toString()));

        assertEquals(2, result.exitCode(), result.err());
        List<String> lines = result.err().lines().toList();
        String prefix = "stackbake: error: " + file + (c.position().isEmpty() ? ": " : ":" + c.position() + ": ");
        String expected = c.message().replace("DIR", dir.toString());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith(prefix) && l.contains(expected)),
                "expected " + prefix + "…" + expected + "…\n got: " + result.err());
        for (String line : lines) {
            assertTrue(line.matches("stackbake: error: \\S+: .+ \\(hint: .+\\)"), "one line with a hint: " + line);
            assertTrue(line.length() < 1200, "a value is cut, not echoed whole: " + line.length() + " characters");
        }
        assertFalse(result.err().contains("SECRETHASH") || result.err().contains("root:"), "file contents never appear");
        assertFalse(result.err().contains("Exception") || result.err().contains("Input length"), result.err());
    }
}
