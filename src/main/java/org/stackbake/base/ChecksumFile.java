package org.stackbake.base;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The SHA-256 entries of a published checksum file, in either layout distributions use: BSD style
 * ({@code SHA256 (FILE) = HEX}, Rocky, CentOS Stream, AlmaLinux) or sha256sum's
 * ({@code HEX  FILE}, {@code HEX *FILE}). Anything else (comments, size lines, other digests, the
 * armour of a clear-signed file) is skipped.
 */
public final class ChecksumFile {
    private static final Pattern BSD = Pattern.compile("^SHA256 \\((.+)\\) ?= ?([0-9A-Fa-f]{64})$");
    private static final Pattern GNU = Pattern.compile("^([0-9A-Fa-f]{64}) [ *](.+)$");
    private static final Pattern HEX = Pattern.compile("[0-9a-f]{64}");

    private final Map<String, String> entries;

    private ChecksumFile(Map<String, String> entries) {
        this.entries = entries;
    }

    public static ChecksumFile parse(String text) {
        Map<String, String> entries = new LinkedHashMap<>();
        for (String raw : text.split("\\R")) {
            String line = raw.strip();
            Matcher bsd = BSD.matcher(line);
            if (bsd.matches()) {
                entries.put(bsd.group(1), bsd.group(2).toLowerCase(Locale.ROOT));
                continue;
            }
            Matcher gnu = GNU.matcher(line);
            if (gnu.matches()) {
                entries.put(gnu.group(2), gnu.group(1).toLowerCase(Locale.ROOT));
            }
        }
        return new ChecksumFile(entries);
    }

    public Map<String, String> entries() {
        return Map.copyOf(entries);
    }

    /**
     * The digest for {@code fileName}; failing that, the only entry of a file that has exactly one,
     * because a per-image checksum file beside a "latest" link (CentOS Stream) names the dated file
     * the link points to.
     */
    public Optional<String> sha256For(String fileName) {
        String exact = entries.get(fileName);
        if (exact != null) {
            return Optional.of(exact);
        }
        return entries.size() == 1 ? Optional.of(entries.values().iterator().next()) : Optional.empty();
    }

    /** Lower-case 64-digit hex, or empty when {@code value} is not a SHA-256 digest. */
    public static Optional<String> normalizedHex(String value) {
        String hex = value.strip().toLowerCase(Locale.ROOT);
        return HEX.matcher(hex).matches() ? Optional.of(hex) : Optional.empty();
    }
}
