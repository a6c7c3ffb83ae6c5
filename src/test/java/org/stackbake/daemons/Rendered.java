package org.stackbake.daemons;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.SpecException;

/**
 * The configs under test, rendered exactly as {@code stackbake render} does from the shipped
 * epoxy definitions, and deliberately broken variants of them.
 */
final class Rendered {
    static final Path DEFINITIONS = Path.of("images/epoxy");
    static final Path TEMPLATES = Path.of("templates");

    static LoadedDefinition load(Path definition) {
        try {
            return new DefinitionLoader().load(definition);
        } catch (SpecException e) {
            throw new AssertionError(definition + " does not load: " + e.getMessage(), e);
        }
    }

    static FileTree controller() {
        return render(DEFINITIONS.resolve("controller.yaml"), null);
    }

    static FileTree compute() {
        return render(DEFINITIONS.resolve("compute.yaml"), null);
    }

    static FileTree render(Path definition, Path templateOverrides) {
        return new NodeRenderer(templateOverrides).render(load(definition), Map.of());
    }

    static String text(FileTree tree, String guestPath) {
        return tree.get(guestPath).orElseThrow(() -> new AssertionError("nothing rendered to " + guestPath)).text();
    }

    /** Writes the rendered file into {@code dir} under its own file name and returns that path. */
    static Path write(FileTree tree, String guestPath, Path dir) {
        Path target = dir.resolve(Path.of(guestPath).getFileName().toString());
        try {
            Files.createDirectories(dir);
            Files.writeString(target, text(tree, guestPath));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return target;
    }

    /** The management NIC's CIDR (the NIC marked management, else the first with an address). */
    static String managementCidr(Path definition) {
        List<Definition.Nic> nics = load(definition).definition().network();
        return nics.stream().filter(n -> Boolean.TRUE.equals(n.management())).findFirst()
                .or(() -> nics.stream().filter(n -> n.ipv4() != null && !n.ipv4().isDisabled()).findFirst())
                .map(n -> n.ipv4().address())
                .orElseThrow(() -> new AssertionError(definition + " has no management address"));
    }

    /**
     * Writes a {@code --templates} override directory holding one shipped template with one edit;
     * returns the directory.
     */
    static Path editedTemplate(Path dir, String template, String from, String to) {
        try {
            Path target = dir.resolve(template);
            Files.createDirectories(target.getParent());
            Files.copy(TEMPLATES.resolve(template), target);
            replaceIn(target, from, to);
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path replaceIn(Path file, String from, String to) throws IOException {
        String text = Files.readString(file);
        if (!text.contains(from)) {
            throw new AssertionError(file + " no longer contains '" + from + "': update the test's edit");
        }
        Files.writeString(file, text.replace(from, to));
        return file;
    }

    private Rendered() {}
}
