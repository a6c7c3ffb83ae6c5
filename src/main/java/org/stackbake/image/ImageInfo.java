package org.stackbake.image;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.util.Optional;
import org.stackbake.files.Jackson;

/**
 * What {@code qemu-img info --output=json} reports about one image. Backing fields are null for
 * a standalone image; {@code fullBackingFilename} is the backing path resolved against the image's
 * directory, the one to test for existence. {@code compressionType} is a qcow2's header field
 * (zlib or zstd; null for other formats), which says how clusters would be compressed, not that any are.
 * {@code internalSnapshots} and {@code dataFile} (a qcow2's external data file) are what a byte copy of the
 * image would carry along besides its content.
 */
public record ImageInfo(String format, long virtualSize, long actualSize, String backingFilename,
        String fullBackingFilename, String backingFormat, String compressionType, boolean internalSnapshots,
        String dataFile) {


    public static ImageInfo parse(String json) throws IOException {
        JsonNode node = Jackson.JSON.readTree(json);
        return new ImageInfo(node.path("format").asText(), node.path("virtual-size").asLong(),
                node.path("actual-size").asLong(), text(node, "backing-filename"),
                text(node, "full-backing-filename"), text(node, "backing-filename-format"),
                text(node.path("format-specific").path("data"), "compression-type"),
                node.path("snapshots").size() > 0, text(node.path("format-specific").path("data"), "data-file"));
    }

    public boolean hasBackingFile() {
        return backingFilename != null;
    }

    public Optional<String> backing() {
        return Optional.ofNullable(fullBackingFilename != null ? fullBackingFilename : backingFilename);
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() ? null : value.asText();
    }
}
