package org.stackbake.pipeline;

import java.nio.file.Path;
import java.util.List;
import org.stackbake.image.BuildManifest;
import org.stackbake.image.PublishedImage;

/**
 * What became of one image of a build: built, skipped (an unchanged output exists) or failed.
 * output and sha256 are null when there is none; error and cause are null unless failed (cause is
 * the exception, for the CLI to map); published is the image and manifest a build published (null
 * when skipped or failed).
 */
public record ImageResult(String name, Path definition, Status status, Path output, String sha256, String error,
                          List<BuildManifest.Step> steps, PublishedImage published, Exception cause) {

    public enum Status { BUILT, SKIPPED, FAILED }

    public ImageResult {
        steps = List.copyOf(steps);
    }

    static ImageResult built(String name, Path definition, PublishedImage published, List<BuildManifest.Step> steps) {
        return new ImageResult(name, definition, Status.BUILT, published.image(), published.manifest().output().sha256(),
                null, steps, published, null);
    }

    static ImageResult skipped(String name, Path definition, Path output, String sha256, List<BuildManifest.Step> steps) {
        return new ImageResult(name, definition, Status.SKIPPED, output, sha256, null, steps, null, null);
    }

    /** error: the cause's one-line message. */
    public static ImageResult failed(String name, Path definition, String error, Exception cause,
                                     List<BuildManifest.Step> steps) {
        return new ImageResult(name, definition, Status.FAILED, null, null, error, steps, null, cause);
    }

    static ImageResult failed(String name, Path definition, Exception cause, List<BuildManifest.Step> steps) {
        return failed(name, definition, cause.getMessage() != null ? cause.getMessage()
                : cause.getClass().getSimpleName(), cause, steps);
    }
}
