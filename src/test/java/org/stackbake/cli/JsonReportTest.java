package org.stackbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.image.BuildManifest;
import org.stackbake.pipeline.ImageResult;

@Tag("unit")
class JsonReportTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void aBuiltImageIsOneLineWithPathDigestStatusAndStepDurations() throws Exception {
        ImageResult built = new ImageResult("controller", Path.of("images/epoxy/controller.yaml"),
                ImageResult.Status.BUILT, Path.of("/out/controller.qcow2"), "ab".repeat(32), null,
                List.of(new BuildManifest.Step("launch appliance and inspect", 30_000),
                        new BuildManifest.Step("convert to standalone qcow2 and publish", 2_500)), null, null);
        String line = JsonReport.line(built);
        assertFalse(line.contains("\n"), "one object per line");
        JsonNode node = JSON.readTree(line);
        assertEquals("controller", node.get("name").asText());
        assertEquals("built", node.get("status").asText());
        assertEquals("/out/controller.qcow2", node.get("output").asText());
        assertEquals("ab".repeat(32), node.get("sha256").asText());
        assertTrue(node.get("error").isNull());
        assertEquals("launch appliance and inspect", node.get("steps").get(0).get("name").asText());
        assertEquals(30_000, node.get("steps").get(0).get("ms").asLong());
        assertEquals(32_500, node.get("totalMs").asLong());
    }

    @Test
    void failedAndSkippedImagesSayWhy() throws Exception {
        JsonNode failed = JSON.readTree(JsonReport.line(ImageResult.failed("compute", Path.of("c.yaml"),
                "libguestfs: command failed", null, List.of())));
        assertEquals("failed", failed.get("status").asText());
        assertEquals("libguestfs: command failed", failed.get("error").asText());
        assertTrue(failed.get("output").isNull());
        assertTrue(failed.get("sha256").isNull());
        JsonNode skipped = JSON.readTree(JsonReport.line(new ImageResult("compute", Path.of("c.yaml"),
                ImageResult.Status.SKIPPED, Path.of("/out/c.qcow2"), "cd".repeat(32), null, List.of(), null, null)));
        assertEquals("skipped", skipped.get("status").asText());
        assertEquals(0, skipped.get("totalMs").asLong());
    }
}
