package org.stackbake.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
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
import org.apache.commons.codec.digest.DigestUtils;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.image.RepositoryDigest;
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
    private static final ObjectMapper JSON = new ObjectMapper();
    @TempDir
    Path dir;
    Path definition;
    Path base;
    Path output;
    final List<String> lines = new ArrayList<>();

    @BeforeEach
    void outputOfAnEarlierBuild() throws Exception {
        Files.copy(Path.of("images/epoxy/site.yaml"), dir.resolve("site.yaml"));
        definition = dir.resolve("compute.yaml");
        Files.copy(Path.of("images/epoxy/compute.yaml"), definition);
        base = dir.resolve("base.qcow2");
        Files.writeString(base, "not really an image: never opened when the output is unchanged");
        output = dir.resolve("compute.qcow2");
        Files.writeString(output, "an earlier output");
        Files.writeString(Sidecars.checksumFile(output), Sidecars.checksumLine(Sha256.of(output), output));
        Files.writeString(Sidecars.manifestFile(output), "{\"inputKey\":\"" + expectedKey() + "\"}");
    }

    private String expectedKey() throws Exception {
        return expectedKey(List.of()).value();
    }

    private InputKey expectedKey(List<Path> repos) throws Exception {
        LoadedDefinition loaded = new DefinitionLoader().load(definition);
        NodeRenderer renderer = new NodeRenderer(null);
        renderer.render(loaded, new SecretResolver(System::getenv).resolve(loaded));
        InputKeys keys = new InputKeys(new DigestCache(dir.resolve("digests")), new org.stackbake.CacheDirs(dir.resolve("cache")));
        return keys.of(loaded, renderer, ReleaseCatalog.builtIn().find("epoxy").orElseThrow(),
                Sha256.of(base), true, repos);
    }

    private ImageResult build(boolean rebuild) throws Exception {
        return build(rebuild, List.of());
    }

    private ImageResult build(boolean rebuild, List<Path> repos) throws Exception {
        return new BuildPipeline(lines::add, new java.io.PrintWriter(java.io.Writer.nullWriter()), Clock.systemUTC())
                .build(new BuildRequest(definition, base.toString(), output, false, true, Accel.TCG, null, false, repos, rebuild));
    }

    /** The manifest of an earlier build that read these online repositories (as UpdatePackages records them). */
    private void recordedOnline(List<RepositoryDigest> repositories) throws Exception {
        ObjectNode manifest = JSON.createObjectNode();
        manifest.put("inputKey", expectedKey(List.of()).withRepositories(repositories).value());
        manifest.set("repositories", JSON.valueToTree(repositories));
        Files.writeString(Sidecars.manifestFile(output), JSON.writeValueAsString(manifest));
    }

    @Test
    void aChangedLocalRepositoryDefeatsTheUnchangedSkip() throws Exception {
        Path repo = Files.createDirectories(dir.resolve("repo/repodata"));
        Files.writeString(repo.resolve("repomd.xml"), "<repomd><revision>1</revision></repomd>");
        Files.writeString(Sidecars.manifestFile(output), "{\"inputKey\":\"" + expectedKey(List.of(repo.getParent())).value() + "\"}");
        assertEquals(ImageResult.Status.SKIPPED, build(false, List.of(repo.getParent())).status(), "same repository: unchanged");

        Files.writeString(repo.resolve("repomd.xml"), "<repomd><revision>2</revision></repomd>");

        StackbakeException refused = assertThrows(StackbakeException.class, () -> build(false, List.of(repo.getParent())));
        assertTrue(refused.getMessage().contains("exists"), "built again (here: refused at the existing -o): " + refused.getMessage());
    }

    @Test
    void anOnlineRepositoryThatMovedOnDefeatsTheUnchangedSkip() throws Exception {
        String[] repomd = {"<repomd><revision>1</revision></repomd>"};
        HttpServer server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/baseos/repodata/repomd.xml", exchange -> {
            byte[] body = repomd[0].getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        server.start();
        try {
            String url = "http://127.0.0.1:" + server.getAddress().getPort() + "/baseos/";
            recordedOnline(List.of(new RepositoryDigest("baseos", url, DigestUtils.sha256Hex(repomd[0]))));
            assertEquals(ImageResult.Status.SKIPPED, build(false).status(), "the repository has not moved: unchanged");

            repomd[0] = "<repomd><revision>2</revision></repomd>";

            StackbakeException refused = assertThrows(StackbakeException.class, () -> build(false));
            assertTrue(refused.getMessage().contains("exists"), refused.getMessage());
        } finally {
            server.stop(0);
        }
    }

    @Test
    void anOnlineRepositoryThatCannotBeReadIsNotTakenAsUnchanged() throws Exception {
        int port;
        try (java.net.ServerSocket socket = new java.net.ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = socket.getLocalPort();
        } // nothing listens there now
        recordedOnline(List.of(new RepositoryDigest("baseos", "http://127.0.0.1:" + port + "/baseos/",
                DigestUtils.sha256Hex("<repomd/>"))));

        assertThrows(StackbakeException.class, () -> build(false));
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
