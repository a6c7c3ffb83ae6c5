package org.stackbake.image;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * A package the build's update changed: {@code from} and {@code to} are epoch:version-release
 * ({@code from} is null for a package the update brought in), {@code advisories} the ids of the
 * repositories' advisories (updateinfo) that name it, empty when none does.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record PackageUpdate(String name, String arch, String from, String to, List<String> advisories) {

    public PackageUpdate {
        advisories = List.copyOf(advisories);
    }

    /** "name.arch from → to (ADVISORY, …)", for progress lines and the SBOM. */
    public String describe() {
        return name + "." + arch + " " + (from == null ? "new" : from) + " -> " + to
                + (advisories.isEmpty() ? "" : " (" + String.join(", ", advisories) + ")");
    }
}
