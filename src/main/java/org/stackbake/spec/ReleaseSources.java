package org.stackbake.spec;

import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;
import org.stackbake.release.PackageSupply;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.release.Role;
import org.stackbake.service.Elements;

/**
 * Whether the release has a source, on the EL major of the definition's base, for every package
 * role the node needs. A definition with repositories: of its own is expected to bring what the
 * catalog lacks; a base given as an image file is checked once the build has inspected it.
 */
final class ReleaseSources {

    private ReleaseSources() {}

    static void check(Definition def, Release release, DefinitionProblems problems) {
        ReleaseCatalog catalog = ReleaseCatalog.builtIn();
        for (String role : def.packageNames().keySet()) {
            if (catalog.role(role).isEmpty()) {
                problems.key("/packageNames/" + role, "unknown package role '" + role + "'",
                        "known roles: " + String.join(", ", catalog.roleNames()));
            }
        }
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
        PackageSupply supply = catalog.supply(release, elMajor.get(), Elements.roles(def), def.packageNames());
        if (!supply.unsourced().isEmpty()) {
            String roles = supply.unsourced().stream()
                    .map(r -> catalog.role(r).map(Role::description).orElse(r) + " (" + String.join(" ", supply.names(r)) + ")")
                    .collect(Collectors.joining(", "));
            List<Integer> others = release.elMajors().stream().filter(m -> !m.equals(elMajor.get()))
                    .filter(m -> catalog.supply(release, m, Elements.roles(def), def.packageNames()).unsourced().isEmpty())
                    .toList();
            problems.value("/base", where + " has no package source for " + roles + ", which node " + def.name()
                    + " needs (base " + def.base() + ")", (others.isEmpty() ? "" : "use a base of EL "
                    + others.stream().map(String::valueOf).collect(Collectors.joining(" or ")) + ", or ")
                    + "bring the packages with repositories: of your own");
        }
    }

    private static String majors(Release release) {
        return release.elMajors().stream().map(String::valueOf).collect(Collectors.joining(" or "));
    }
}
