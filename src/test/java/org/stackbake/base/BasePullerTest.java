package org.stackbake.base;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.release.BaseCatalog;
import org.stackbake.release.BaseImage;

/** Pulls against a real HTTP server on loopback, through the real HttpClient, into a temporary cache. */
@Tag("unit")
class BasePullerTest {
    private static final BaseImage ROCKY_9 = BaseCatalog.builtIn().find("rocky-9").orElseThrow();
    private static final String IMAGE_PATH = "/" + ROCKY_9.image();
    private static final String CHECKSUM_PATH = "/" + ROCKY_9.checksum();

    @TempDir
    Path cache;

    LoopbackServer server;
    byte[] image;
    String sha256;
    final List<String> log = new ArrayList<>();

    @BeforeEach
    void start() throws IOException {
        server = new LoopbackServer();
        image = new byte[3 * 1024 * 1024 + 123];
        new Random(42).nextBytes(image);
        sha256 = DigestUtils.sha256Hex(image);
    }

    @AfterEach
    void stop() throws IOException {
        server.close();
    }

    BasePuller puller() {
        return new BasePuller(cache, BaseCatalog.builtIn(), new Downloader(Downloader.defaultClient()), log::add,
                label -> (done, total) -> { });
    }

    BasePuller.Pulled pullRocky() {
        return puller().pull(new PullRequest("rocky-9", null, null, server.url("/")));
    }

    void publishBsd(String digest) {
        // Rocky's layout: a size comment, then the BSD line.
        server.serve(CHECKSUM_PATH, "# " + ROCKY_9.fileName() + ": " + image.length + " bytes\n"
                + "SHA256 (" + ROCKY_9.fileName() + ") = " + digest + "\n");
    }

