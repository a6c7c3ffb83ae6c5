package org.stackbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.release.BaseCatalog;
import org.stackbake.release.BaseImage;

/** The base commands as a user runs them, in a separate JVM whose cache is a temporary directory. */
@Tag("unit")
class BaseCommandTest {
    @TempDir
    Path xdg;

    CliProcess.Result stackbake(String... args) throws IOException, InterruptedException {
        return CliProcess.run(xdg, args);
    }

    @Test
    void listWorksOnAnEmptyCache() throws Exception {
        CliProcess.Result run = stackbake("base", "list");

        assertEquals(0, run.exitCode(), run.err());
        for (String name : List.of("rocky-9", "rocky-10", "centos-stream-9", "centos-stream-10", "almalinux-9", "almalinux-10")) {
            assertTrue(run.out().lines().anyMatch(l -> l.startsWith(name + " ")), name + " in\n" + run.out());
        }
        assertTrue(run.out().contains("https://dl.rockylinux.org/pub/rocky/9/images/x86_64/Rocky-9-GenericCloud-Base.latest.x86_64.qcow2"));
        assertTrue(run.out().contains("cache " + xdg.resolve("stackbake/bases") + ": empty"), run.out());
        assertEquals("", run.err());
        assertTrue(Files.notExists(xdg.resolve("stackbake")), "listing creates nothing");
    }

    @Test
    void pullVerifiesThenListShowsTheFileWithItsDigest() throws Exception {
        BaseImage centos = BaseCatalog.builtIn().find("centos-stream-10").orElseThrow();
        byte[] image = new byte[2 * 1024 * 1024];
        new Random(7).nextBytes(image);
        String sha256 = DigestUtils.sha256Hex(image);
        try (var server = new org.stackbake.base.LoopbackServerAccess()) {
            server.serve("/" + centos.image(), image);
            // CentOS Stream's per-image file names the dated image the "latest" link points to.
            server.serve("/" + centos.checksum(), ("# CentOS-Stream-GenericCloud-10-20261120.0.x86_64.qcow2: 2097152 bytes\n"
                    + "SHA256 (CentOS-Stream-GenericCloud-10-20261120.0.x86_64.qcow2) = " + sha256 + "\n").getBytes(StandardCharsets.US_ASCII));

            CliProcess.Result pull = stackbake("base", "pull", "centos-stream-10", "--mirror", server.url("/"));

            assertEquals(0, pull.exitCode(), pull.out() + pull.err());
            Path cached = xdg.resolve("stackbake/bases").resolve(centos.fileName());
            assertTrue(pull.out().contains(cached + " 2097152 bytes sha256 " + sha256), pull.out());
            assertTrue(pull.err().contains("centos-stream-10: 100%"), "plain progress lines when not a terminal: " + pull.err());

            CliProcess.Result list = stackbake("base", "list");
            assertTrue(list.out().lines().anyMatch(l -> l.startsWith("centos-stream-10") && l.contains(centos.fileName())
                    && l.contains("2097152") && l.endsWith(sha256)), list.out());
        }
    }

    @Test
    void aMismatchExitsOneWithOneLineAndCachesNothing() throws Exception {
        byte[] image = "not the image you are looking for".getBytes(StandardCharsets.US_ASCII);
        try (var server = new org.stackbake.base.LoopbackServerAccess()) {
            server.serve("/img.qcow2", image);

            CliProcess.Result run = stackbake("base", "pull", server.url("/img.qcow2"), "--sha256", "0".repeat(64));

            assertEquals(1, run.exitCode(), run.out() + run.err());
            List<String> errors = run.err().lines().filter(l -> l.startsWith("stackbake: error: ")).toList();
            assertEquals(1, errors.size(), run.err());
            assertTrue(errors.get(0).startsWith("stackbake: error: base img.qcow2: checksum mismatch"), run.err());
            assertTrue(Files.notExists(xdg.resolve("stackbake/bases/img.qcow2")));
            assertTrue(Files.notExists(xdg.resolve("stackbake/bases/img.qcow2.part")));
        }
    }

    @Test
    void badInputExitsTwo() throws Exception {
        CliProcess.Result unknown = stackbake("base", "pull", "rocky-8");
        assertEquals(2, unknown.exitCode());
        assertTrue(unknown.err().startsWith("stackbake: error: base pull: 'rocky-8' is neither a catalog name nor an http(s) URL"
                + " (hint: catalog names: rocky-9, rocky-10,"), unknown.err());

        CliProcess.Result unverified = stackbake("base", "pull", "http://127.0.0.1:9/x.qcow2");
        assertEquals(2, unverified.exitCode());
        assertTrue(unverified.err().contains("no checksum to verify it against (hint: add --sha256 HEX or --checksum-url URL"),
                unverified.err());
    }
}
