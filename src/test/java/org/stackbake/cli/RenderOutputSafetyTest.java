package org.stackbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;

/** {@code render -o PATH --force} replaces only a previous render; everything else stays as it was. */
@Tag("unit")
class RenderOutputSafetyTest {
    private static final Path CONTROLLER = Path.of("images/epoxy/controller.yaml").toAbsolutePath();

    @TempDir
    Path dir;

    @Test
    void aFolderThatIsNotARenderIsKept() throws IOException {
        Path mine = Files.createDirectories(dir.resolve("mine"));
        Files.writeString(mine.resolve("notes.txt"), "keep me");

        assertRefused(mine, "output " + mine + " is not a previous render (no MANIFEST in it); --force replaces only a render");
        assertEquals("keep me", Files.readString(mine.resolve("notes.txt")));
    }

    @Test
    void aFileIsKept() throws IOException {
        Path file = Files.writeString(dir.resolve("file"), "keep me");

        assertRefused(file, "output " + file + " exists and is not a directory");
        assertEquals("keep me", Files.readString(file));
    }

    @Test
    void aSymlinkToAPreviousRenderIsKeptAndSoIsItsTarget() throws IOException {
        Path render = dir.resolve("render");
        assertEquals(0, CliRunner.run("render", CONTROLLER.toString(), "-o", render.toString()).exitCode());
        Path link = Files.createSymbolicLink(dir.resolve("link"), render);

        assertRefused(link, "output " + link + " is a symbolic link; render does not replace it");
        assertTrue(Files.isSymbolicLink(link));
        assertTrue(Files.isRegularFile(render.resolve("MANIFEST")));
    }

    @Test
    void aFifoAndADeviceAreKept() throws Exception {
        Path fifo = dir.resolve("fifo");
        Path device = dir.resolve("null");
        assertEquals(0, new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor());
        assertEquals(0, new ProcessBuilder("mknod", device.toString(), "c", "1", "3").start().waitFor(), "tests run as root");

        assertRefused(fifo, "output " + fifo + " exists and is not a directory");
        assertRefused(device, "output " + device + " exists and is not a directory");
        assertTrue(Files.readAttributes(fifo, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther());
        assertTrue(Files.readAttributes(device, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS).isOther());
    }

    @Test
    void theDefinitionsFolderAndTheFoldersAboveItAreKeptEvenHoldingAManifest() throws IOException {
        Path defs = Files.createDirectories(dir.resolve("site/defs"));
        Path definition = Files.copy(CONTROLLER, defs.resolve("controller.yaml"));
        Files.copy(CONTROLLER.resolveSibling("site.yaml"), defs.resolve("site.yaml"));
        Files.writeString(defs.resolve("MANIFEST"), "looks like a render\n");
        Files.writeString(dir.resolve("site/MANIFEST"), "looks like a render\n");

        assertRefused(defs, "output " + defs + " is " + defs.toRealPath() + "; render never replaces it", definition);
        assertRefused(dir.resolve("site"), "output " + dir.resolve("site") + " is above " + defs.toRealPath()
                + "; render never replaces it", definition);
        assertRefused(Path.of("/"), "output / is above the working directory; render never replaces it", definition);
        assertTrue(Files.isRegularFile(definition));
    }

    @Test
    void theTemplatesFolderIsKept() throws IOException {
        Path templates = Files.createDirectories(dir.resolve("templates/etc"));
        Files.writeString(templates.resolve("hostname.ftl"), "${hostname}\n");
        Files.writeString(dir.resolve("templates/MANIFEST"), "looks like a render\n");

        CliRunner.Result result = CliRunner.run("render", CONTROLLER.toString(), "-o", dir.resolve("templates").toString(),
                "--force", "--templates", dir.resolve("templates").toString());

        assertEquals(2, result.exitCode(), result.err());
        assertTrue(result.err().startsWith("stackbake: error: output " + dir.resolve("templates") + " is "), result.err());
        assertTrue(Files.isRegularFile(templates.resolve("hostname.ftl")));
    }

    @Test
    void theWorkingDirectoryIsKeptEvenWhenItIsAPreviousRender() throws Exception {
        Path work = dir.resolve("work");
        assertEquals(0, CliRunner.run("render", CONTROLLER.toString(), "-o", work.toString()).exitCode());

        CliProcess.Result result = CliProcess.runIn(work, dir.resolve("cache"), "render", CONTROLLER.toString(), "-o", ".", "--force");

        assertEquals(2, result.exitCode(), result.err());
        assertEquals("stackbake: error: output . is the working directory; render never replaces it"
                + " (hint: give -o a folder of its own, e.g. -o rendered)\n", result.err());
        assertTrue(Files.isRegularFile(work.resolve("MANIFEST")));
    }

    @Test
    void aMissingOutputFolderIsCreatedWithItsParents() {
        Path nested = dir.resolve("a/b/c");
        assertEquals(0, CliRunner.run("render", CONTROLLER.toString(), "-o", nested.toString()).exitCode());
        assertTrue(Files.isRegularFile(nested.resolve("etc/hosts")));
    }

    @Test
    void forceReplacesAPreviousRenderOfSeveralDefinitions() throws IOException {
        Path all = dir.resolve("all");
        String compute = Path.of("images/epoxy/compute.yaml").toAbsolutePath().toString();
        assertEquals(0, CliRunner.run("render", CONTROLLER.toString(), compute, "-o", all.toString()).exitCode());
        Files.writeString(all.resolve("epoxy/compute/stale"), "old");

        CliRunner.Result again = CliRunner.run("render", CONTROLLER.toString(), compute, "-o", all.toString(), "--force");

        assertEquals(0, again.exitCode(), again.err());
        assertFalse(Files.exists(all.resolve("epoxy/compute/stale")));
        assertTrue(Files.isRegularFile(all.resolve("epoxy/controller/MANIFEST")));
    }

    private static void assertRefused(Path output, String message) {
        assertRefused(output, message, CONTROLLER);
    }

    /** Exit 2, one line: the message and a hint; nothing else written beside the output. */
    private static void assertRefused(Path output, String message, Path definition) {
        CliRunner.Result result = CliRunner.run("render", definition.toString(), "-o", output.toString(), "--force");
        assertEquals(2, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("stackbake: error: " + message + " (hint: "), result.err());
    }
}
