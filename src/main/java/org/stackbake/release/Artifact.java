package org.stackbake.release;

import java.util.Map;
import java.util.TreeMap;

/**
 * A verified download for a component with no RPM source (after RDO): its URL template
 * ({version}, {arch} in Debian's names), the SHA-256 per arch, which tarball members go where (paths
 * below the tarball's top directory), and the system user and home its unit runs as.
 */
public record Artifact(String name, String component, String version, String url, Map<String, String> sha256,
                       Map<String, String> files, String user, String home) {

    public Artifact {
        sha256 = new TreeMap<>(sha256);
        files = new TreeMap<>(files);
    }

    /** Debian's name of an EL arch, which release files commonly use. */
    public static String debianArch(String elArch) {
        return switch (elArch) {
            case "x86_64" -> "amd64";
            case "aarch64" -> "arm64";
            default -> elArch;
        };
    }

    /** The artifact for one arch (x86_64, aarch64), or null when none is pinned for it. */
    public ArtifactFile forArch(String elArch) {
        String arch = debianArch(elArch);
        String digest = sha256.get(arch);
        return digest == null ? null : new ArtifactFile(name, component, version,
                url.replace("{version}", version).replace("{arch}", arch), digest, files, user, home);
    }
}
