package org.stackbake.files;

/**
 * Quoting for each target format a template writes. Values that a format cannot carry at all
 * (line breaks in line-based files, names outside RFC 1123) are rejected earlier by validation.
 */
public final class Escaping {

    /** A double-quoted value in a systemd EnvironmentFile: only {@code \} and {@code "} need escaping; $ and ` are literal. */
    public static String envQuote(String value) {
        requireSingleLine(value);
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    /** A POSIX shell word: single quotes carry every byte but NUL; a ' becomes '\''. */
    public static String shellQuote(String value) {
        if (value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("a shell word cannot carry a NUL byte");
        }
        return "'" + value.replace("'", "'\\''") + "'";
    }

    /** A GKeyFile (NetworkManager keyfile) string value. */
    public static String keyfile(String value) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                case ' ' -> out.append(i == 0 ? "\\s" : " ");
                default -> out.append(c);
            }
        }
        return out.toString();
    }

    private static void requireSingleLine(String value) {
        if (value.indexOf('\n') >= 0 || value.indexOf('\r') >= 0 || value.indexOf('\0') >= 0) {
            throw new IllegalArgumentException("an environment file value cannot carry a line break");
        }
    }

    private Escaping() {}
}
