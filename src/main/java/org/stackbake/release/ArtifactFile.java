package org.stackbake.release;

import java.net.URI;
import java.util.Map;

/** One concrete download: URL and SHA-256 for one arch, and how it is installed (see {@link Artifact}). */
public record ArtifactFile(String name, String component, String version, String url, String sha256,
                           Map<String, String> files, String user, String home) {

    public ArtifactFile {
        files = Map.copyOf(files);
    }

    /** The file name the download is kept under: the URL's last segment. */
    public String fileName() {
        String path = URI.create(url).getPath();
        return path.substring(path.lastIndexOf('/') + 1);
    }

    /** The same artifact from elsewhere (a definition's override), with that file's digest. */
    public ArtifactFile from(String otherUrl, String otherSha256) {
        return new ArtifactFile(name, component, version, otherUrl, otherSha256, files, user, home);
    }
}
