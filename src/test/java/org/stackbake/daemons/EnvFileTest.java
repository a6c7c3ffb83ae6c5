package org.stackbake.daemons;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class EnvFileTest {

    @Test
    void readsValuesLikeSystemdEnvironmentFile() {
        Map<String, String> env = EnvFile.parse(String.join("\n",
                "# comment",
                "; also a comment",
                "",
                "PLAIN=value  ",
                "QUOTED=\"a \\\"b\\\" \\\\ $c\"",
                "SINGLE='x \\ \"y\"'",
                "  SPACED = \"v\"",
                "EMPTY=",
                "OPTIONS=\"-l 127.0.0.1,::1,controller\""));
        assertEquals(Map.of("PLAIN", "value", "QUOTED", "a \"b\" \\ $c", "SINGLE", "x \\ \"y\"", "SPACED", "v",
                "EMPTY", "", "OPTIONS", "-l 127.0.0.1,::1,controller"), env);
        assertEquals(List.of("-l", "127.0.0.1,::1,controller"), EnvFile.words(env.get("OPTIONS")));
    }

    @Test
    void rejectsBrokenLines() {
        assertThrows(IllegalArgumentException.class, () -> EnvFile.parse("NOEQUALS"));
        assertThrows(IllegalArgumentException.class, () -> EnvFile.parse("A=\"open"));
    }
}
