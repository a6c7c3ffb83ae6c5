package org.stackbake.release;

import java.util.List;
import java.util.Map;

/**
 * Where packages come from and the names they have there: the distribution, EPEL, an RDO release
 * package, vendors' repositories, or a verified artifact (a component with no RPM source).
 */
public record PackageSource(String releasePackage, List<String> repositories, Map<String, List<String>> packages,
                            String artifact) {

    public PackageSource {
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        packages = packages == null ? Map.of() : Map.copyOf(packages);
    }
}
