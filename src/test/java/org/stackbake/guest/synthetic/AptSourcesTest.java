package org.stackbake.guest.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The host's mirrors with another generation's suites: what mmdebstrap reads for each bootable base. */
@Tag("unit")
class AptSourcesTest {

    @TempDir
    Path dir;

    @Test
    void deb822SuitesAreRenamedAndEverythingElseKept() throws IOException {
        Path host = Files.writeString(dir.resolve("debian.sources"), """
                Types: deb
                URIs: http://deb.debian.org/debian
                Suites: bookworm bookworm-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://deb.debian.org/debian-security
                Suites: bookworm-security
                Components: main
                """);
        Path written = AptSources.forSuite(host, "trixie", Files.createDirectories(dir.resolve("work")));
        assertEquals("trixie.sources", written.getFileName().toString(), "deb822 stays deb822 for mmdebstrap");
        assertEquals("""
                Types: deb
                URIs: http://deb.debian.org/debian
                Suites: trixie trixie-updates
                Components: main
                Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

                Types: deb
                URIs: http://deb.debian.org/debian-security
                Suites: trixie-security
                Components: main
                """, Files.readString(written));
    }

    @Test
    void oneLineEntriesKeepTheirOptionsAndMirror() {
        assertEquals("deb [signed-by=/k.gpg arch=amd64] http://mirror.example/debian trixie-updates main contrib",
                AptSources.oneLine("deb [signed-by=/k.gpg arch=amd64] http://mirror.example/debian bookworm-updates main contrib",
                        "trixie"));
        assertEquals("deb http://mirror.example/debian bookworm main", AptSources.oneLine(
                "deb http://mirror.example/debian trixie main", "bookworm"));
        assertEquals("# deb http://old/ bullseye main", AptSources.oneLine("# deb http://old/ bullseye main", "trixie"));
    }
}
