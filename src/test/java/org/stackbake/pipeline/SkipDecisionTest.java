package org.stackbake.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.files.Sha256;
import org.stackbake.image.Sidecars;

/** An output is reused only when its manifest has the key AND its bytes still match its .sha256. */
@Tag("unit")
class SkipDecisionTest {
    private static final String KEY = "k".repeat(64);

    @TempDir
    Path dir;

    /** An image file with sidecars as the publisher writes them. */
    private Path output(String name, String key, String content) throws IOException {
        Path image = dir.resolve(name);
        Files.writeString(image, content);
        Files.writeString(Sidecars.checksumFile(image), Sidecars.checksumLine(Sha256.of(image), image));
        Files.writeString(Sidecars.manifestFile(image), "{\"stackbakeVersion\":\"0\",\"futureField\":[1],"
                + "\"inputKey\":\"" + key + "\"}\n");
        return image;
    }

    @Test
    void matchingKeyAndIntactImageIsSkipped() throws IOException {
        Path image = output("node.qcow2", KEY, "image bytes");
        assertEquals(Optional.of(image), SkipDecision.unchangedAt(image, KEY));
    }

    @Test
    void anotherKeyIsBuilt() throws IOException {
        Path image = output("node.qcow2", "other", "image bytes");
        assertEquals(Optional.empty(), SkipDecision.unchangedAt(image, KEY));
    }

    @Test
    void aTamperedImageIsRebuilt() throws IOException {
        Path image = output("node.qcow2", KEY, "image bytes");
        Files.writeString(image, "image bytez");
        assertEquals(Optional.empty(), SkipDecision.unchangedAt(image, KEY));
    }

    @Test
    void missingSidecarsOrImageAreBuilt() throws IOException {
        Path image = output("node.qcow2", KEY, "image bytes");
        Files.delete(Sidecars.checksumFile(image));
        assertEquals(Optional.empty(), SkipDecision.unchangedAt(image, KEY));
        Path other = output("other.qcow2", KEY, "image bytes");
        Files.delete(Sidecars.manifestFile(other));
        assertEquals(Optional.empty(), SkipDecision.unchangedAt(other, KEY));
        assertEquals(Optional.empty(), SkipDecision.unchangedAt(dir.resolve("absent.qcow2"), KEY));
    }

    @Test
    void defaultNamesTakeTheNewestOutputWithTheKey() throws IOException {
        output("controller-epoxy-20260101.1.qcow2", KEY, "old");
        Path newest = output("controller-epoxy-20260102.1.qcow2", KEY, "new");
        output("controller-epoxy-20260102.2.qcow2", "other inputs", "newer, other key");
        output("controller-gazpacho-20260103.1.qcow2", KEY, "another release");
        output("controller-epoxy-extra-20260104.1.qcow2", KEY, "another name");
        assertEquals(Optional.of(newest), SkipDecision.unchangedIn(dir, "controller", "epoxy", KEY));
    }

    @Test
    void theNewestWithTheKeyTamperedMeansRebuild() throws IOException {
        output("controller-epoxy-20260101.9.qcow2", KEY, "older");
        Path newest = output("controller-epoxy-20260101.10.qcow2", KEY, "newest (10 > 9)");
        assertEquals(Optional.of(newest), SkipDecision.unchangedIn(dir, "controller", "epoxy", KEY));
        Files.writeString(newest, "edited");
        assertTrue(SkipDecision.unchangedIn(dir, "controller", "epoxy", KEY).isEmpty());
        assertTrue(SkipDecision.unchangedIn(dir.resolve("missing"), "controller", "epoxy", KEY).isEmpty());
    }
}
