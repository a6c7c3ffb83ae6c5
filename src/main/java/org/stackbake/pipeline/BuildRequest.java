package org.stackbake.pipeline;

import java.nio.file.Path;
import org.stackbake.guest.api.Accel;

/** What the user asked `stackbake build` for. output may be null: a versioned name is chosen. */
public record BuildRequest(Path definition, String base, Path output, boolean force, boolean compress, Accel accel,
                           Path templates, boolean dryRun) {}
