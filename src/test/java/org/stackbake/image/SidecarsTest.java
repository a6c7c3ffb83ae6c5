package org.stackbake.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.render.FileEntry;

@Tag("unit")
class SidecarsTest {
    @TempDir
    Path dir;

    @Test
    void sidecarsSitBesideTheImage() {
        Path image = Path.of("/srv/images/node.qcow2");

        assertEquals(Path.of("/srv/images/node.qcow2.sha256"), Sidecars.checksumFile(image));
        assertEquals(Path.of("/srv/images/node.qcow2.json"), Sidecars.manifestFile(image));
        assertEquals("0123  node.qcow2\n", Sidecars.checksumLine("0123", image));
    }

    @Test
    void manifestRecordsDigestsButNeverForSensitiveFiles() throws IOException {
        BuildManifest manifest = ImagePublisherTest.manifest(syntheticBase())
                .withOutput(new BuildManifest.Output("/srv/node.qcow2", "cd".repeat(32), 1L << 30, 123456, "zlib"));

        String json = new String(Sidecars.manifestJson(manifest), StandardCharsets.UTF_8);
        JsonNode tree = new ObjectMapper().readTree(json);

        assertEquals("0.1.0", tree.path("stackbakeVersion").asText());
        assertEquals("epoxy", tree.path("release").asText());
        assertEquals("rocky", tree.path("base").path("distro").asText());
        assertTrue(tree.path("base").path("synthetic").asBoolean());
        JsonNode hostname = tree.path("files").get(0);
        assertEquals("/etc/hostname", hostname.path("path").asText());
        assertEquals("0644", hostname.path("mode").asText());
        assertEquals("root:root", hostname.path("owner").asText());
        assertEquals(FileEntry.root("/etc/hostname", 0644, "controller\n").sha256(), hostname.path("sha256").asText());
        JsonNode secrets = tree.path("files").get(1);
        assertTrue(secrets.path("sensitive").asBoolean());
        assertFalse(secrets.has("sha256"));
        assertFalse(json.contains("s3cret"));
        assertEquals(120, tree.path("steps").get(0).path("durationMs").asLong());
        assertEquals(1L << 30, tree.path("output").path("virtualSize").asLong());
    }

    @Test
    void manifestReadsBackAsWritten() throws IOException {
        BuildManifest manifest = ImagePublisherTest.manifest(syntheticBase())
                .withOutput(new BuildManifest.Output("/srv/node.qcow2", "cd".repeat(32), 1L << 30, 123456, "zlib"));
        Path file = Files.write(dir.resolve("node.qcow2.json"), Sidecars.manifestJson(manifest));

        assertEquals(manifest, Sidecars.readManifest(file));
    }

    @Test
    void theInputKeyIsWrittenAndReadBack() throws IOException {
        BuildManifest manifest = ImagePublisherTest.manifest(syntheticBase()).withInputKey("12".repeat(32))
                .withOutput(new BuildManifest.Output("/srv/node.qcow2", "cd".repeat(32), 1L << 30, 123456, "zlib"));
        Path file = Files.write(dir.resolve("node.qcow2.json"), Sidecars.manifestJson(manifest));

        assertEquals("12".repeat(32), new ObjectMapper().readTree(file.toFile()).path("inputKey").asText());
        assertEquals(manifest, Sidecars.readManifest(file));
    }

    private static ResolvedBase syntheticBase() {
        return new ResolvedBase("synthetic:rocky-9", Path.of("/cache/rocky-9.qcow2"), "qcow2", "ef".repeat(32), true,
                new ImageInfo("qcow2", 1L << 30, 4096, null, null, null, "zlib", false, null));
    }
}
