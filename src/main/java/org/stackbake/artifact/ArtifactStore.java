package org.stackbake.artifact;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.function.Consumer;
import org.stackbake.StackbakeException;
import org.stackbake.base.DownloadException;
import org.stackbake.base.Downloader;
import org.stackbake.files.Sha256;
import org.stackbake.plan.ArtifactFetcher;
import org.stackbake.release.ArtifactFile;

/**
 * Verified artifacts on the build host. Online, each is downloaded once into the cache, under its
 * SHA-256, and checked before it is kept; offline ({@code --artifacts DIR}) it is taken from DIR by
 * its file name and checked the same way. A file whose digest differs is never used, and a download
 * whose digest differs is not kept.
 */
public final class ArtifactStore implements ArtifactFetcher {
    private final Path cache;
    private final Path localDir;
    private final Downloader downloader;
    private final Consumer<String> out;

    /** For a build: the cache's artifacts directory, or the --artifacts directory when given. */
    public static ArtifactStore of(org.stackbake.CacheDirs cacheDirs, Path localDir, Consumer<String> out) {
        return new ArtifactStore(cacheDirs.artifacts(), localDir, new Downloader(Downloader.defaultClient()), out);
    }

    /** localDir: the --artifacts directory, or null to download into {@code cache}. */
    public ArtifactStore(Path cache, Path localDir, Downloader downloader, Consumer<String> out) {
        this.cache = cache;
        this.localDir = localDir;
        this.downloader = downloader;
        this.out = out;
    }

    /** The verified file of {@code artifact}. */
    @Override
    public Path fetch(ArtifactFile artifact) throws IOException {
        if (localDir != null) {
            Path file = localDir.resolve(artifact.fileName());
            if (!Files.isRegularFile(file)) {
                throw StackbakeException.invalidInput("--artifacts " + localDir + " has no " + artifact.fileName()
                        + " (" + artifact.name() + ")", "download " + artifact.url() + " into " + localDir);
            }
            return verified(file, artifact, file.toString());
        }
        Path kept = cache.resolve(artifact.sha256()).resolve(artifact.fileName());
        if (Files.isRegularFile(kept)) {
            return verified(kept, artifact, kept.toString());
        }
        Files.createDirectories(kept.getParent());
        Path part = kept.resolveSibling(artifact.fileName() + ".part");
        out.accept("downloading " + artifact.url() + " (" + artifact.name() + ", once: cached in " + cache + ")");
        try {
            downloader.fetch(URI.create(artifact.url()), part, (done, total) -> { });
        } catch (DownloadException e) {
            throw StackbakeException.failure("cannot download " + artifact.name() + ": " + e.getMessage(),
                    "check the network, or build offline with --artifacts DIR holding " + artifact.fileName(), e);
        }
        try {
            verified(part, artifact, artifact.url());
        } catch (StackbakeException e) {
            Files.deleteIfExists(part);
            throw e;
        }
        Files.move(part, kept, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        return kept;
    }

    private static Path verified(Path file, ArtifactFile artifact, String from) throws IOException {
        String actual = Sha256.of(file);
        if (!actual.equalsIgnoreCase(artifact.sha256())) {
            throw StackbakeException.failure(artifact.fileName() + " from " + from + " has SHA-256 " + actual
                    + ", not the pinned " + artifact.sha256() + " (" + artifact.name() + ")",
                    "it is not the file the catalog (or the definition's artifacts:) names: get it again from "
                            + artifact.url(), null);
        }
        return file;
    }
}
