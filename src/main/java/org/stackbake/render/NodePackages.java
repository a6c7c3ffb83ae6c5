package org.stackbake.render;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stackbake.service.Elements;
import org.stackbake.spec.Definition;

/**
 * The one answer to "which packages does this node get": the packages of the services it runs, then
 * the definition's own {@code packages:}, each once, in that order. The build installs this list,
 * first boot's 05-packages step checks it, {@code render} and {@code build --dry-run} print it.
 */
public final class NodePackages {

    private NodePackages() {}

    public static List<String> resolve(Definition def) {
        Set<String> packages = new LinkedHashSet<>(servicePackages(def));
        packages.addAll(def.packages());
        return List.copyOf(packages);
    }

    /** What the node's services contribute (the recipe's per-role packages). */
    static List<String> servicePackages(Definition def) {
        return Elements.packages(def);
    }
}
