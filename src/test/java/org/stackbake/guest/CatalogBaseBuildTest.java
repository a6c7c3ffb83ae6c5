package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.codec.digest.DigestUtils;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.cli.CliProcess;
import org.stackbake.release.BaseCatalog;

/**
 * A catalog name as the base resolves to the verified file in the base cache, without the network.
 * The cached "image" here is deliberately not a disk (or not the one verified), so the build stops
 * at the base check, naming the cached file, before any appliance is launched.
 */
@Tag("unit")
class CatalogBaseBuildTest {
    @TempDir
    Path work;

    Path cached;
    Path definition;

    @BeforeEach
    void cacheHoldsAVerifiedRocky9() throws Exception {
        Path bases = Files.createDirectories(work.resolve("xdg/stackbake/bases"));
        String fileName = BaseCatalog.builtIn().find("rocky-9").orElseThrow().fileName();
        byte[] content = "not a disk image".getBytes();
        cached = Files.write(bases.resolve(fileName), content);
        Files.writeString(bases.resolve(fileName + ".sha256"), DigestUtils.sha256Hex(content) + "  " + fileName + "\n");
        definition = GuestTestSupport.controllerWith(Files.createDirectories(work.resolve("def")), "");
    }

    @Test
    void baseOptionNamesTheCatalog() throws Exception {
        CliProcess.Result build = CliProcess.run(work.resolve("xdg"), "build", definition.toString(), "--base", "rocky-9",
                "-o", work.resolve("out.qcow2").toString());
        assertRefusedAtTheCachedFile(build);
    }

    @Test
    void theDefinitionsBaseRocky9MeansTheCatalog() throws Exception {
        assertTrue(Files.readString(work.resolve("def/site.yaml")).contains("base: rocky-9"));
        CliProcess.Result build = CliProcess.run(work.resolve("xdg"), "build", definition.toString(),
                "-o", work.resolve("out.qcow2").toString());
        assertRefusedAtTheCachedFile(build);
    }

    @Test
    void aCachedBaseThatChangedSinceItWasVerifiedIsRefused() throws Exception {
        Files.delete(cached);
        Process create = new ProcessBuilder("qemu-img", "create", "-q", "-f", "qcow2", cached.toString(), "1M")
                .inheritIO().start();
        assertEquals(0, create.waitFor());

        CliProcess.Result build = CliProcess.run(work.resolve("xdg"), "build", definition.toString(), "--base", "rocky-9",
                "-o", work.resolve("out.qcow2").toString());

        assertEquals(1, build.exitCode(), build.out() + build.err());
        assertTrue(build.err().contains("base " + cached + ": its sha256 ") && build.err().contains("is no longer the "
                + DigestUtils.sha256Hex("not a disk image".getBytes()) + " verified when it was pulled"), build.err());
        assertFalse(build.out().contains("launch appliance"), build.out());
        assertFalse(Files.exists(work.resolve("out.qcow2")));
    }

    private void assertRefusedAtTheCachedFile(CliProcess.Result build) {
        assertEquals(2, build.exitCode(), build.out() + build.err());
        assertTrue(build.err().contains("base " + cached + ": not a disk image"), build.err());
        assertFalse(build.out().contains("launch appliance"), build.out());
        assertFalse(Files.exists(work.resolve("out.qcow2")));
    }
}
