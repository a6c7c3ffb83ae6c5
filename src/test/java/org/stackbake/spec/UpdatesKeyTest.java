package org.stackbake.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.cli.CliRunner;
import org.stackbake.spec.Definition.Updates;

/** The definition's {@code updates:} key: its default follows install:, and what cannot run is refused. */
@Tag("unit")
class UpdatesKeyTest {
    @TempDir
    Path dir;

    private Path controller(String extraYaml) throws Exception {
        Files.copy(Path.of("images/epoxy/site.yaml"), dir.resolve("site.yaml"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        Path file = dir.resolve("controller.yaml");
        Files.writeString(file, Files.readString(Path.of("images/epoxy/controller.yaml")) + extraYaml);
        return file;
    }

    private Updates loaded(String extraYaml) throws Exception {
        return new DefinitionLoader().load(controller(extraYaml)).definition().updates();
    }

    @Test
    void aBuildTimeInstallGetsSecurityUpdatesByDefault() throws Exception {
        assertEquals(Updates.SECURITY, loaded(""));
    }

    @Test
    void firstBootInstallUpdatesNothingByDefault() throws Exception {
        assertEquals(Updates.NONE, loaded("install: firstboot\n"));
    }

    @Test
    void eachModeIsReadAsWritten() throws Exception {
        assertEquals(Updates.ALL, loaded("updates: all\n"));
        assertEquals(Updates.NONE, loaded("updates: none\n"));
        assertEquals(Updates.NONE, loaded("install: firstboot\nupdates: none\n"));
    }

    @Test
    void anUnknownModeIsOneLineWithTheChoices() throws Exception {
        Path file = controller("updates: critical\n");
        int line = (int) Files.readString(file).lines().count();

        CliRunner.Result result = CliRunner.run("validate", file.toString());

        assertEquals(2, result.exitCode(), result.err());
        assertEquals("stackbake: error: " + file + ":" + line + ":10: invalid value 'critical' for 'updates'"
                + " (hint: expected one of: security, all, none)", result.err().strip());
    }

    @Test
    void updatesWithFirstBootInstallAreRefusedBecauseTheBuildRunsNoDnf() throws Exception {
        Path file = controller("install: firstboot\nupdates: security\n");
        int line = (int) Files.readString(file).lines().count();

        CliRunner.Result result = CliRunner.run("validate", file.toString());

        assertEquals(2, result.exitCode(), result.err());
        assertEquals("stackbake: error: " + file + ":" + line + ":10: updates: security needs install: build (with"
                + " install: firstboot the build runs no dnf) (hint: set install: build, or updates: none)", result.err().strip());
    }
}
