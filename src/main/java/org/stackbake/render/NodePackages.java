package org.stackbake.render;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.stackbake.release.ArtifactFile;
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

    static final String ARCH = "x86_64";

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

    /**
     * The verified downloads the node's roles need (etcd after RDO), for x86_64 (the arch of every
     * catalog base), each replaced by the definition's {@code artifacts:} entry for its component.
     */
    public static List<ArtifactFile> artifacts(Definition def) {
        ReleaseCatalog catalog = ReleaseCatalog.builtIn();
        List<ArtifactFile> files = new ArrayList<>();
        for (String name : supply(def).artifacts()) {
            ArtifactFile file = catalog.artifact(name).orElseThrow().forArch(ARCH);
            Definition.ArtifactSource own = def.artifacts().get(file.component());
            files.add(own == null ? file : file.from(own.url(), own.sha256()));
        }
        return List.copyOf(files);
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
