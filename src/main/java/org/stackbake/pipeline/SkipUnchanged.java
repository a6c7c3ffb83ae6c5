package org.stackbake.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Stage 2: an image whose output from the same inputs is already there is skipped, decided
 * before anything is launched or resolved (an unchanged image costs only hashing). Needs the
 * base's digest, so a base not yet pulled or made is never skipped.
 */
final class SkipUnchanged {
    private final InputKeys keys;
    private final Path outputDir;

    SkipUnchanged(InputKeys keys, Path outputDir) {
        this.keys = keys;
        this.outputDir = outputDir;
    }

    /** The images still to build; the others get their SKIPPED result. */
    List<ImageJob> toBuild(List<ImageJob> jobs) throws IOException {
        List<ImageJob> left = new ArrayList<>();
        for (ImageJob job : jobs) {
            Optional<Path> unchanged = job.request.rebuild() ? Optional.empty() : unchanged(job);
            if (unchanged.isPresent()) {
                job.progress.note(UnchangedOutput.message(unchanged.get()));
                job.result = ImageResult.skipped(job.name(), job.request.definition(), unchanged.get(),
                        UnchangedOutput.recordedSha256(unchanged.get()), job.progress.steps());
            } else {
                left.add(job);
            }
        }
        return left;
    }

    private Optional<Path> unchanged(ImageJob job) throws IOException {
        Optional<String> base = keys.baseDigest(job.baseReference);
        if (base.isEmpty()) {
            return Optional.empty();
        }
        InputKey key = keys.of(job, base.get());
        return UnchangedOutput.find(job.request.output(), outputDir, job.name(), job.release.name(), key);
    }
}
