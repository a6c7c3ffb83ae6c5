package org.stackbake.render;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Map;
import java.util.SortedMap;
import org.stackbake.StackbakeException;
import org.stackbake.service.NodeModel;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.Secret;

/** Definition in, file tree out: the step that {@code render} and {@code build} share. */
public final class NodeRenderer {
    private final TemplateRenderer templates;

    public NodeRenderer(Path templateOverrides) {
        try {
            templates = templateOverrides == null ? TemplateRenderer.builtIn() : TemplateRenderer.withOverrides(templateOverrides);
        } catch (IOException e) {
            throw StackbakeException.invalidInput(e.getMessage(), "--templates takes a directory laid out like templates/");
        }
    }

    /** The templates the renders so far used (relative path → text), for the build's input key. */
    public SortedMap<String, byte[]> templatesUsed() {
        return templates.templatesUsed();
    }

    public FileTree render(LoadedDefinition loaded, Map<String, Secret> secrets) {
        NodeModel model = new NodeModelFactory().create(loaded.definition());
        try {
            return new TreeRenderer(templates).render(loaded.definition(), model, secrets);
        } catch (RenderException e) {
            throw StackbakeException.invalidInput(e.getMessage(),
                    "fix the template (a user template given with --templates overrides the built-in one)");
        }
    }
}
