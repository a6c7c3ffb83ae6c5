package org.stackbake.boot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
@Timeout(30)
class ConsoleFollowerTest {
    @TempDir
    Path dir;

    private static void append(Path file, String text) throws Exception {
        Files.writeString(file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    }

    private static void await(List<String> lines, int count) throws InterruptedException {
        for (int i = 0; i < 200 && lines.size() < count; i++) {
            Thread.sleep(50);
        }
    }

    @Test
    void followsLinesAsTheyAreWrittenEvenSplitAcrossWrites() throws Exception {
        Path console = dir.resolve("console.log");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ConsoleFollower follower = new ConsoleFollower(console, lines::add)) {
            follower.start(); // the file does not exist yet: qemu creates it
            append(console, "Linux version 6.1\nstackbake-firstboot: st");
            await(lines, 1);
            assertEquals(List.of("Linux version 6.1"), lines);
            append(console, "art\n\u00e9t\u00e9\n");
            await(lines, 3);
            assertEquals(List.of("Linux version 6.1", "stackbake-firstboot: start", "\u00e9t\u00e9"), lines);
        }
    }

    @Test
    void keepsTheLastFortyLinesAndTheUnfinishedOne() throws Exception {
        Path console = dir.resolve("console.log");
        append(console, String.join("", IntStream.range(0, 100).mapToObj(i -> "line " + i + "\n").toList()) + "login: ");
        ConsoleFollower follower = new ConsoleFollower(console, line -> {});
        follower.close(); // reads what is there
        List<String> tail = follower.tail();
        assertEquals(40, tail.size());
        assertEquals("line 61", tail.get(0));
        assertEquals("login: ", tail.get(39));
    }

    @Test
    void startsOverWhenTheFileIsTruncated() throws Exception {
        Path console = dir.resolve("console.log");
        List<String> lines = new CopyOnWriteArrayList<>();
        try (ConsoleFollower follower = new ConsoleFollower(console, lines::add)) {
            follower.start();
            append(console, "first launch\nmore\n");
            await(lines, 2);
            Files.writeString(console, "second\n"); // qemu started again truncates the file
            await(lines, 3);
            assertEquals("second", lines.get(lines.size() - 1));
            assertFalse(follower.tail().contains("first launch"));
            assertTrue(follower.tail().contains("second"));
        }
    }
}
