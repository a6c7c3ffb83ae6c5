package org.stackbake.image;

import java.nio.file.Path;

/** Child-process entry for OverlayTest: the stale-overlay sweep as another build runs it. */
final class RemoveStaleOverlays {
    public static void main(String[] args) throws Exception {
        Overlay.removeStale(Path.of(args[0]));
    }
}