    @Test
    void catalogNameThroughMirrorVerifiesAgainstTheBsdChecksumFileAndCaches() throws IOException {
        server.serve(IMAGE_PATH, image);
        publishBsd(sha256.toUpperCase());

        BasePuller.Pulled pulled = pullRocky();

        Path file = cache.resolve(ROCKY_9.fileName());
        assertEquals(file, pulled.file());
        assertTrue(pulled.downloaded());
        assertArrayEquals(image, Files.readAllBytes(file));
        assertEquals(sha256 + "  " + ROCKY_9.fileName() + "\n", Files.readString(cache.resolve(ROCKY_9.fileName() + ".sha256")));
        assertFalse(Files.exists(cache.resolve(ROCKY_9.fileName() + ".part")));
        assertEquals("r--r--r--", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)), "cached bases are read-only");

        BasePuller.Pulled again = pullRocky();
        assertFalse(again.downloaded(), "a second pull only fetches the checksum file");
        assertEquals(1, server.requestsFor(IMAGE_PATH).size());
        assertEquals(2, server.requestsFor(CHECKSUM_PATH).size());
        assertEquals(file, puller().ensure(ROCKY_9), "a build finds it without the network");
    }

    @Test
    void urlWithAPlainSha256sumFileVerifies() throws IOException {
        server.serve("/images/custom.qcow2", image);
        server.serve("/images/SHA256SUMS", "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef *other.qcow2\n"
                + sha256 + " *custom.qcow2\n");

        BasePuller.Pulled pulled = puller().pull(new PullRequest(server.url("/images/custom.qcow2"),
                server.url("/images/SHA256SUMS"), null, null));

        assertEquals(cache.resolve("custom.qcow2"), pulled.file());
        assertEquals(sha256, pulled.sha256());
        assertArrayEquals(image, Files.readAllBytes(pulled.file()));
    }

    @Test
    void urlWithAnExplicitSha256Verifies() {
        server.serve("/custom.qcow2", image);
        BasePuller.Pulled pulled = puller().pull(new PullRequest(server.url("/custom.qcow2"), null, sha256, null));
        assertEquals(sha256, pulled.sha256());
    }

    @Test
    void wrongChecksumIsRefusedAndNothingIsCached() throws IOException {
        server.serve(IMAGE_PATH, image);
        publishBsd(DigestUtils.sha256Hex("something else"));

        StackbakeException e = assertThrows(StackbakeException.class, this::pullRocky);

        assertEquals(StackbakeException.Kind.FAILURE, e.kind());
        assertTrue(e.getMessage().contains("checksum mismatch") && e.getMessage().contains(sha256), e.getMessage());
        assertEquals(List.of(), cacheContents(), "nothing cached, no partial left");
    }

    @Test
    void transferCutHalfWayIsKeptAndTheNextPullResumesWithRange() throws IOException {
        LoopbackServer.Resource resource = server.serve(IMAGE_PATH, image);
        resource.cutAfter = image.length / 2;
        resource.cutTimes = 1;
        publishBsd(sha256);

        StackbakeException cut = assertThrows(StackbakeException.class, this::pullRocky);
        assertEquals(StackbakeException.Kind.FAILURE, cut.kind());
        assertTrue(cut.getMessage().contains("partial download is kept"), cut.getMessage());
        assertFalse(Files.exists(cache.resolve(ROCKY_9.fileName())), "nothing unverified enters the cache");
        Path part = cache.resolve(ROCKY_9.fileName() + ".part");
        long kept = Files.size(part);
        assertTrue(kept > 0 && kept <= image.length / 2, "kept " + kept);

        BasePuller.Pulled pulled = pullRocky();

        List<LoopbackServer.Request> requests = server.requestsFor(IMAGE_PATH);
        assertEquals(2, requests.size());
        assertNull(requests.get(0).range());
        assertEquals("bytes=" + kept + "-", requests.get(1).range());
        assertEquals(sha256, pulled.sha256());
        assertArrayEquals(image, Files.readAllBytes(pulled.file()));
        assertFalse(Files.exists(part));
    }

    @Test
    void aServerThatIgnoresRangeRestartsTheDownload() throws IOException {
        LoopbackServer.Resource resource = server.serve(IMAGE_PATH, image);
        resource.ranges = false;
        publishBsd(sha256);
        Files.write(cache.resolve(ROCKY_9.fileName() + ".part"), new byte[1000]); // not even a prefix of the image

        BasePuller.Pulled pulled = pullRocky();

        assertEquals("bytes=1000-", server.requestsFor(IMAGE_PATH).get(0).range());
        assertArrayEquals(image, Files.readAllBytes(pulled.file()));
    }

    @Test
    void aResumedPartialOfAnOlderFileIsDiscardedAndDownloadedAgain() throws IOException {
        server.serve(IMAGE_PATH, image);
        publishBsd(sha256);
        Files.write(cache.resolve(ROCKY_9.fileName() + ".part"), new byte[1000]); // zeros: not this image's prefix

        BasePuller.Pulled pulled = pullRocky();

        List<LoopbackServer.Request> requests = server.requestsFor(IMAGE_PATH);
        assertEquals(2, requests.size());
        assertEquals("bytes=1000-", requests.get(0).range());
        assertNull(requests.get(1).range());
        assertArrayEquals(image, Files.readAllBytes(pulled.file()));
    }

    @Test
    void notFoundIsAOneLineFailureAndLeavesNothing() throws IOException {
        publishBsd(sha256);

        StackbakeException e = assertThrows(StackbakeException.class, this::pullRocky);

        assertEquals(StackbakeException.Kind.FAILURE, e.kind());
        assertTrue(e.getMessage().contains("HTTP 404"), e.getMessage());
        assertFalse(e.getMessage().contains("\n"));
        assertEquals(List.of(), cacheContents());
    }

    @Test
    void aMissingChecksumFileIsAFailureBeforeAnyDownload() {
        server.serve(IMAGE_PATH, image);
        StackbakeException e = assertThrows(StackbakeException.class, this::pullRocky);
        assertTrue(e.getMessage().contains("cannot fetch the checksum file") && e.getMessage().contains("HTTP 404"),
                e.getMessage());
        assertEquals(0, server.requestsFor(IMAGE_PATH).size());
    }

    @Test
    void aServerClosingMidStreamWithoutALengthIsCaughtByTheChecksum() throws IOException {
        LoopbackServer.Resource resource = server.serve(IMAGE_PATH, image);
        resource.sendLength = false; // the body ends when the connection does: a cut looks complete
        resource.cutAfter = image.length / 3;
        resource.cutTimes = 1;
        publishBsd(sha256);

        StackbakeException e = assertThrows(StackbakeException.class, this::pullRocky);

        assertTrue(e.getMessage().contains("checksum mismatch"), e.getMessage());
        assertEquals(List.of(), cacheContents());
    }

    @Test
    void connectionRefusedIsAOneLineFailure() throws IOException {
        int closedPort;
        try (ServerSocket probe = new ServerSocket(0)) {
            closedPort = probe.getLocalPort();
        }
        StackbakeException e = assertThrows(StackbakeException.class, () -> puller().pull(
                new PullRequest("rocky-9", null, null, "http://127.0.0.1:" + closedPort + "/")));
        assertEquals(StackbakeException.Kind.FAILURE, e.kind());
        assertTrue(e.getMessage().contains("connection refused"), e.getMessage());
    }

    @Test
    void badInputIsRefusedAsInput() {
        for (PullRequest request : List.of(
                new PullRequest("rocky-11", null, null, null),
                new PullRequest(server.url("/x.qcow2"), null, null, null),
                new PullRequest(server.url("/x.qcow2"), null, "abc", null),
                new PullRequest(server.url("/x.qcow2"), server.url("/SUMS"), sha256, null),
                new PullRequest(server.url("/x.qcow2"), null, sha256, server.url("/")),
                new PullRequest(server.url("/dir/"), null, sha256, null),
                new PullRequest("rocky-9", null, null, "ftp://mirror.example.org/"))) {
            StackbakeException e = assertThrows(StackbakeException.class, () -> puller().pull(request), request.toString());
            assertEquals(StackbakeException.Kind.INVALID_INPUT, e.kind(), e.getMessage());
        }
        assertEquals(List.of(), server.requests, "input errors are found before any request");
    }

    private List<Path> cacheContents() throws IOException {
        try (Stream<Path> files = Files.list(cache)) {
            return files.toList();
        }
    }
}
