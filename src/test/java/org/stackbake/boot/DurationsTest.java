package org.stackbake.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.StackbakeException;

@Tag("unit")
class DurationsTest {

    @Test
    void parsesSecondsMinutesHoursAndCombinations() {
        assertEquals(Duration.ofSeconds(90), Durations.parse("90s", "--timeout"));
        assertEquals(Duration.ofMinutes(20), Durations.parse("20m", "--timeout"));
        assertEquals(Duration.ofHours(1), Durations.parse("1h", "--timeout"));
        assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m", "--timeout"));
        assertEquals(Duration.ofSeconds(125), Durations.parse("2m5s", "--timeout"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "20", "abc", "-5m", "0s", "5 m", "1.5h", "m", "20min", "1s1h"})
    void refusesWhatIsNotAPositiveDuration(String text) {
        StackbakeException e = assertThrows(StackbakeException.class, () -> Durations.parse(text, "--timeout"));
        assertEquals(StackbakeException.Kind.INVALID_INPUT, e.kind());
        assertTrue(e.getMessage().startsWith("--timeout: '" + text + "'"), e.getMessage());
        assertTrue(e.hint().contains("20m"), e.hint());
    }

    @Test
    void formatsBack() {
        assertEquals("1m15s", Durations.format(Duration.ofSeconds(75)));
        assertEquals("20m", Durations.format(Duration.ofMinutes(20)));
        assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
        assertEquals("0s", Durations.format(Duration.ZERO));
    }
}
