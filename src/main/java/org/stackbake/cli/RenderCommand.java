package org.stackbake.cli;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.stackbake.spec.Definition;
import java.util.concurrent.Callable;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodePackages;
import org.stackbake.render.NodeRenderer;
import org.stackbake.render.TreeWriter;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.DistinctImages;
import org.stackbake.spec.LoadedDefinition;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "render", mixinStandardHelpOptions = true,
        description = "Write the exact file tree a build injects, plus a MANIFEST (secrets shown as placeholders).")
final class RenderCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DEF",
            description = "Image definition(s), e.g. images/epoxy/controller.yaml. With several, each goes to DIR/<release>/<name>/.")
    List<Path> definitions;

    @Option(names = {"-o", "--output"}, required = true, paramLabel = "DIR", description = "Directory to write (created).")
    Path output;

    @Mixin
    TemplatesOption templates;

    @Option(names = "--force", description = "Replace a previous render (a directory holding its MANIFEST).")
    boolean force;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        // Load and render everything before writing anything: one bad definition writes nothing.
        NodeRenderer renderer = new NodeRenderer(templates.directory);
        List<LoadedDefinition> all = new ArrayList<>();
        for (Path definition : definitions) {
            all.add(new DefinitionLoader().load(definition));
        }
        DistinctImages.require(definitions, all.stream().map(LoadedDefinition::definition).toList(), "renders");
        Map<String, FileTree> trees = new TreeMap<>();
        List<String> lines = new ArrayList<>();
        for (LoadedDefinition loaded : all) {
            Definition def = loaded.definition();
            String dir = definitions.size() == 1 ? "" : def.release() + "/" + def.name();
            trees.put(dir, renderer.render(loaded, Map.of()));
            lines.add(String.format("rendered %d files for %s (%s) into %s", trees.get(dir).size(), def.name(),
                    def.release(), dir.isEmpty() ? output : output.resolve(dir)));
            lines.add(String.format("packages for %s (install: %s): %s", def.name(), def.install().yaml(),
                    String.join(" ", NodePackages.resolve(def))));
        }
        List<Path> keep = new ArrayList<>();
        definitions.forEach(definition -> keep.add(definition.toAbsolutePath().getParent()));
        if (templates.directory != null) {
            keep.add(templates.directory);
        }
        new TreeWriter(keep).write(trees, output, force);
        lines.forEach(spec.commandLine().getOut()::println);
        return ExitCodes.OK;
    }
}
