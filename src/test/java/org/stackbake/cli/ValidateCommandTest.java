package org.stackbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class ValidateCommandTest {

    @TempDir
    Path dir;

    @Test
    void shippedDefinitionsAreValidAndFragmentsAreCheckedThroughTheirIncluders() {
        CliRunner.Result result = CliRunner.run("validate", "images");
        assertEquals(0, result.exitCode(), result.err());
        assertEquals("""
                ok images/epoxy/compute.yaml
                ok images/epoxy/controller.yaml
                ok images/gazpacho/compute.yaml
                ok images/gazpacho/controller.yaml
                ok images/hibiscus/compute.yaml
                ok images/hibiscus/controller.yaml
                """, result.out());
    }

    @Test
    void jsonReportsEveryProblemWithItsPosition() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("nodes")).resolve("bad.yaml");
        Files.writeString(bad, """
                include: ../fragment.yaml
                name: x
                """);
        Files.writeString(dir.resolve("fragment.yaml"), "release: epoxy\nhosts: []\n");
        Path good = dir.resolve("good.yaml");
        Files.copy(Path.of("images/epoxy/compute.yaml"), good);
        Files.copy(Path.of("images/epoxy/site.yaml"), dir.resolve("site.yaml"));

        CliRunner.Result result = CliRunner.run("validate", "--json", bad.toString(), good.toString());

        assertEquals(2, result.exitCode());
        JsonNode json = new ObjectMapper().readTree(result.out());
        assertEquals(false, json.get("valid").asBoolean());
        JsonNode first = json.get("results").get(0);
        assertEquals(bad.toString(), first.get("file").asText());
        assertEquals(false, first.get("valid").asBoolean());
        assertEquals(2, first.get("problems").size(), first.toString());
        assertEquals("missing required key 'hostname'", first.get("problems").get(0).get("message").asText());
        assertTrue(json.get("results").get(1).get("valid").asBoolean(), json.toString());
    }

    @Test
    void includeCycleIsReportedAtTheInclude() throws IOException {
        Files.writeString(dir.resolve("a.yaml"), "include: b.yaml\nname: a\n");
        Files.writeString(dir.resolve("b.yaml"), "name: b\ninclude: [a.yaml]\n");

        CliRunner.Result result = CliRunner.run("validate", dir.resolve("a.yaml").toString());

        assertEquals(2, result.exitCode());
        assertEquals("stackbake: error: " + dir.resolve("b.yaml") + ":2:10: include cycle: a.yaml -> b.yaml -> a.yaml"
                + " (hint: a file may not include itself, directly or through others)", result.err().strip());
    }

    @Test
    void anIncludingFileOverridesSecretsWhole() throws IOException {
        Files.copy(Path.of("images/epoxy/site.yaml"), dir.resolve("site.yaml"));
        String controller = Files.readString(Path.of("images/epoxy/controller.yaml"));
        Files.writeString(dir.resolve("node.yaml"), controller + "secrets:\n  mariadb_root: {env: STACKBAKE_TEST_DB_UNSET}\n");

        CliRunner.Result result = CliRunner.run("validate", dir.resolve("node.yaml").toString());

        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("environment variable STACKBAKE_TEST_DB_UNSET is not set"), result.err());
    }

    @Test
    void aReleaseWithNoSourceOnTheBasesElMajorIsRefusedUnlessTheDefinitionBringsRepositories() throws IOException {
        // The shipped Hibiscus controller on rocky-9: EPEL 9 has no client for it, the catalog no source.
        Files.writeString(dir.resolve("site.yaml"), Files.readString(Path.of("images/hibiscus/site.yaml"))
                .replace("base: rocky-10", "base: rocky-9"));
        Path node = dir.resolve("controller.yaml");
        Files.copy(Path.of("images/hibiscus/controller.yaml"), node);

        CliRunner.Result result = CliRunner.run("validate", node.toString());

        assertEquals(2, result.exitCode(), result.out());
        assertEquals(List.of("stackbake: error: " + dir.resolve("site.yaml") + ":3:7: OpenStack hibiscus (2026.2) on EL 9"
                + " has no package source for the OpenStack command-line client (python3-openstackclient), which node"
                + " controller needs (base rocky-9) (hint: use a base of EL 10, or bring the packages with repositories:"
                + " of your own)"), result.err().lines().toList());

        Files.writeString(node, Files.readString(node)
                + "repositories:\n  - {name: openstack, baseurl: \"https://m.example/os/\", gpgkey: \"https://m.example/key\"}\n");
        CliRunner.Result own = CliRunner.run("validate", node.toString());
        assertEquals(0, own.exitCode(), own.err());
        assertEquals("", own.err());
    }

    @Test
    void aReleaseTheCatalogHasNoElMajorForIsRefused() throws IOException {
        Files.writeString(dir.resolve("site.yaml"), Files.readString(Path.of("images/epoxy/site.yaml"))
                .replace("base: rocky-9", "base: rocky-10"));
        Path node = dir.resolve("compute.yaml");
        Files.copy(Path.of("images/epoxy/compute.yaml"), node);

        CliRunner.Result result = CliRunner.run("validate", node.toString());

        assertEquals(2, result.exitCode(), result.out());
        assertEquals(List.of("stackbake: error: " + dir.resolve("site.yaml") + ":3:7: OpenStack epoxy (2025.1) on EL 10:"
                + " the release catalog has no package source for it (base rocky-10) (hint: use a base of EL 9, or bring"
                + " the packages with repositories: of your own)"), result.err().lines().toList());
    }

    @Test
    void aReleasePastEndOfLifeIsAWarning() throws IOException {
        Files.writeString(dir.resolve("site.yaml"), Files.readString(Path.of("images/epoxy/site.yaml"))
                .replace("release: epoxy", "release: dalmatian"));
        Path node = dir.resolve("compute.yaml");
        Files.copy(Path.of("images/epoxy/compute.yaml"), node);

        CliRunner.Result result = CliRunner.run("validate", node.toString());

        assertEquals(0, result.exitCode(), result.err());
        assertEquals(List.of("stackbake: warning: " + dir.resolve("site.yaml") + ":2:10: OpenStack dalmatian (2024.2)"
                + " reached end of life on 2026-04-29: it gets no fixes upstream, and its package sources may disappear"
                + " (hint: move to a maintained release (stackbake releases lists them))"), result.err().lines().toList());
    }

    @Test
    void unknownPackageRolesAreRefused() throws IOException {
        Files.copy(Path.of("images/gazpacho/site.yaml"), dir.resolve("site.yaml"));
        Path node = dir.resolve("compute.yaml");
        Files.writeString(node, Files.readString(Path.of("images/gazpacho/compute.yaml"))
                + "packageNames:\n  mariadb-servr: [mariadb-server]\n");

        CliRunner.Result result = CliRunner.run("validate", node.toString());

        assertEquals(2, result.exitCode(), result.out());
        assertTrue(result.err().startsWith("stackbake: error: " + node + ":"), result.err());
        assertTrue(result.err().contains("unknown package role 'mariadb-servr' (hint: known roles: chrony,"), result.err());
    }

    @Test
    void anArtifactSourceNeedsAUrlAndASha256ForAKnownComponent() throws IOException {
        Files.copy(Path.of("images/gazpacho/site.yaml"), dir.resolve("site.yaml"));
        Path node = dir.resolve("controller.yaml");
        String controller = Files.readString(Path.of("images/gazpacho/controller.yaml"));
        Files.writeString(node, controller + "artifacts:\n  etcd: {url: \"https://m.example/etcd.tar.gz\", sha256: abc}\n");

        CliRunner.Result shortDigest = CliRunner.run("validate", node.toString());

        assertEquals(2, shortDigest.exitCode(), shortDigest.out());
        assertEquals(List.of("stackbake: error: " + node + ":" + Files.readAllLines(node).size() + ":56: artifacts: etcd needs"
                + " the file's sha256 (64 hex digits) (hint: sha256sum FILE, or the release's SHA256SUMS)"), shortDigest.err().lines().toList());

        Files.writeString(node, controller + "artifacts:\n  zookeeper: {url: \"https://m.example/zk.tar.gz\", sha256: \""
                + "a".repeat(64) + "\"}\n");
        CliRunner.Result unknown = CliRunner.run("validate", node.toString());
        assertEquals(2, unknown.exitCode(), unknown.out());
        assertTrue(unknown.err().contains("no component 'zookeeper' comes from a verified download (hint: known: etcd)"),
                unknown.err());
    }

    @Test
    void releasesListsTheCatalog() {
        CliRunner.Result result = CliRunner.run("releases");
        assertEquals(0, result.exitCode(), result.err());
        List<String> lines = result.out().lines().toList();
        assertEquals(List.of("caracal", "dalmatian", "epoxy", "flamingo", "gazpacho", "hibiscus"), lines.stream()
                .filter(l -> !l.startsWith(" ")).map(l -> l.split(" ")[0]).toList(), result.out());
        assertTrue(lines.contains("dalmatian 2024.2: end of life since 2026-04-29"), result.out());
        assertTrue(lines.stream().anyMatch(l -> l.startsWith("gazpacho 2026.1 (SLURP): maintained since 2026-04-01")), result.out());
        // Epoxy: EL 9 only, from RDO; Flamingo and later never name an RDO package.
        int epoxy = lines.indexOf(lines.stream().filter(l -> l.startsWith("epoxy ")).findFirst().orElseThrow());
        assertTrue(lines.get(epoxy + 1).startsWith("  EL 9: ") && lines.get(epoxy + 1).contains("centos-release-openstack-epoxy"));
        assertTrue(lines.get(epoxy + 2).startsWith("flamingo "), "epoxy has no EL 10 line: " + result.out());
        int flamingo = epoxy + 2;
        assertTrue(lines.subList(flamingo, lines.size()).stream().noneMatch(l -> l.contains("centos-release-openstack")
                || l.contains("rdo-")), result.out());
        int hibiscus = lines.indexOf(lines.stream().filter(l -> l.startsWith("hibiscus ")).findFirst().orElseThrow());
        assertTrue(lines.get(hibiscus + 2).startsWith("  EL 10: "), result.out());
        assertTrue(lines.get(hibiscus + 2).contains("mariadb-server=mariadb-11.8.8 [MariaDB-server MariaDB-client MariaDB-backup]"),
                result.out());
        assertTrue(lines.get(hibiscus + 2).contains("rabbitmq-server=rabbitmq [rabbitmq-server erlang]"), result.out());
        assertTrue(lines.get(hibiscus + 1).contains("openstack-client=NO SOURCE"), result.out());
    }
}
