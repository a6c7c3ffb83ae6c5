package org.stackbake.daemons;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads a file the way systemd reads an {@code EnvironmentFile=}: {@code KEY=value} lines, '#'
 * and ';' comment lines, values in double quotes (backslash escapes), single quotes (literal) or
 * bare (trailing blanks dropped). No variable expansion, as in systemd.
 */
final class EnvFile {

    static Map<String, String> parse(String text) {
        Map<String, String> variables = new LinkedHashMap<>();
        int lineNumber = 0;
        for (String line : text.split("\n", -1)) {
            lineNumber++;
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#") || trimmed.startsWith(";")) {
                continue;
            }
            int equals = trimmed.indexOf('=');
            String key = equals < 0 ? "" : trimmed.substring(0, equals).strip();
            if (!key.matches("[A-Za-z_][A-Za-z0-9_]*")) {
                throw new IllegalArgumentException("line " + lineNumber + ": not KEY=value: " + line);
            }
            variables.put(key, value(trimmed.substring(equals + 1).stripLeading(), lineNumber));
        }
        return variables;
    }

    /** How systemd splits an unquoted {@code $VAR} in ExecStart=: at runs of whitespace. */
    static List<String> words(String value) {
        String trimmed = value.strip();
        return trimmed.isEmpty() ? List.of() : Arrays.asList(trimmed.split("\\s+"));
    }

    private static String value(String raw, int lineNumber) {
        StringBuilder out = new StringBuilder();
        int i = 0;
        int keep = 0;
        while (i < raw.length()) {
            char c = raw.charAt(i);
            if (c == '"' || c == '\'') {
                int end = i + 1;
                while (end < raw.length() && raw.charAt(end) != c) {
                    if (c == '"' && raw.charAt(end) == '\\' && end + 1 < raw.length()) {
                        end++;
                    }
                    out.append(raw.charAt(end));
                    end++;
                }
                if (end >= raw.length()) {
                    throw new IllegalArgumentException("line " + lineNumber + ": unterminated " + c + " quote");
                }
                i = end + 1;
                keep = out.length();
            } else if (c == '\\' && i + 1 < raw.length()) {
                out.append(raw.charAt(i + 1));
                i += 2;
                keep = out.length();
            } else {
                out.append(c);
                i++;
                if (!Character.isWhitespace(c)) {
                    keep = out.length();
                }
            }
        }
        return out.substring(0, keep);
    }

    private EnvFile() {}
}
