package org.stackbake.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.files.Sha256;
import org.stackbake.sbom.InstalledPackage;
import org.stackbake.sbom.SpdxDocument;
import org.stackbake.sbom.SpdxSchema;

/** The SBOM is published with the other sidecars, all or nothing, and names the image by its digest. */
@Tag("unit")
class SbomPublishTest {
    @TempDir
    Path dir;

    private static final ImagePublisher.SbomRenderer SBOM = (image, sha256) -> SpdxDocument.json(
            new SpdxDocument.Subject(image.getFileName().toString(), sha256, "rocky", "9.5", "0.1.0"),
            List.of(new InstalledPackage("chrony", 0, "4.5", "3.el9", "x86_64", "GPL-2.0-only", "Rocky")),
            Instant.parse("2026-11-27T18:00:00Z"));

    @Test
    void theSbomLandsBesideTheImageAndNamesItsDigest() throws Exception {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path output = out.resolve("node.qcow2");
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 16));
        try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir)) {
            new ImagePublisher(TestImages.QEMU_IMG, output, false, true).publish(overlay, () -> ImagePublisherTest.manifest(base), SBOM);
        }
        assertEquals(List.of("node.qcow2", "node.qcow2.json", "node.qcow2.sha256", "node.qcow2.spdx.json"), names(out));
        byte[] json = Files.readAllBytes(out.resolve("node.qcow2.spdx.json"));
        assertEquals(List.of(), SpdxSchema.violations(json));
        JsonNode image = new ObjectMapper().readTree(json).get("packages").get(0);
        assertEquals(Sha256.of(output), image.get("checksums").get(0).get("checksumValue").asText());
    }

    @Test
    void anSbomThatCannotBeWrittenRemovesTheImageAndTheOtherSidecars() throws IOException {
        Path out = Files.createDirectories(dir.resolve("out"));
        Path output = out.resolve("node.qcow2");
        Path blocker = out.resolve("node.qcow2.spdx.json");
        ResolvedBase base = resolve(TestImages.rawDisk(dir.resolve("base.raw"), 16));
        ImagePublisher.SbomRenderer blocked = (image, sha256) -> {
            try {
                Files.createDirectories(blocker); // a directory appears where the SBOM goes
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            return SBOM.render(image, sha256);
        };
        try (Overlay overlay = Overlay.create(TestImages.QEMU_IMG, base, dir)) {
            StackbakeException e = assertThrows(StackbakeException.class, () -> new ImagePublisher(TestImages.QEMU_IMG,
                    output, false, true).publish(overlay, () -> ImagePublisherTest.manifest(base), blocked));
            assertEquals(blocker + " was written by someone else while this build ran; it was not replaced", e.getMessage());
        }
        assertEquals(List.of("node.qcow2.spdx.json"), names(out));
    }

    private ResolvedBase resolve(Path image) throws IOException {
        return new BaseResolver(TestImages.QEMU_IMG, new BaseCache(dir.resolve("cache")), flavor -> null).resolve(image.toString());
    }

    private static List<String> names(Path directory) throws IOException {
        try (Stream<Path> entries = Files.list(directory)) {
            return entries.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }
}
