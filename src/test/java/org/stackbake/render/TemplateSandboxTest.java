package org.stackbake.render;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.stackbake.cli.CliRunner;

/** A {@code --templates} override comes from a pull request: it may read the model, never run code. */
@Tag("unit")
class TemplateSandboxTest {
    @TempDir
    Path dir;

    @ParameterizedTest
    @ValueSource(strings = {
        // Execute runs a shell command
        "<#assign run = \"freemarker.template.utility.Execute\"?new()>${run(\"touch MARKER\")}",
        // ObjectConstructor builds any class, here a ProcessBuilder
        "<#assign make = \"freemarker.template.utility.ObjectConstructor\"?new()>"
                + "${make(\"java.lang.ProcessBuilder\", \"touch\", \"MARKER\").start()}",
        // JythonRuntime runs Python (absent here: the refusal must come before the class is looked at)
        "<#assign py = \"freemarker.template.utility.JythonRuntime\"?new()><@py>open('MARKER','w')</@py>",
        // ?api reaches the Java methods behind a value
        "${hostname?api.getClass().forName(\"java.lang.Runtime\")}",
        // the model's values expose no Java methods either
        "${hostname.getClass()}",
        "${hosts[0].names?api.add(\"x\")}",
    })
    void aTemplateOverrideRunsNothingAndFailsOnOneLine(String template) throws IOException {
        Path marker = dir.resolve("MARKER");
        Path templates = Files.createDirectories(dir.resolve("templates/etc"));
        Files.writeString(templates.resolve("hostname.ftl"), template.replace("MARKER", marker.toString()));

        CliRunner.Result result = CliRunner.run("render", "images/epoxy/controller.yaml",
                "-o", dir.resolve("out").toString(), "--templates", dir.resolve("templates").toString());

        assertFalse(Files.exists(marker), "the template ran code on the build host");
        assertEquals(2, result.exitCode(), result.err());
        assertEquals(1, result.err().lines().count(), result.err());
        assertTrue(result.err().startsWith("stackbake: error: etc/hostname.ftl:1:"), result.err());
        assertFalse(Files.exists(dir.resolve("out")));
    }
}
