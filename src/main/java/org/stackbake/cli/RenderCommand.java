package org.stackbake.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodeRenderer;
import org.stackbake.render.TreeWriter;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Write the exact file tree a build injects, plus a MANIFEST (secrets shown as placeholders).")
final class RenderCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEF", description = "Image definition, e.g. images/dalmatian/controller.yaml.")
    Path definition;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory to write (created).")
    Path output;

    @Option(names = "--templates", paramLabel = "DIR", description = "Templates overriding the built-in ones by relative path.")
    Path templates;

    @Option(names = "--force", description = "Replace a non-empty output directory.")
    boolean force;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        LoadedDefinition loaded = new DefinitionLoader().load(definition);
        FileTree tree = new NodeRenderer(templates).render(loaded, Map.of());
        new TreeWriter().write(tree, output, force);
        spec.commandLine().getOut().printf("rendered %d files for %s (%s) into %s%n", tree.size(),
                loaded.definition().name(), loaded.definition().release(), output);
        return ExitCodes.OK;
    }
}
