package org.stackbake.service;

import java.util.ArrayList;
import java.util.List;
import org.stackbake.release.ArtifactFile;
import org.stackbake.release.PackageSupply;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.spec.Definition;

/**
 * Where a node's package roles come from: the release's sources on the EL major of the definition's
 * base (the definition's packageNames: win), and the verified downloads those sources need.
 */
public final class NodeSources {
    /** The arch of every catalog base; artifacts are chosen for it. */
    static final String ARCH = "x86_64";

    private NodeSources() {}

    public static PackageSupply supply(Definition def) {
        ReleaseCatalog catalog = ReleaseCatalog.builtIn();
        Release release = catalog.find(def.release())
                .orElseThrow(() -> new IllegalArgumentException("unknown release " + def.release()));
        return catalog.supply(release, ReleaseCatalog.elMajorFor(release, def.base()), Elements.roles(def),
                def.packageNames());
    }

    /** The node's verified downloads (components with no RPM source), each replaced by the definition's artifacts: entry for its component. */
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
}
