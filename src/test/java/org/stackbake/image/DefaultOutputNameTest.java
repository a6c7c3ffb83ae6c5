package org.stackbake.image;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DefaultOutputNameTest {
    private static final Instant LATE_EVENING_UTC = Instant.parse("2026-03-05T23:30:00Z");

    @TempDir
    Path dir;

    @Test
    void firstBuildOfTheDayIsNumberOne() {
        assertEquals(dir.resolve("controller-epoxy-20260305.1.qcow2"),
                DefaultOutputName.next(dir, "controller", "epoxy", Clock.fixed(LATE_EVENING_UTC, ZoneId.of("UTC"))));
    }

    @Test
    void takesTheFirstFreeNumber() throws IOException {
        Clock clock = Clock.fixed(LATE_EVENING_UTC, ZoneId.of("UTC"));
        Files.writeString(dir.resolve("controller-epoxy-20260305.1.qcow2"), "");
        Files.writeString(dir.resolve("controller-epoxy-20260305.3.qcow2"), "");

        assertEquals(dir.resolve("controller-epoxy-20260305.2.qcow2"), DefaultOutputName.next(dir, "controller", "epoxy", clock));
    }

    @Test
    void dateIsTheClocksLocalDate() {
        Clock shanghai = Clock.fixed(LATE_EVENING_UTC, ZoneId.of("Asia/Shanghai"));

        assertEquals(dir.resolve("compute-epoxy-20260306.1.qcow2"), DefaultOutputName.next(dir, "compute", "epoxy", shanghai));
    }
}
