package org.stackbake.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.stackbake.guest.api.Accel;

/**
 * What the user asked `stackbake build` for. output may be null: a versioned name is chosen.
 * repos: local RPM repositories (--repo) to install packages from offline; empty = online.
 * rebuild: build even when an output from the same inputs exists.
 * artifacts: a directory holding the verified downloads (--artifacts) to use offline; null = the cache.
 */
public record BuildRequest(Path definition, String base, Path output, boolean force, boolean compress, Accel accel,
                           Path templates, boolean dryRun, List<Path> repos, boolean rebuild, Path artifacts) {

    public BuildRequest {
        repos = repos == null ? List.of() : List.copyOf(repos);
    }

    public BuildRequest(Path definition, String base, Path output, boolean force, boolean compress, Accel accel,
                        Path templates, boolean dryRun, List<Path> repos) {
        this(definition, base, output, force, compress, accel, templates, dryRun, repos, false, null);
    }

    public BuildRequest(Path definition, String base, Path output, boolean force, boolean compress, Accel accel,
                        Path templates, boolean dryRun) {
        this(definition, base, output, force, compress, accel, templates, dryRun, List.of(), false, null);
    }

    public BuildRequest(Path definition, String base, Path output, boolean force, boolean compress, Accel accel,
                        Path templates, boolean dryRun, List<Path> repos, boolean rebuild) {
        this(definition, base, output, force, compress, accel, templates, dryRun, repos, rebuild, null);
    }

    /** The same options for another definition. */
    public BuildRequest forDefinition(Path other) {
        return new BuildRequest(other, base, output, force, compress, accel, templates, dryRun, repos, rebuild, artifacts);
    }
}
