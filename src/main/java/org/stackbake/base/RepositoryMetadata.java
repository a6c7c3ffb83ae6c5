package org.stackbake.base;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.commons.codec.digest.DigestUtils;
import org.stackbake.image.RepositoryDigest;

/**
 * What online repositories hold now: the digest of each one's {@code repodata/repomd.xml}, fetched
 * from the build machine, so an earlier image whose repositories have moved on is not "unchanged".
 * Each URL is fetched once per instance.
 */
public final class RepositoryMetadata {
    /** The digest of a repository that cannot be read now: it matches no recorded digest. */
    public static final String UNREACHABLE = "unreachable";

    private final Supplier<Downloader> downloaders;
    private final Map<String, String> fetched = new HashMap<>();
    private Downloader downloader;

    /** downloaders: asked once, when the first repository is fetched. */
    public RepositoryMetadata(Supplier<Downloader> downloaders) {
        this.downloaders = downloaders;
    }

    /** No HTTP client is made until a repository is to be fetched. */
    public static RepositoryMetadata fromSystem() {
        return new RepositoryMetadata(() -> new Downloader(Downloader.defaultClient()));
    }

    /** The same repositories with their digest as of now ({@link #UNREACHABLE} when one cannot be fetched). */
    public List<RepositoryDigest> current(List<RepositoryDigest> recorded) {
        return recorded.stream().map(r -> new RepositoryDigest(r.id(), r.url(),
                fetched.computeIfAbsent(r.repomdUrl(), this::digest))).toList();
    }

    private String digest(String repomdUrl) {
        if (downloader == null) {
            downloader = downloaders.get();
        }
        try {
            return DigestUtils.sha256Hex(downloader.text(URI.create(repomdUrl)).getBytes(StandardCharsets.UTF_8));
        } catch (DownloadException | IllegalArgumentException e) {
            return UNREACHABLE;
        }
    }
}
