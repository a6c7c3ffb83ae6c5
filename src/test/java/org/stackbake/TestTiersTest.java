package org.stackbake;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Every test class is in exactly one tier, so `-Dgroups=unit` runs all the fast tests and nothing
 * slow: unit (no server, no appliance, no VM), daemon (real servers on loopback or in a network
 * namespace), libguestfs (appliance launches), boot (qemu boots an image).
 */
@Tag("unit")
class TestTiersTest {
    static final Set<String> TIERS = Set.of("unit", "daemon", "libguestfs", "boot");
    private static final Pattern TAG = Pattern.compile("^@Tag\\(\"([^\"]*)\"\\)", Pattern.MULTILINE);

    @Test
    void everyTestClassHasOneTier() throws IOException {
        List<String> wrong = new ArrayList<>();
        try (Stream<Path> files = Files.walk(Path.of("src/test/java"))) {
            for (Path file : files.filter(p -> p.getFileName().toString().endsWith("Test.java")).sorted().toList()) {
                List<String> tags = new ArrayList<>();
                Matcher m = TAG.matcher(Files.readString(file));
                while (m.find()) {
                    tags.add(m.group(1));
                }
                if (tags.size() != 1 || !TIERS.contains(tags.get(0))) {
                    wrong.add(file + " " + tags);
                }
            }
        }
        assertEquals(List.of(), wrong, "each test class needs exactly one of @Tag(\"unit|daemon|libguestfs|boot\")");
    }
}
