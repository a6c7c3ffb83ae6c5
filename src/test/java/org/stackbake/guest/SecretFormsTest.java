package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The image scan finds each encoding of a secret buried in binary data, so a clean scan means something. */
@Tag("unit")
class SecretFormsTest {
    static final String SECRET = "it-Scan-Me-9c4Rq2Vb";

    @Test
    void findsEveryFormInsideBinaryDataAndNothingInCleanData(@TempDir Path dir) throws Exception {
        Map<String, String> forms = SecretForms.of("s", SECRET);
        byte[] bytes = SECRET.getBytes(StandardCharsets.UTF_8);
        for (int offset = 0; offset < 3; offset++) {
            // base64 of a longer stream in which the secret starts at byte `offset`.
            byte[] stream = new byte[offset + bytes.length + 5];
            System.arraycopy(bytes, 0, stream, offset, bytes.length);
            stream[stream.length - 1] = 7;
            assertEquals(List.of("s base64+" + offset), SecretForms.foundIn(
                    file(dir, "b" + offset, Base64.getEncoder().encode(stream)), forms));
        }
        assertEquals(List.of("s plain"), SecretForms.foundIn(file(dir, "plain", bytes), forms));
        assertEquals(List.of("s hex"), SecretForms.foundIn(file(dir, "hex",
                HexFormat.of().formatHex(bytes).getBytes(StandardCharsets.US_ASCII)), forms));
        assertEquals(List.of("s HEX"), SecretForms.foundIn(file(dir, "HEX",
                HexFormat.of().withUpperCase().formatHex(bytes).getBytes(StandardCharsets.US_ASCII)), forms));
        assertEquals(List.of(), SecretForms.foundIn(file(dir, "clean", "it-Scan-Me-9c4Rq2V".getBytes(StandardCharsets.UTF_8)), forms));
    }

    /** The content surrounded by binary noise (NULs, high bytes, line breaks). */
    private static Path file(Path dir, String name, byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(new byte[] {0, 0, (byte) 0xff, '\n', 1});
        out.write(content);
        out.write(new byte[] {0, '\n', (byte) 0x80, 0});
        return Files.write(dir.resolve(name), out.toByteArray());
    }
}
