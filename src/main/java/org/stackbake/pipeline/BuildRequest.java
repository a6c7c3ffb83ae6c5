package org.stackbake.pipeline;

import java.nio.file.Path;
import org.stackbake.guest.api.Accel;

/**
 * What the user asked `stackbake build` for. output may be null: a versioned name is chosen.
 * rebuild: build even when an output from the same inputs exists.
 */
public record BuildRequest(Path definition, String base, Path output, boolean force, boolean compress, Accel accel,
                           Path templates, boolean dryRun, boolean rebuild) {

    public BuildRequest(Path definition, String base, Path output, boolean force, boolean compress, Accel accel,
                        Path templates, boolean dryRun) {
        this(definition, base, output, force, compress, accel, templates, dryRun, false);
    }

    /** The same options for another definition, with a default output name. */
    public BuildRequest forDefinition(Path other) {
        return new BuildRequest(other, base, null, force, compress, accel, templates, dryRun, rebuild);
    }
}
