package org.stackbake.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad input to boot-test: exit 2 and one line, before any VM starts. */
@Tag("unit")
class BootTestCommandTest {
    @TempDir
    Path dir;

    private static void assertOneLineError(CliRunner.Result r, String expected) {
        assertEquals(2, r.exitCode(), r.out() + r.err());
        assertEquals(1, r.err().lines().count(), r.err());
        assertTrue(r.err().startsWith("stackbake: error: "), r.err());
        assertTrue(r.err().contains(expected), r.err());
    }

    private Path image() throws Exception {
        return Files.writeString(dir.resolve("controller.qcow2"), "not booted in these tests");
    }

    private Path definition(String interfaceName) throws Exception {
        String text = Files.readString(Path.of("images/epoxy/controller.yaml"))
                .replace("include: site.yaml", "include: " + Path.of("images/epoxy/site.yaml").toAbsolutePath())
                .replace("{interface: ens160}", "{interface: " + interfaceName + "}");
        return Files.writeString(dir.resolve("controller.yaml"), text);
    }

    @Test
    void missingImage() {
        assertOneLineError(CliRunner.run("boot-test", dir.resolve("nothing.qcow2").toString()), "nothing.qcow2: no such image");
    }

    @Test
    void badTimeout() throws Exception {
        assertOneLineError(CliRunner.run("boot-test", image().toString(), "--timeout", "20"), "--timeout: '20' is not a duration");
        assertOneLineError(CliRunner.run("boot-test", image().toString(), "--timeout", "0m"), "--timeout: '0m' is zero");
    }

    @Test
    void noManifestAndNoDefinition() throws Exception {
        assertOneLineError(CliRunner.run("boot-test", image().toString()),
                "controller.qcow2: no manifest controller.qcow2.json beside it (hint: pass --def DEF");
    }

    @Test
    void manifestNamingAMissingDefinition() throws Exception {
        Path image = image();
        Files.writeString(dir.resolve("controller.qcow2.json"), """
                {"stackbakeVersion": "0", "definition": {"path": "%s", "sha256": "00"}, "release": "epoxy",
                 "base": null, "files": [], "packages": [], "steps": [], "output": null}
                """.formatted(dir.resolve("gone.yaml")));
        assertOneLineError(CliRunner.run("boot-test", image.toString()), "gone.yaml, is not there");
    }

    @Test
    void interfaceNameQemuCannotGiveIsRefusedWithTheMacHint() throws Exception {
        CliRunner.Result r = CliRunner.run("boot-test", image().toString(), "--def", definition("eth0").toString());
        assertOneLineError(r, "boot-test cannot make the guest name a NIC 'eth0'");
        assertTrue(r.err().contains("(hint: match this NIC by MAC instead, e.g. match: {mac: 52:54:00:12:34:56})"), r.err());
    }

    @Test
    void tooLittleMemory() throws Exception {
        assertOneLineError(CliRunner.run("boot-test", image().toString(), "--memory", "64"), "--memory 64: too little");
    }

    @Test
    void listedInHelp() {
        CliRunner.Result r = CliRunner.run("--help");
        assertTrue(r.out().contains("boot-test"), r.out());
    }
}
