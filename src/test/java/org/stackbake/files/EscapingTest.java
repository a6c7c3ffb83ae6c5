package org.stackbake.files;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EscapingTest {
    private static final String HOSTILE = "a'b\"c$d`e\\f g#h%i€";

    @Test
    void environmentFileValuesEscapeQuoteAndBackslashOnly() {
        assertEquals("\"a'b\\\"c$d`e\\\\f g#h%i€\"", Escaping.envQuote(HOSTILE));
        assertThrows(IllegalArgumentException.class, () -> Escaping.envQuote("two\nlines"));
    }

    @Test
    void shellQuotingRoundTripsThroughARealShell() throws IOException, InterruptedException {
        String value = HOSTILE + "\nsecond line";
        Process sh = new ProcessBuilder("sh", "-c", "printf %s " + Escaping.shellQuote(value)).start();
        String echoed = new String(sh.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, sh.waitFor());
        assertEquals(value, echoed);
    }

    @Test
    void keyfileValuesEscapeBackslashControlsAndLeadingSpace() {
        assertEquals("\\sx\\\\y\\nz", Escaping.keyfile(" x\\y\nz"));
    }
}
