package org.stackbake.release;

import java.util.List;

/**
 * A package role a service element asks for ("the database server"), with the package names a
 * definition's own repositories are expected to carry when the release has no source for it.
 */
public record Role(String description, List<String> packages) {
    public Role {
        packages = List.copyOf(packages);
    }
}
