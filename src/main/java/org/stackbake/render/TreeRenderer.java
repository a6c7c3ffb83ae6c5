package org.stackbake.render;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.stackbake.firstboot.Firstboot;
import org.stackbake.render.FirstbootFiles;
import org.stackbake.service.ElementFile;
import org.stackbake.service.Elements;
import org.stackbake.service.NodeModel;
import org.stackbake.service.ServiceElement;
import org.stackbake.spec.Definition;
import org.stackbake.spec.Secret;

/**
 * Renders every file of a node into a {@link FileTree}: each element's files (which template makes
 * which guest path, with what mode and owner), then first boot's. The elements say what an image gets.
 */
public final class TreeRenderer {
    public static final String REPO_DIR = "/etc/yum.repos.d/";

    private final TemplateRenderer templates;

    public TreeRenderer(TemplateRenderer templates) {
        this.templates = templates;
    }

    /**
     * Renders the tree. {@code secrets} holds resolved values for a build; for {@code render} it is
     * empty and the delivery files carry placeholders instead of hashes.
     */
    public FileTree render(Definition def, NodeModel model, Map<String, Secret> secrets) throws RenderException {
        FileTree tree = new FileTree();
        for (ServiceElement element : Elements.of(def)) {
            for (ElementFile file : element.files(def, model)) {
                String text = file.template() == null ? ""
                        : templates.render(file.template(), file.data() == null ? model : file.data());
                tree.add(new FileEntry(file.path(), file.mode(), file.owner(), file.owner(),
                        text.getBytes(StandardCharsets.UTF_8), false));
            }
        }
        for (NodeModel.RepositoryModel repo : model.repositories()) {
            tree.add(FileEntry.root(REPO_DIR + repo.id() + ".repo", 0644, templates.render(
                    "etc/yum.repos.d/repository.repo.ftl", Map.of("node", model, "repo", repo))));
        }
        // First boot: unit, runner, lib.sh, the node's numbered steps and the 0600 delivery files,
        // in a state directory that is private from the start (not only once the runner ran).
        tree.addDirectory(Firstboot.STATE_DIR, Firstboot.STATE_DIR_MODE);
        for (FileEntry entry : new FirstbootFiles(templates).render(def, model, secrets)) {
            tree.add(entry);
        }
        return tree;
    }
}
