package org.stackbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stackbake.cli.CliRunner;

/**
 * Every bad input of the definition format gets exit code 2 and exactly one line per problem,
 * {@code stackbake: error: FILE:LINE:COL: message (hint: ...)}, pointing at the offending spot.
 */
@Tag("unit")
class BadInputTest {
    /** A valid controller; each case replaces one line of it. */
    static final String VALID = """
            name: controller
            release: epoxy
            hostname: controller
            hosts:
              - {name: controller, address: 192.168.8.10}
              - {name: node, address: 192.168.8.20}
            network:
              - id: ens160
                match: {interface: ens160}
                ipv4: {address: 192.168.8.10/24, gateway: 192.168.8.2, dns: [223.5.5.5]}
              - id: ens224
                match: {interface: ens224}
                ipv4: disabled
            ntp: {allow: [192.168.0.0/16]}
            services:
              etcd: {clusterToken: etcd-cluster-01}
            secrets:
              rabbit: {generate: true}
            """;

    @TempDir
    Path dir;

    static Stream<Arguments> cases() {
        return Stream.of(
                // name, line to replace, replacement, expected line:col, expected message fragment
                Arguments.of("malformed YAML", "hostname: controller", "hostname: [controller", "4:6", "malformed YAML"),
                Arguments.of("unknown key", "hostname: controller", "hostnme: controller", "3:1",
                        "unknown key 'hostnme' (hint: did you mean 'hostname'?)"),
                Arguments.of("missing required key", "hostname: controller", "", "0:0", "missing required key 'hostname'"),
                Arguments.of("invalid IPv4", "  - {name: node, address: 192.168.8.20}",
                        "  - {name: node, address: 192.168.8.300}", "6:27", "invalid IPv4 address '192.168.8.300'"),
                Arguments.of("invalid prefix", "ipv4: {address: 192.168.8.10/24,", "ipv4: {address: 192.168.8.10/33,",
                        "10:21", "invalid prefix length '/33'"),
                Arguments.of("invalid CIDR", "ntp: {allow: [192.168.0.0/16]}", "ntp: {allow: [192.168.0.0]}", "14:15",
                        "invalid CIDR '192.168.0.0': no prefix length"),
                Arguments.of("gateway outside subnet", "gateway: 192.168.8.2,", "gateway: 10.0.0.1,", "10:47",
                        "gateway 10.0.0.1 is outside the subnet 192.168.8.0/24"),
                Arguments.of("duplicate host name", "  - {name: node, address: 192.168.8.20}",
                        "  - {name: controller, address: 192.168.8.20}", "6:12",
                        "duplicate host name 'controller' in the hosts table"),
                Arguments.of("duplicate host IP", "  - {name: node, address: 192.168.8.20}",
                        "  - {name: node, address: 192.168.8.10}", "6:27", "duplicate IP address 192.168.8.10"),
                Arguments.of("hostname not RFC 1123", "hostname: controller", "hostname: ctl_01", "3:11",
                        "hostname 'ctl_01' is not a valid RFC 1123 host name"),
                Arguments.of("hostname with shell characters", "hostname: controller", "hostname: \"c$(reboot)`x`\"", "3:11",
                        "is not a valid RFC 1123 host name"),
                Arguments.of("two NICs with the same id", "  - id: ens224", "  - id: ens160", "11:9",
                        "two NICs with the same id 'ens160'"),
                Arguments.of("two NICs with the same match", "match: {interface: ens224}", "match: {interface: ens160}",
                        "12:12", "two NICs with the same match (interface ens160)"),
                Arguments.of("unknown release", "release: epoxy", "release: epoxi", "2:10",
                        "unknown release 'epoxi' (hint: did you mean 'epoxy'?)"),
                Arguments.of("secret env var unset", "rabbit: {generate: true}", "rabbit: {env: STACKBAKE_TEST_SURELY_UNSET_VAR_1}", "18:17",
                        "secret 'rabbit': environment variable STACKBAKE_TEST_SURELY_UNSET_VAR_1 is not set"),
                Arguments.of("secret file missing", "rabbit: {generate: true}",
                        "rabbit: {file: nowhere/rabbit.pw}", "18:18", "secret 'rabbit': file not found"),
                Arguments.of("newline where a line-based file cannot carry it", "etcd: {clusterToken: etcd-cluster-01}",
                        "etcd: {clusterToken: \"etcd\\ncluster\"}", "16:24",
                        "value contains a line break, which 'clusterToken' cannot carry"),
                Arguments.of("memcached name that /etc/hosts cannot resolve", "etcd: {clusterToken: etcd-cluster-01}",
                        "memcached: {listen: [127.0.0.1, ctrl]}", "16:35", "memcached listen name 'ctrl' is not in the hosts table"),
                Arguments.of("unknown storage engine", "etcd: {clusterToken: etcd-cluster-01}",
                        "mariadb: {defaultStorageEngine: innodbx, rootPassword: rabbit}", "16:35", "unknown storage engine 'innodbx'"),
                Arguments.of("wrong type", "ntp: {allow: [192.168.0.0/16]}", "ntp: {allow: 192.168.0.0/16}", "14:14",
                        "wrong type for 'allow': expected a list"),
                Arguments.of("invalid enum", "hostname: controller", "hostname: controller\ncloudInit: sometimes", "4:12",
                        "invalid value 'sometimes' for 'cloudInit' (hint: expected one of: keep, no-network, disabled)"),
                Arguments.of("invalid install mode", "hostname: controller", "hostname: controller\ninstall: later", "4:10",
                        "invalid value 'later' for 'install' (hint: expected one of: build, firstboot)"),
                Arguments.of("package name that dnf would take as an option", "hostname: controller",
                        "hostname: controller\npackages: [tcpdump, --nogpgcheck]", "4:21", "invalid package name '--nogpgcheck'"),
                Arguments.of("package name with shell characters", "hostname: controller",
                        "hostname: controller\npackages: [\"vim; reboot\"]", "4:12", "invalid package name 'vim; reboot'"),
                Arguments.of("packages not a list", "hostname: controller", "hostname: controller\npackages: tcpdump", "4:11",
                        "wrong type for 'packages': expected a list"),
                Arguments.of("repository without baseurl", "hostname: controller",
                        "hostname: controller\nrepositories:\n  - {name: os}", "5:5", "a repository needs 'name' and 'baseurl'"),
                Arguments.of("repository URL scheme", "hostname: controller",
                        "hostname: controller\nrepositories:\n  - {name: os, baseurl: \"ftp://mirror/os/\"}", "5:25",
                        "invalid baseurl 'ftp://mirror/os/': scheme 'ftp' is not supported"),
                Arguments.of("repository URL without scheme", "hostname: controller",
                        "hostname: controller\nrepositories:\n  - {name: os, baseurl: mirror.example.com/os}", "5:25",
                        "invalid baseurl 'mirror.example.com/os': no scheme"),
                Arguments.of("gpgkey that is not a URL", "hostname: controller",
                        "hostname: controller\nrepositories:\n  - {name: os, baseurl: \"https://m/os/\", gpgkey: \"key file\"}", "5:50",
                        "invalid gpgkey 'key file': it contains white space"),
                Arguments.of("repository name that cannot name a file", "hostname: controller",
                        "hostname: controller\nrepositories:\n  - {name: ../os, baseurl: \"https://m/os/\"}", "5:12",
                        "invalid repository name '../os'"),
                Arguments.of("repository name reserved for --repo", "hostname: controller",
                        "hostname: controller\nrepositories:\n  - {name: local-0, baseurl: \"https://m/os/\"}", "5:12",
                        "repository name 'local-0' is reserved"),
                Arguments.of("two repositories with one name", "hostname: controller",
                        "hostname: controller\nrepositories:\n  - {name: os, baseurl: \"https://m/a/\"}\n  - {name: os, baseurl: \"https://m/b/\"}",
                        "6:12", "two repositories named 'os'"),
                Arguments.of("unknown repository key", "hostname: controller",
                        "hostname: controller\nrepositories:\n  - {name: os, baseurl: \"https://m/os/\", gpgcheck: false}", "5:42",
                        "unknown key 'gpgcheck'"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void reportsOneLineErrorAtTheOffendingPosition(String name, String line, String replacement, String position,
                                                   String message) throws IOException {
        String yaml = VALID;
        assertTrue(yaml.contains(line), "test setup: line not found: " + line);
        Path file = dir.resolve("node.yaml");
        Files.writeString(file, yaml.replace(line, replacement));

        CliRunner.Result result = CliRunner.run("validate", file.toString());

        assertEquals(2, result.exitCode(), result.err());
        String expectedPrefix = "stackbake: error: " + file + (position.equals("0:0") ? ": " : ":" + position + ": ");
        String first = result.err().lines().findFirst().orElse("");
        assertTrue(first.startsWith(expectedPrefix), "expected prefix " + expectedPrefix + "\n got: " + result.err());
        assertTrue(first.contains(message), "expected '" + message + "' in: " + first);
        assertTrue(first.contains("(hint: "), "every error carries a hint: " + first);
        assertTrue(result.out().isEmpty() || !result.out().contains("ok "), result.out());
    }
}
