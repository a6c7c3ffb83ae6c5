package org.stackbake.spec;

import java.util.ArrayList;
import java.util.List;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.spec.Definition.Repository;

/**
 * What is allowed but probably not meant, with where it is: {@code validate} prints these as
 * {@code stackbake: warning:} lines and still exits 0; the build prints them too.
 */
public final class DefinitionWarnings {

    private DefinitionWarnings() {}

    /** Warnings about the repositories a build at install time would use. */
    public static List<SpecProblem> of(LoadedDefinition loaded) {
        Definition def = loaded.definition();
        List<SpecProblem> warnings = new ArrayList<>();
        Release release = def.release() == null ? null : ReleaseCatalog.builtIn().find(def.release()).orElse(null);
        if (release != null && !release.hasRdoPackages() && def.repositories().isEmpty()) {
            warnings.add(new SpecProblem(loaded.sources().value("/release"), "release " + release.name() + " ("
                    + release.version() + ") has no RDO packages (status " + release.status().yaml()
                    + "): only the distribution's and EPEL's repositories would be used, which have no OpenStack packages",
                    "add repositories: [{name: openstack, baseurl: ..., gpgkey: ...}] pointing at an OpenStack RPM"
                            + " repository, or build offline with --repo DIR (RDO announced in March 2026 that it ends its RPM builds)"));
        }
        for (int i = 0; i < def.repositories().size(); i++) {
            Repository repo = def.repositories().get(i);
            if (repo.name() != null && repo.gpgkey() == null) {
                warnings.add(new SpecProblem(loaded.sources().value("/repositories/" + i), "repository '" + repo.name()
                        + "' has no gpgkey: its packages are installed without signature checks (gpgcheck=0)",
                        "add gpgkey: <URL of the repository's public key>"));
            }
        }
        return warnings;
    }
}
