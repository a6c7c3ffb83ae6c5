package org.stackbake.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.List;
import java.util.Optional;
import org.stackbake.CacheDirs;
import org.stackbake.Version;
import org.stackbake.base.Bases;
import org.stackbake.files.DigestCache;
import org.stackbake.files.Sha256;
import org.stackbake.release.Release;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.LoadedDefinition;

/** Computes a build's {@link InputKey} from what the build has loaded, without launching anything. */
final class InputKeys {
    private final DigestCache digests;
    private final CacheDirs cacheDirs;

    /** cacheDirs: where synthetic bases are. */
    InputKeys(DigestCache digests, CacheDirs cacheDirs) {
        this.digests = digests;
        this.cacheDirs = cacheDirs;
    }

    /** The key of a prepared image, with the base of that digest. */
    InputKey of(ImageJob job, String baseSha256) {
        return of(job.loaded, job.renderer, job.release, baseSha256, job.request.compress(), job.repos);
    }

    /** {@code renderer} must have rendered this definition (its templates are what was used). */
    InputKey of(LoadedDefinition loaded, NodeRenderer renderer, Release release, String baseSha256, boolean compress) {
        return of(loaded, renderer, release, baseSha256, compress, List.of());
    }

    /** repos: the --repo directories; each counts by its repodata/repomd.xml (which names every package's digest). */
    InputKey of(LoadedDefinition loaded, NodeRenderer renderer, Release release, String baseSha256, boolean compress,
                List<Path> repos) {
        InputKey.Builder key = InputKey.builder().version(codeVersion()).release(release).base(baseSha256);
        for (Path file : loaded.files()) {
            try {
                key.definitionFile(Files.readAllBytes(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        renderer.templatesUsed().forEach(key::template);
        loaded.definition().secrets().forEach(key::secret);
        key.option("compress", Boolean.toString(compress));
        for (Path repo : repos) {
            try {
                key.option("repo " + repo.toAbsolutePath().normalize(),
                        Sha256.of(repo.resolve("repodata").resolve("repomd.xml")));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return key.build();
    }

    /**
     * The digest of the file a base reference names, when that file is already here. Empty means
     * the key can only be known after the base is resolved.
     */
    Optional<String> baseDigest(String reference) throws IOException {
        Optional<Path> file = Bases.fileIfPresent(reference, cacheDirs);
        return file.isPresent() ? Optional.of(digests.sha256(file.get())) : Optional.empty();
    }

    /**
     * The version; a development build (-SNAPSHOT) also names its jar's digest, so a rebuilt
     * stackbake never skips on the strength of outputs an older build of itself made.
     */
    private String codeVersion() {
        String version = Version.current();
        if (!version.endsWith("-SNAPSHOT")) {
            return version;
        }
        try {
            CodeSource source = InputKeys.class.getProtectionDomain().getCodeSource();
            Path code = source == null ? null : Path.of(source.getLocation().toURI());
            return code != null && Files.isRegularFile(code) ? version + "+" + digests.sha256(code) : version;
        } catch (URISyntaxException | IOException | IllegalArgumentException e) {
            return version;
        }
    }
}
