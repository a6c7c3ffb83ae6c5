package org.stackbake.render;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stackbake.release.PackageSupply;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.service.Elements;
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
        PackageSupply supply = supply(def);
        Set<String> packages = new LinkedHashSet<>();
        for (ServiceElement element : Elements.of(def)) {
            packages.addAll(element.packages(def));
            element.roles(def).forEach(role -> packages.addAll(supply.names(role)));
        }
        packages.addAll(def.packages());
        return List.copyOf(packages);
    }

    /** Where the node's roles come from: the release's sources on the EL major of the definition's base. */
    public static PackageSupply supply(Definition def) {
        ReleaseCatalog catalog = ReleaseCatalog.builtIn();
        Release release = catalog.find(def.release())
                .orElseThrow(() -> new IllegalArgumentException("unknown release " + def.release()));
        return catalog.supply(release, ReleaseCatalog.elMajorFor(release, def.base()), Elements.roles(def),
                def.packageNames());
    }
}
