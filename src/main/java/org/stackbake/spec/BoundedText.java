package org.stackbake.spec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a definition or secret file as UTF-8 text of at most a given size, so a huge or endless
 * file (a 3 GiB secret, /dev/zero) costs nothing, and names where invalid UTF-8 starts.
 */
final class BoundedText {
    /** A definition or included file. */
    static final int DEFINITION_LIMIT = 1024 * 1024;
    /** A {@code file:} secret. */
    static final int SECRET_LIMIT = 64 * 1024;

    /** Why a file could not be read as text; line and column (1-based) are 0 when the whole file is meant. */
    static final class Unreadable extends Exception {
        final int line;
        final int column;

        Unreadable(String message, int line, int column) {
            super(message);
            this.line = line;
            this.column = column;
        }
    }

    private BoundedText() {}

    static String read(Path file, int limit) throws Unreadable {
        byte[] bytes;
        try (InputStream in = Files.newInputStream(file)) {
            bytes = in.readNBytes(limit + 1);
        } catch (IOException e) {
            String why = e instanceof java.nio.file.AccessDeniedException ? "permission denied" : "cannot read the file";
            throw new Unreadable(why, 0, 0);
        }
        if (bytes.length > limit) {
            throw new Unreadable("the file is larger than " + human(limit), 0, 0);
        }
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length);
        CoderResult result = decoder.decode(in, out, true);
        if (result.isError()) {
            String before = out.flip().toString();
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            int column = before.length() - before.lastIndexOf('\n');
            throw new Unreadable("invalid UTF-8", line, column); // never the byte: the file may be a secret
        }
        decoder.flush(out);
        return out.flip().toString();
    }

    static String human(int bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MiB" : bytes / 1024 + " KiB";
    }
}
