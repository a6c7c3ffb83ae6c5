package org.stackbake.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.stackbake.files.Jackson;

/** The files published beside an image: its checksum, its manifest and its SBOM. */
public final class Sidecars {

    private Sidecars() {}

    public static Path checksumFile(Path image) {
        return image.resolveSibling(image.getFileName() + ".sha256");
    }

    public static Path manifestFile(Path image) {
        return image.resolveSibling(image.getFileName() + ".json");
    }

    /** The SPDX 2.3 JSON document of the image's installed packages. */
    public static Path sbomFile(Path image) {
        return image.resolveSibling(image.getFileName() + ".spdx.json");
    }

    /** sha256sum's format (two spaces, bare file name) so {@code sha256sum -c} works in that directory. */
    public static String checksumLine(String sha256, Path image) {
        return sha256 + "  " + image.getFileName() + "\n";
    }

    public static byte[] manifestJson(BuildManifest manifest) throws IOException {
        return (Jackson.PRETTY.writeValueAsString(manifest) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    public static BuildManifest readManifest(Path file) throws IOException {
        return Jackson.JSON.readValue(file.toFile(), BuildManifest.class);
    }
}
