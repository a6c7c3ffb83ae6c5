package org.stackbake.release;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;

/**
 * What a node's roles resolve to for one release and EL major: the package names of each role (in
 * role order), the vendor repositories and RDO release package they need, the artifacts to install,
 * and the roles no source covers (their names are the roles' defaults, expected from the
 * definition's own repositories).
 */
public record PackageSupply(int elMajor, Map<String, List<String>> namesByRole, List<VendorRepository> repositories,
                            String releasePackage, List<String> artifacts, List<String> unsourced) {

    public PackageSupply {
        namesByRole = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(namesByRole));
        repositories = List.copyOf(repositories);
        artifacts = List.copyOf(artifacts);
        unsourced = List.copyOf(unsourced);
    }

    public List<String> names(String role) {
        return namesByRole.getOrDefault(role, List.of());
    }

    public List<String> packages() {
        LinkedHashSet<String> all = new LinkedHashSet<>();
        namesByRole.values().forEach(all::addAll);
        return List.copyOf(all);
    }
}
