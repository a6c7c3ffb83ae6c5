package org.stackbake.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Function;
import org.stackbake.base.RepositoryMetadata;
import org.stackbake.image.Sidecars;

/** Looks for an output an earlier build made from the same inputs, and says so when it finds one. */
final class UnchangedOutput {
    private UnchangedOutput() {}

    /**
     * {@code output} is the explicit -o, or null for default names in {@code outputDir}. An earlier
     * image that records online repositories matches only while each still has the metadata digest
     * it had then (fetched now from the build machine).
     */
    static Optional<Path> find(Path output, Path outputDir, String name, String release, InputKey key) throws IOException {
        RepositoryMetadata now = RepositoryMetadata.fromSystem();
        Function<Path, String> keyOf = image -> key.withRepositories(now.current(SkipDecision.recordedRepositories(image)))
                .value();
        return output != null ? SkipDecision.unchangedAt(output.toAbsolutePath().normalize(), keyOf)
                : SkipDecision.unchangedIn(outputDir.toAbsolutePath().normalize(), name, release, keyOf);
    }

    static String message(Path image) {
        return "unchanged: " + image + " was built from the same inputs (--rebuild builds it anyway)";
    }

    /** The digest in the image's .sha256, already checked against the image by {@link SkipDecision}. */
    static String recordedSha256(Path image) throws IOException {
        return Files.readString(Sidecars.checksumFile(image), StandardCharsets.US_ASCII).strip().split("\\s+", 2)[0];
    }
}
