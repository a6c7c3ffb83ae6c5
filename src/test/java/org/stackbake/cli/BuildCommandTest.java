package org.stackbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/** The parts of `build` that decide before any guest work: which definitions, which usage is refused. */
@Tag("unit")
class BuildCommandTest {

    @Test
    void aFolderMeansEveryDefinitionInItButNotTheIncludedFragments() {
        CliRunner.Result result = CliRunner.run("build", "images/epoxy", "images/gazpacho/compute.yaml",
                "--base", "synthetic:rocky-9", "--dry-run");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("[controller-epoxy] plan ("), result.out());
        assertTrue(result.out().contains("[compute-epoxy] plan ("), result.out());
        assertTrue(result.out().contains("[compute-gazpacho] plan ("), result.out());
        assertFalse(result.out().contains("[site"), "site.yaml is included by the nodes, not an image: " + result.out());
        assertEquals(3, result.out().lines().filter(l -> l.contains("] plan (")).count(), result.out());
    }

    @Test
    void uniqueNamesArePrefixedByNameAlone() {
        CliRunner.Result result = CliRunner.run("build", "images/epoxy", "--base", "synthetic:rocky-9", "--dry-run");
        assertEquals(0, result.exitCode(), result.out() + result.err());
        assertTrue(result.out().contains("[controller] plan ("), result.out());
        assertTrue(result.out().contains("[compute] plan ("), result.out());
    }

    @Test
    void outputWithSeveralDefinitionsIsAUsageError() {
        CliRunner.Result result = CliRunner.run("build", "images/epoxy", "--base", "synthetic:rocky-9",
                "-o", "x.qcow2");
        assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("stackbake: error: -o names one image"), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
    }

    @Test
    void theSameImageTwiceIsRefusedBeforeAnyWork() {
        CliRunner.Result result = CliRunner.run("build", "images/epoxy/compute.yaml", "images/epoxy",
                "--base", "synthetic:rocky-9", "--dry-run");
        assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result.err());
        assertTrue(result.err().contains("another definition also builds compute of epoxy"), result.err());
    }

    @Test
    void aBatchRefusedBeforeAnyWorkIsOneFailedJsonObject() throws Exception {
        CliRunner.Result result = CliRunner.run("build", "images/epoxy/compute.yaml", "images/epoxy",
                "--base", "synthetic:rocky-9", "--json");
        assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result.err());
        assertEquals(1, result.out().lines().count(), result.out());
        var node = new ObjectMapper().readTree(result.out());
        assertEquals("failed", node.get("status").asText());
        assertTrue(node.get("error").asText().contains("another definition also builds"), node.toString());
    }

    @Test
    void aFailureBeforeTheBuildIsStillOneJsonObjectWithTheError() throws Exception {
        CliRunner.Result result = CliRunner.run("build", "images/epoxy/nope.yaml", "--json", "--base",
                "synthetic:rocky-9");
        assertEquals(ExitCodes.INVALID_INPUT, result.exitCode(), result.err());
        var node = new ObjectMapper().readTree(result.out());
        assertEquals("failed", node.get("status").asText());
        assertTrue(node.get("error").asText().contains("no such definition file"), node.toString());
    }
}
