package org.stackbake.render;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stackbake.release.PackageSupply;
import org.stackbake.service.Elements;
import org.stackbake.service.NodeSources;
import org.stackbake.service.ServiceElement;
import org.stackbake.spec.Definition;

/**
 * The one answer to "which packages does this node get": each element's packages, its roles named
 * by the release's source for the base's EL major (or the definition's packageNames:), then the
 * definition's own {@code packages:}, each once, in that order. The build installs this list, first
 * boot's 05-packages step checks it, {@code render} and {@code build --dry-run} print it.
 */
public final class NodePackages {

    private NodePackages() {}

    public static List<String> resolve(Definition def) {
        PackageSupply supply = NodeSources.supply(def);
        Set<String> packages = new LinkedHashSet<>();
        for (ServiceElement element : Elements.of(def)) {
            packages.addAll(element.packages(def));
            element.roles(def).forEach(role -> packages.addAll(supply.names(role)));
        }
        packages.addAll(def.packages());
        return List.copyOf(packages);
    }
}
