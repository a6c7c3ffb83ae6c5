package org.stackbake.guest;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The byte strings a secret leaves behind when someone stores it plainly, as hex, or as base64
 * inside a longer stream (where it may start at any of three alignments), and a scan for them.
 */
final class SecretForms {

    /** Form name ({@code mariadb base64+1}) to the bytes to look for. */
    static Map<String, String> of(String label, String secret) {
        byte[] bytes = secret.getBytes(StandardCharsets.UTF_8);
        Map<String, String> forms = new LinkedHashMap<>();
        forms.put(label + " plain", secret);
        forms.put(label + " hex", HexFormat.of().formatHex(bytes));
        forms.put(label + " HEX", HexFormat.of().withUpperCase().formatHex(bytes));
        for (int offset = 0; offset < 3; offset++) {
            byte[] shifted = new byte[offset + bytes.length];
            System.arraycopy(bytes, 0, shifted, offset, bytes.length);
            String encoded = Base64.getEncoder().withoutPadding().encodeToString(shifted);
            // Only the characters made from the secret's bytes alone: not the first group (it mixes
            // in the bytes before the secret) nor the last (bytes after it, or padding).
            int from = offset == 0 ? 0 : 4;
            int to = encoded.length() - encoded.length() % 4 - (encoded.length() % 4 == 0 ? 4 : 0);
            forms.put(label + " base64+" + offset, encoded.substring(from, to));
        }
        return forms;
    }

    /**
     * The names of the forms present in the file, found with GNU grep (fixed strings, binary as
     * text; it skips the holes of a sparse raw image). Only names are returned, never the bytes.
     */
    static List<String> foundIn(Path file, Map<String, String> forms) throws IOException, InterruptedException {
        Path patterns = Files.createTempFile("stackbake-forms-", ".txt");
        try {
            Files.writeString(patterns, String.join("\n", forms.values()) + "\n");
            Process grep = new ProcessBuilder("grep", "-a", "-o", "-F", "-f", patterns.toString(), file.toString())
                    .redirectErrorStream(true).start();
            List<String> matches = new String(grep.getInputStream().readAllBytes(), StandardCharsets.UTF_8).lines().toList();
            int exit = grep.waitFor();
            if (exit > 1) {
                throw new IOException("grep failed (exit " + exit + ") on " + file);
            }
            List<String> found = new ArrayList<>();
            forms.forEach((name, form) -> {
                if (matches.stream().anyMatch(m -> m.contains(form) || form.contains(m))) {
                    found.add(name);
                }
            });
            return found;
        } finally {
            Files.deleteIfExists(patterns);
        }
    }

    private SecretForms() {}
}
