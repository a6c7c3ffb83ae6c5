package org.stackbake.build;

import java.nio.file.Path;

/** What the user asked `stackbake build` for. output may be null: a versioned name is chosen. */
public record BuildRequest(Path definition, String base, Path output, boolean force, boolean compress, Accel accel,
                           Path templates, boolean dryRun) {}
