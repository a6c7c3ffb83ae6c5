package org.stackbake.spec;

import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.stackbake.release.Lifecycle;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.spec.Definition.Repository;

/**
 * What is allowed but probably not meant, with where it is: {@code validate} prints these as
 * {@code stackbake: warning:} lines and still exits 0; the build prints them too.
 */
public final class DefinitionWarnings {

    private DefinitionWarnings() {}

    /** Warnings about the release (past end of life) and the repositories a build at install time would use. */
    public static List<SpecProblem> of(LoadedDefinition loaded) {
        Definition def = loaded.definition();
        List<SpecProblem> warnings = new ArrayList<>();
        Release release = def.release() == null ? null : ReleaseCatalog.builtIn().find(def.release()).orElse(null);
        Lifecycle lifecycle = release == null ? null : release.lifecycleOn(LocalDate.now(ZoneOffset.UTC));
        if (lifecycle != null && lifecycle.endOfLife()) {
            warnings.add(new SpecProblem(loaded.sources().value("/release"), "OpenStack " + release.name() + " ("
                    + release.version() + ") reached end of life on " + lifecycle.since()
                    + ": it gets no fixes upstream, and its package sources may disappear",
                    "move to a maintained release (stackbake releases lists them)"));
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
