package org.stackbake.pipeline;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackbake.files.Jackson;
import org.stackbake.files.Sha256;
import org.stackbake.image.Sidecars;
import org.stackbake.image.RepositoryDigest;

/**
 * Whether an earlier output already is what a build would make: its manifest records the same
 * input key, and the image still matches its {@code .sha256} (a damaged or edited image is rebuilt).
 */
public final class SkipDecision {

    private SkipDecision() {}

    /** For an explicit {@code -o}: that file, when it is unchanged. */
    public static Optional<Path> unchangedAt(Path output, String key) {
        return unchangedAt(output, image -> key);
    }

    /** keyOf: the key a build would have for that image (it may depend on what the image's manifest recorded). */
    public static Optional<Path> unchangedAt(Path output, Function<Path, String> keyOf) {
        return Files.isRegularFile(output, LinkOption.NOFOLLOW_LINKS) && matches(output, keyOf.apply(output))
                ? Optional.of(output) : Optional.empty();
    }

    /**
     * For default names: the newest {@code <name>-<release>-<YYYYMMDD>.<n>.qcow2} in dir whose
     * manifest has the key; only that one is checked against its checksum.
     */
    public static Optional<Path> unchangedIn(Path dir, String name, String release, String key) throws IOException {
        return unchangedIn(dir, name, release, image -> key);
    }

    /** As {@link #unchangedIn(Path, String, String, String)}, with the key for each candidate. */
    public static Optional<Path> unchangedIn(Path dir, String name, String release, Function<Path, String> keyOf)
            throws IOException {
        if (!Files.isDirectory(dir)) {
            return Optional.empty();
        }
        Pattern pattern = Pattern.compile(Pattern.quote(name + "-" + release + "-") + "(\\d{8})\\.(\\d+)\\.qcow2");
        List<Candidate> candidates = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.qcow2")) {
            for (Path entry : entries) {
                Matcher m = pattern.matcher(entry.getFileName().toString());
                if (m.matches() && keyOf.apply(entry).equals(recordedKey(entry).orElse(null))) {
                    candidates.add(new Candidate(entry, m.group(1), Long.parseLong(m.group(2))));
                }
            }
        }
        return candidates.stream()
                .max(Comparator.comparing(Candidate::date).thenComparingLong(Candidate::n))
                .map(Candidate::image)
                .filter(image -> matches(image, keyOf.apply(image)));
    }

    private record Candidate(Path image, String date, long n) {}

    /** Same key in its manifest, and its bytes still hash to its .sha256. */
    static boolean matches(Path image, String key) {
        if (!Files.isRegularFile(image, LinkOption.NOFOLLOW_LINKS) || !key.equals(recordedKey(image).orElse(null))) {
            return false;
        }
        try {
            String line = Files.readString(Sidecars.checksumFile(image), StandardCharsets.US_ASCII).strip();
            String recorded = line.split("\\s+", 2)[0];
            return !recorded.isEmpty() && recorded.equalsIgnoreCase(Sha256.of(image));
        } catch (IOException e) {
            return false;
        }
    }

    /** The online repositories the image's manifest records (none when it records none, or cannot be read). */
    static List<RepositoryDigest> recordedRepositories(Path image) {
        try {
            List<RepositoryDigest> repositories = new ArrayList<>();
            for (com.fasterxml.jackson.databind.JsonNode r : Jackson.JSON.readTree(Sidecars.manifestFile(image).toFile())
                    .path("repositories")) {
                repositories.add(new RepositoryDigest(r.path("id").asText(""), r.path("url").asText(""),
                        r.path("repomdSha256").asText("")));
            }
            return repositories;
        } catch (IOException e) {
            return List.of();
        }
    }

    /** The inputKey of the image's manifest; read as a tree so manifests of other versions never fail it. */
    static Optional<String> recordedKey(Path image) {
        Path manifest = Sidecars.manifestFile(image);
        try {
            String key = Jackson.JSON.readTree(manifest.toFile()).path("inputKey").asText("");
            return key.isEmpty() ? Optional.empty() : Optional.of(key);
        } catch (IOException e) {
            return Optional.empty();
        }
    }
}
