package org.stackbake.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** --templates, shared by every command that renders a definition. */
final class TemplatesOption {
    @Option(names = "--templates", paramLabel = "DIR", description = "Templates overriding the built-in ones by relative path.")
    Path directory;
}
