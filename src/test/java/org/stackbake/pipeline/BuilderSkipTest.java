package org.stackbake.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.files.DigestCache;
import org.stackbake.files.Sha256;
import org.stackbake.image.Sidecars;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.SecretResolver;

/**
 * The skip decision inside `build`, reached before anything is resolved or launched (so no
 * libguestfs here): an -o output with the same key is skipped; with another key it is refused
 * as before unless --force.
 */
@Tag("unit")
class BuilderSkipTest {
    @TempDir
    Path dir;
    Path definition;
    Path base;
    Path output;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void outputOfAnEarlierBuild() throws Exception {
        Files.copy(Path.of("images/dalmatian/site.yaml"), dir.resolve("site.yaml"));
        definition = dir.resolve("compute.yaml");
        Files.copy(Path.of("images/dalmatian/compute.yaml"), definition);
        base = dir.resolve("base.qcow2");
        Files.writeString(base, "not really an image: never opened when the output is unchanged");
        output = dir.resolve("compute.qcow2");
        Files.writeString(output, "an earlier output");
        Files.writeString(Sidecars.checksumFile(output), Sidecars.checksumLine(Sha256.of(output), output));
        Files.writeString(Sidecars.manifestFile(output), "{\"inputKey\":\"" + expectedKey() + "\"}");
    }

    private String expectedKey() throws Exception {
        LoadedDefinition loaded = new DefinitionLoader().load(definition);
        NodeRenderer renderer = new NodeRenderer(null);
        renderer.render(loaded, new SecretResolver(System::getenv).resolve(loaded));
        InputKeys keys = new InputKeys(new DigestCache(dir.resolve("digests")), new org.stackbake.CacheDirs(dir.resolve("cache")));
        return keys.of(loaded, renderer, ReleaseCatalog.builtIn().find("dalmatian").orElseThrow(),
                Sha256.of(base), true).value();
    }

    private ImageResult build(boolean rebuild) throws Exception {
        return new BuildPipeline(lines::add, new java.io.PrintWriter(java.io.Writer.nullWriter()), Clock.systemUTC()).build(new BuildRequest(definition, base.toString(), output,
                false, true, Accel.TCG, null, false, java.util.List.of(), rebuild));
    }

    @Test
    void anUnchangedOutputIsSkippedWithItsPath() throws Exception {
        ImageResult result = build(false);
        assertEquals(ImageResult.Status.SKIPPED, result.status());
        assertEquals(output.toAbsolutePath().normalize(), result.output());
        assertEquals(Sha256.of(output), result.sha256());
        assertTrue(lines.stream().anyMatch(l -> l.contains("unchanged") && l.contains(output.toString())), lines.toString());
    }

    @Test
    void aChangedDefinitionIsNotSkippedAndTheExistingOutputIsRefused() throws Exception {
        Files.writeString(definition, Files.readString(definition) + "# one more line\n");
        StackbakeException refused = assertThrows(StackbakeException.class, () -> build(false));
        assertEquals(StackbakeException.Kind.INVALID_INPUT, refused.kind());
        assertTrue(refused.getMessage().contains("exists"), refused.getMessage());
    }

    @Test
    void aTamperedOutputIsNotSkipped() throws Exception {
        Files.writeString(output, "an earlier output, edited");
        assertThrows(StackbakeException.class, () -> build(false));
    }

    @Test
    void rebuildForcesTheBuild() {
        StackbakeException refused = assertThrows(StackbakeException.class, () -> build(true));
        assertTrue(refused.getMessage().contains("exists"), refused.getMessage());
    }
}
