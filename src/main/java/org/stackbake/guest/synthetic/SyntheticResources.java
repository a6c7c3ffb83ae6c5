package org.stackbake.guest.synthetic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The text resources under {@code /synthetic/} the base generators read: whole files laid into the guest,
 * and data lists (packages, files, units) kept there rather than in code.
 */
final class SyntheticResources {

    private SyntheticResources() {
    }

    static String text(String name) throws IOException {
        try (InputStream in = SyntheticResources.class.getResourceAsStream("/synthetic/" + name)) {
            if (in == null) {
                throw new IOException("missing resource /synthetic/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }

    static boolean exists(String name) {
        return SyntheticResources.class.getResource("/synthetic/" + name) != null;
    }

    /**
     * A data list's entries, one a line: blank lines and {@code #} comment lines (indented or not) left out,
     * trailing blanks stripped, indentation kept for lists that nest.
     */
    static List<String> lines(String name) throws IOException {
        return text(name).lines().map(String::stripTrailing)
                .filter(line -> !line.isEmpty() && !line.stripLeading().startsWith("#")).toList();
    }
}
