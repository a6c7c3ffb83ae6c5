package org.stackbake.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.stackbake.image.BuildManifest;

/**
 * What became of one image of a build: built, skipped (an unchanged output exists) or failed.
 * output and sha256 are null when there is none; error is null unless failed.
 */
public record ImageResult(String name, Path definition, Status status, Path output, String sha256, String error,
                          List<BuildManifest.Step> steps) {

    public enum Status { BUILT, SKIPPED, FAILED }

    public ImageResult {
        steps = List.copyOf(steps);
    }

    static ImageResult built(String name, Path definition, Path output, String sha256, List<BuildManifest.Step> steps) {
        return new ImageResult(name, definition, Status.BUILT, output, sha256, null, steps);
    }

    static ImageResult skipped(String name, Path definition, Path output, String sha256, List<BuildManifest.Step> steps) {
        return new ImageResult(name, definition, Status.SKIPPED, output, sha256, null, steps);
    }

    public static ImageResult failed(String name, Path definition, String error, List<BuildManifest.Step> steps) {
        return new ImageResult(name, definition, Status.FAILED, null, null, error, steps);
    }
}
