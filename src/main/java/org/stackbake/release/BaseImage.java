package org.stackbake.release;

import java.net.URI;

/**
 * An official cloud image in the base catalog. {@code image} and {@code checksum} are paths below
 * {@code site}; a mirror replaces {@code site} and keeps the paths.
 */
public record BaseImage(String name, String distro, int elMajor, String site, String image, String checksum,
                        String checksumFormat) {

    public URI imageUrl(String mirror) {
        return URI.create(base(mirror) + image);
    }

    public URI checksumUrl(String mirror) {
        return URI.create(base(mirror) + checksum);
    }

    /** The file name the image is cached under: the last segment of its path. */
    public String fileName() {
        return image.substring(image.lastIndexOf('/') + 1);
    }

    private String base(String mirror) {
        String base = mirror == null ? site : mirror;
        return base.endsWith("/") ? base : base + "/";
    }
}
