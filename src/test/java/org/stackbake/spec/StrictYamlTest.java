package org.stackbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.stackbake.cli.CliRunner;

/** YAML means what YAML (1.2) says: aliases are their anchors' values, names stay strings, null is refused. */
@Tag("unit")
class StrictYamlTest {
    @TempDir
    Path dir;

    @Test
    void anAliasIsItsAnchorsValueNotItsName() throws Exception {
        Definition def = load(BadInputTest.VALID.replaceFirst("name: controller\n", "name: &nodename controller\n")
                .replace("hostname: controller\n", "hostname: *nodename\n"));
        assertEquals("controller", def.hostname());
    }

    @Test
    void anAliasOfAMappingCopiesIt() throws Exception {
        Definition def = load(BadInputTest.VALID.replace("dns: [223.5.5.5]", "dns: &dns [223.5.5.5]")
                .replace("ntp: {allow: [192.168.0.0/16]}", "ntp: {allow: [192.168.0.0/16], servers: *dns}"));
        assertEquals(java.util.List.of("223.5.5.5"), def.ntp().servers());
    }

    @Test
    void scalarsStayTheStringsTheyAre() throws Exception {
        Definition def = load(BadInputTest.VALID.replaceFirst("name: controller\n", "name: \"010\"\n")
                .replace("hostname: controller\n", "hostname: no\n")
                .replace("{name: controller, address: 192.168.8.10}", "{name: no, address: 192.168.8.10}")
                .replace("- id: ens160", "- id: 010")
                .replace("etcd: {clusterToken: etcd-cluster-01}", "etcd: {clusterToken: 0x1F, clientPort: 2379}"));
        assertEquals("010", def.name());
        assertEquals("no", def.hostname());
        assertEquals("no", def.hosts().get(0).name());
        assertEquals("010", def.network().get(0).id());
        assertEquals("0x1F", def.services().etcd().clusterToken());
        assertEquals(2379, def.services().etcd().clientPort());
    }

    @Test
    void plainNamesAreStringsToo() throws Exception {
        Definition def = load(BadInputTest.VALID.replaceFirst("name: controller\n", "name: 010\n")
                .replace("etcd: {clusterToken: etcd-cluster-01}", "etcd: {clusterToken: yes}"));
        assertEquals("010", def.name());
        assertEquals("yes", def.services().etcd().clusterToken());
    }

    static Stream<Arguments> refused() {
        return Stream.of(
                Arguments.of("null where a mapping is expected", "etcd: {clusterToken: etcd-cluster-01}",
                        "etcd: {clusterToken: etcd-cluster-01}\n  mariadb: null", "17:12", "'mariadb' has no value"),
                Arguments.of("empty value where a mapping is expected", "etcd: {clusterToken: etcd-cluster-01}",
                        "etcd: {clusterToken: etcd-cluster-01}\n  mariadb:", "17:11", "'mariadb' has no value"),
                Arguments.of("empty string where a mapping is expected", "etcd: {clusterToken: etcd-cluster-01}",
                        "etcd: {clusterToken: etcd-cluster-01}\n  mariadb: \"\"", "17:12", "'mariadb' has no value"),
                Arguments.of("tilde where a mapping is expected", "etcd: {clusterToken: etcd-cluster-01}",
                        "etcd: {clusterToken: etcd-cluster-01}\n  mariadb: ~", "17:12", "'mariadb' has no value"),
                Arguments.of("null hostname", "hostname: controller", "hostname: null", "3:11", "'hostname' has no value"),
                Arguments.of("a hex number where a port goes", "etcd: {clusterToken: etcd-cluster-01}",
                        "etcd: {clusterToken: etcd-cluster-01, clientPort: 0x1F}", "16:53",
                        "wrong type for 'clientPort': expected a whole number"),
                Arguments.of("yes where a boolean goes", "hostname: controller",
                        "hostname: controller\nrepositories:\n  - {name: os, baseurl: \"https://m/os/\", enabled: yes}", "5:51",
                        "wrong type for 'enabled': expected true or false"),
                Arguments.of("an alias of no anchor", "hostname: controller", "hostname: *nowhere", "3:11",
                        "alias *nowhere names no anchor before it"),
                Arguments.of("a merge key", "ntp: {allow: [192.168.0.0/16]}",
                        "base: &b {allow: [192.168.0.0/16]}\nntp:\n  <<: *b", "16:3", "YAML merge keys (<<) are not supported"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("refused")
    void refusedOnOneLineAtThePosition(String name, String line, String replacement, String position, String message)
            throws IOException {
        assertTrue(BadInputTest.VALID.contains(line), line);
        Path file = Files.writeString(dir.resolve("node.yaml"), BadInputTest.VALID.replace(line, replacement));

        CliRunner.Result result = CliRunner.run("validate", file.toString());

        assertEquals(2, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("stackbake: error: " + file + ":" + position + ": " + message + " (hint: "),
                result.err());
    }

    @Test
    void aliasesThatExpandExponentiallyAreRefusedQuickly() throws IOException {
        StringBuilder yaml = new StringBuilder("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
        for (int i = 1; i < 10; i++) {
            yaml.append("a").append(i).append(": &a").append(i).append(" [")
                    .append(String.join(", ", java.util.Collections.nCopies(10, "*a" + (i - 1)))).append("]\n");
        }
        Path file = Files.writeString(dir.resolve("laughs.yaml"), yaml);

        CliRunner.Result result = assertTimeoutPreemptively(Duration.ofSeconds(20), () -> CliRunner.run("validate", file.toString()));

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().contains(": more than 100000 values (aliases expanding?) (hint: "), result.err());
    }

    private Definition load(String yaml) throws Exception {
        Path file = Files.writeString(dir.resolve("node.yaml"), yaml);
        return new DefinitionLoader().load(file).definition();
    }
}
