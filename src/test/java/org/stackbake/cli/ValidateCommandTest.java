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
                ok images/dalmatian/compute.yaml
                ok images/dalmatian/controller.yaml
                ok images/epoxy/compute.yaml
                ok images/epoxy/controller.yaml
                """, result.out());
    }

    @Test
    void jsonReportsEveryProblemWithItsPosition() throws IOException {
        Path bad = Files.createDirectories(dir.resolve("nodes")).resolve("bad.yaml");
        Files.writeString(bad, """
                include: ../fragment.yaml
                name: x
                """);
        Files.writeString(dir.resolve("fragment.yaml"), "release: dalmatian\nhosts: []\n");
        Path good = dir.resolve("good.yaml");
        Files.copy(Path.of("images/dalmatian/compute.yaml"), good);
        Files.copy(Path.of("images/dalmatian/site.yaml"), dir.resolve("site.yaml"));

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
        Files.copy(Path.of("images/dalmatian/site.yaml"), dir.resolve("site.yaml"));
        String controller = Files.readString(Path.of("images/dalmatian/controller.yaml"));
        Files.writeString(dir.resolve("node.yaml"), controller + "secrets:\n  mariadb_root: {env: STACKBAKE_TEST_DB_UNSET}\n");

        CliRunner.Result result = CliRunner.run("validate", dir.resolve("node.yaml").toString());

        assertEquals(2, result.exitCode());
        assertTrue(result.err().contains("environment variable STACKBAKE_TEST_DB_UNSET is not set"), result.err());
    }

    @Test
    void aReleaseWithoutRdoPackagesAndNoOwnRepositoriesIsAWarningNotAnError() throws IOException {
        Files.copy(Path.of("images/dalmatian/site.yaml"), dir.resolve("site.yaml"));
        Path node = dir.resolve("node.yaml");
        Files.writeString(node, Files.readString(Path.of("images/dalmatian/compute.yaml")) + "release: gazpacho\n");

        CliRunner.Result result = CliRunner.run("validate", node.toString());

        assertEquals(0, result.exitCode(), result.err());
        assertEquals("ok " + node + "\n", result.out());
        List<String> warnings = result.err().lines().toList();
        assertEquals(1, warnings.size(), result.err());
        assertTrue(warnings.get(0).startsWith("stackbake: warning: " + node + ":" + (Files.readAllLines(node).size()) + ":10: "
                + "release gazpacho (2026.1) has no RDO packages (status unknown)"), warnings.get(0));
        assertTrue(warnings.get(0).contains("(hint: add repositories:"), warnings.get(0));

        Files.writeString(node, Files.readString(node) + "repositories:\n  - {name: openstack, baseurl: \"https://m.example/os/\"}\n");
        CliRunner.Result own = CliRunner.run("validate", "--json", node.toString());
        assertEquals(0, own.exitCode(), own.err());
        JsonNode json = new ObjectMapper().readTree(own.out());
        JsonNode ownWarnings = json.get("results").get(0).get("warnings");
        assertEquals(1, ownWarnings.size(), "only the unsigned repository is left to warn about: " + ownWarnings);
        assertEquals("repository 'openstack' has no gpgkey: its packages are installed without signature checks (gpgcheck=0)",
                ownWarnings.get(0).get("message").asText());
        assertTrue(json.get("valid").asBoolean());
    }

    @Test
    void releasesListsTheCatalog() {
        CliRunner.Result result = CliRunner.run("releases");
        assertEquals(0, result.exitCode(), result.err());
        assertTrue(result.out().lines().anyMatch(l -> l.matches("dalmatian\\s+2024\\.2\\s+rdo\\s+centos-release-openstack-dalmatian\\s+9")),
                result.out());
        assertTrue(result.out().lines().anyMatch(l -> l.matches("gazpacho\\s+2026\\.1\\s+unknown\\s+-\\s+10")), result.out());
        assertEquals(6, result.out().lines().count(), "a header and five releases: " + result.out());
    }
}
