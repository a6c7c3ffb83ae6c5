package org.stackbake.image;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;

@Tag("unit")
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

    @Test
    void aChosenNumberStaysReservedUntilPublished() throws IOException {
        Clock clock = Clock.fixed(LATE_EVENING_UTC, ZoneId.of("UTC"));
        Path first = DefaultOutputName.next(dir, "controller", "epoxy", clock);
        Path second = DefaultOutputName.next(dir, "controller", "epoxy", clock);

        assertEquals(dir.resolve("controller-epoxy-20260305.1.qcow2"), first);
        assertEquals(dir.resolve("controller-epoxy-20260305.2.qcow2"), second);

        Files.writeString(first, "published");
        DefaultOutputName.release(first);
        assertFalse(Files.exists(dir.resolve(".controller-epoxy-20260305.1.qcow2.reserved")));
        assertEquals(dir.resolve("controller-epoxy-20260305.3.qcow2"), DefaultOutputName.next(dir, "controller", "epoxy", clock));
    }

    @Test
    void anotherProcesssReservationIsRespectedWhileItLivesAndTakenOverAfter() throws Exception {
        Clock utc = Clock.fixed(LATE_EVENING_UTC, ZoneId.of("UTC"));
        Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), ReserveOutputName.class.getName(), dir.toString(),
                LATE_EVENING_UTC.toString())
                .redirectError(ProcessBuilder.Redirect.INHERIT).start();
        Path childs;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
            childs = Path.of(out.readLine());
            Path ours = DefaultOutputName.next(dir, "controller", "epoxy", utc);

            assertTrue(childs.getFileName().toString().endsWith(".1.qcow2"), childs.toString());
            assertEquals(childs.resolveSibling(childs.getFileName().toString().replace(".1.qcow2", ".2.qcow2")), ours);
            child.destroyForcibly(); // SIGKILL: no exit hook removes its reservation
            child.waitFor();
        }
        Path reservation = childs.resolveSibling("." + childs.getFileName() + ".reserved");
        assertTrue(Files.exists(reservation), "a killed process leaves its reservation");
        assertEquals(childs, DefaultOutputName.next(dir, "controller", "epoxy", utc),
                "a dead process's number is free again");
    }

    @Test
    void aMissingOutputDirectoryIsCreatedAsMkdirPWould() {
        Path nested = dir.resolve("new/images");
        Clock clock = Clock.fixed(LATE_EVENING_UTC, ZoneId.of("UTC"));

        assertEquals(nested.resolve("compute-epoxy-20260305.1.qcow2"), DefaultOutputName.next(nested, "compute", "epoxy", clock));
        assertTrue(Files.isDirectory(nested));
    }

    @Test
    void aFileWhereTheDirectoryShouldBeIsAnInputError() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "mine");
        StackbakeException e = assertThrows(StackbakeException.class,
                () -> DefaultOutputName.next(file, "compute", "epoxy", Clock.systemUTC()));
        assertEquals(StackbakeException.Kind.INVALID_INPUT, e.kind());
        assertEquals("output directory " + file + " is not a directory", e.getMessage());
        assertEquals("mine", Files.readString(file));
    }

    @Test
    void aLeftoverSidecarKeepsItsNumber() throws IOException {
        Clock clock = Clock.fixed(LATE_EVENING_UTC, ZoneId.of("UTC"));
        Files.writeString(dir.resolve("controller-epoxy-20260305.1.qcow2.json"), "{}");

        assertEquals(dir.resolve("controller-epoxy-20260305.2.qcow2"), DefaultOutputName.next(dir, "controller", "epoxy", clock));
    }
}
