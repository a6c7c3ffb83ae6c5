package org.stackbake.artifact;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.base.Downloader;
import org.stackbake.base.LoopbackServer;
import org.stackbake.release.ArtifactFile;

/** Downloads once into the cache, verified; offline from a directory, verified; a wrong digest is never kept or used. */
@Tag("unit")
class ArtifactStoreTest {
    private static final byte[] TARBALL = "a stand-in for etcd-v3.6.5-linux-amd64.tar.gz".getBytes(StandardCharsets.UTF_8);
    private static final String PATH = "/etcd-io/etcd/releases/download/v3.6.5/etcd-v3.6.5-linux-amd64.tar.gz";

    @TempDir
    Path dir;

    private final List<String> out = new ArrayList<>();

    private static ArtifactFile artifact(String url, byte[] content) {
        return new ArtifactFile("etcd-3.6.5", "etcd", "3.6.5", url, DigestUtils.sha256Hex(content),
                Map.of("etcd", "/usr/bin/etcd"), "etcd", "/var/lib/etcd");
    }

    private ArtifactStore store(Path localDir) {
        return new ArtifactStore(dir.resolve("cache"), localDir, new Downloader(Downloader.defaultClient()), out::add);
    }

    @Test
    void downloadsOnceIntoTheCacheUnderItsDigest() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve(PATH, TARBALL);
            ArtifactFile etcd = artifact(server.url(PATH), TARBALL);

            Path first = store(null).fetch(etcd);
            Path second = store(null).fetch(etcd);

            assertEquals(dir.resolve("cache").resolve(etcd.sha256()).resolve("etcd-v3.6.5-linux-amd64.tar.gz"), first);
            assertEquals(first, second);
            assertArrayEquals(TARBALL, Files.readAllBytes(first));
            assertEquals(1, server.requestsFor(PATH).size(), "the second fetch is the cache's");
            assertEquals(List.of("downloading " + server.url(PATH) + " (etcd-3.6.5, once: cached in " + dir.resolve("cache") + ")"),
                    out);
        }
    }

    @Test
    void aDownloadWithAnotherDigestFailsAndIsNotKept() throws Exception {
        try (LoopbackServer server = new LoopbackServer()) {
            server.serve(PATH, "tampered".getBytes(StandardCharsets.UTF_8));
            ArtifactFile etcd = artifact(server.url(PATH), TARBALL);

            StackbakeException e = assertThrows(StackbakeException.class, () -> store(null).fetch(etcd));

            assertEquals(StackbakeException.Kind.FAILURE, e.kind());
            assertTrue(e.getMessage().startsWith("etcd-v3.6.5-linux-amd64.tar.gz from " + server.url(PATH) + " has SHA-256 "
                    + DigestUtils.sha256Hex("tampered") + ", not the pinned " + etcd.sha256()), e.getMessage());
            try (var left = Files.list(dir.resolve("cache").resolve(etcd.sha256()))) {
                assertEquals(List.of(), left.toList(), "nothing kept, not even the partial");
            }
        }
    }

    @Test
    void offlineItComesFromTheDirectoryVerifiedWithoutTheNetwork() throws Exception {
        Path local = Files.createDirectories(dir.resolve("artifacts"));
        Files.write(local.resolve("etcd-v3.6.5-linux-amd64.tar.gz"), TARBALL);
        ArtifactFile etcd = artifact("http://127.0.0.1:9/unreachable" + PATH, TARBALL);

        assertEquals(local.resolve("etcd-v3.6.5-linux-amd64.tar.gz"), store(local).fetch(etcd));
        assertEquals(List.of(), out, "nothing downloaded");
        assertFalse(Files.exists(dir.resolve("cache")));

        Files.writeString(local.resolve("etcd-v3.6.5-linux-amd64.tar.gz"), "another file");
        StackbakeException wrong = assertThrows(StackbakeException.class, () -> store(local).fetch(etcd));
        assertEquals(StackbakeException.Kind.FAILURE, wrong.kind());
        Files.delete(local.resolve("etcd-v3.6.5-linux-amd64.tar.gz"));
        StackbakeException missing = assertThrows(StackbakeException.class, () -> store(local).fetch(etcd));
        assertEquals(StackbakeException.Kind.INVALID_INPUT, missing.kind());
        assertEquals("--artifacts " + local + " has no etcd-v3.6.5-linux-amd64.tar.gz (etcd-3.6.5)", missing.getMessage());
    }
}
