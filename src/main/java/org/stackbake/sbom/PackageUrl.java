package org.stackbake.sbom;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Map;

/** Package URLs for rpms: {@code pkg:rpm/<vendor>/<name>@<version>-<release>?arch=..&distro=..[&epoch=..]}. */
public final class PackageUrl {
    /** libguestfs distro ids to the purl namespaces scanners know for them. */
    private static final Map<String, String> VENDORS = Map.of("rhel", "redhat", "redhat-based", "redhat",
            "oraclelinux", "oracle", "almalinux", "almalinux", "rocky", "rocky", "centos", "centos", "fedora", "fedora");

    private PackageUrl() {}

    public static String vendor(String distro) {
        String id = distro == null || distro.isBlank() ? "unknown" : distro.toLowerCase(Locale.ROOT);
        return VENDORS.getOrDefault(id, id);
    }

    /** Qualifiers in the canonical (sorted) order; {@code distro} like {@code rocky-9.6}. */
    public static String rpm(String vendor, InstalledPackage p, String distro) {
        StringBuilder purl = new StringBuilder("pkg:rpm/").append(encode(vendor)).append('/').append(encode(p.name()))
                .append('@').append(encode(p.version() + "-" + p.release()))
                .append("?arch=").append(encode(p.arch()));
        if (distro != null) {
            purl.append("&distro=").append(encode(distro));
        }
        if (p.epoch() > 0) {
            purl.append("&epoch=").append(p.epoch());
        }
        return purl.toString();
    }

    /** The purl spec's percent-encoding: everything but unreserved characters ('+' becomes %2B). */
    static String encode(String value) {
        StringBuilder out = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            char c = (char) (b & 0xff);
            if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '-'
                    || c == '_' || c == '~') {
                out.append(c);
            } else {
                out.append('%').append(String.format("%02X", b & 0xff));
            }
        }
        return out.toString();
    }
}
