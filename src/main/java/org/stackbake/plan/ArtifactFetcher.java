package org.stackbake.plan;

import java.io.IOException;
import java.nio.file.Path;
import org.stackbake.release.ArtifactFile;

/** Gives the verified host file of an artifact (artifact.ArtifactStore: the cache, or --artifacts DIR). */
@FunctionalInterface
public interface ArtifactFetcher {
    Path fetch(ArtifactFile artifact) throws IOException;
}
