package org.stackbake.spec;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.stackbake.release.PackageSupply;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.release.Role;

/**
 * Whether the release has a source, on the EL major of the definition's base, for every package
 * role the node needs. A definition with repositories: of its own is expected to bring what the
 * catalog lacks; a base given as an image file is checked once the build has inspected it.
 */
final class ReleaseSources {

    private ReleaseSources() {}

    /** roles: what the node's elements ask for (found through ElementChecks: the elements sit above spec). */
    static void check(Definition def, Release release, List<String> roles, DefinitionProblems problems) {
        ReleaseCatalog catalog = ReleaseCatalog.builtIn();
        for (String role : def.packageNames().keySet()) {
            if (catalog.role(role).isEmpty()) {
                problems.key("/packageNames/" + role, "unknown package role '" + role + "'",
                        "known roles: " + String.join(", ", catalog.roleNames()));
            }
        }
        def.artifacts().forEach((component, source) -> artifact(component, source, problems));
        Optional<Integer> elMajor = ReleaseCatalog.elMajorOf(def.base());
        if (elMajor.isEmpty() || !def.repositories().isEmpty()) {
            return;
        }
        String where = "OpenStack " + release.name() + " (" + release.version() + ") on EL " + elMajor.get();
        if (!release.supportsElMajor(elMajor.get())) {
            problems.value("/base", where + ": the release catalog has no package source for it (base " + def.base()
                    + ")", "use a base of EL " + majors(release) + ", or bring the packages with repositories: of your own");
            return;
        }
        PackageSupply supply = catalog.supply(release, elMajor.get(), roles, def.packageNames());
        if (!supply.unsourced().isEmpty()) {
            String missing = supply.unsourced().stream()
                    .map(r -> catalog.role(r).map(Role::description).orElse(r) + " (" + String.join(" ", supply.names(r)) + ")")
                    .collect(Collectors.joining(", "));
            List<Integer> others = release.elMajors().stream().filter(m -> !m.equals(elMajor.get()))
                    .filter(m -> catalog.supply(release, m, roles, def.packageNames()).unsourced().isEmpty())
                    .toList();
            problems.value("/base", where + " has no package source for " + missing + ", which node " + def.name()
                    + " needs (base " + def.base() + ")", (others.isEmpty() ? "" : "use a base of EL "
                    + others.stream().map(String::valueOf).collect(Collectors.joining(" or ")) + ", or ")
                    + "bring the packages with repositories: of your own");
        }
    }

    /** A definition's own source for a component's verified download: https/http/file URL and a SHA-256. */
    private static void artifact(String component, Definition.ArtifactSource source, DefinitionProblems problems) {
        String at = "/artifacts/" + component;
        List<String> known = ReleaseCatalog.builtIn().artifactComponents();
        if (!known.contains(component)) {
            problems.key(at, "no component '" + component + "' comes from a verified download",
                    "known: " + String.join(", ", known));
            return;
        }
        if (source.url() == null || !source.url().matches("(https?|file)://\\S+")) {
            problems.value(at + (source.url() == null ? "" : "/url"), "artifacts: " + component + " needs a url",
                    "https://, http:// or file:// and the file's name, e.g. https://mirror.example.com/" + component + ".tar.gz");
        }
        if (source.sha256() == null || !source.sha256().matches("[0-9a-fA-F]{64}")) {
            problems.value(at + (source.sha256() == null ? "" : "/sha256"), "artifacts: " + component
                    + " needs the file's sha256 (64 hex digits)", "sha256sum FILE, or the release's SHA256SUMS");
        }
    }

    private static String majors(Release release) {
        return release.elMajors().stream().map(String::valueOf).collect(Collectors.joining(" or "));
    }
}
