package org.stackbake.image;

/**
 * A repository an online build's dnf read, and the SHA-256 of the {@code repodata/repomd.xml} it
 * read: the metadata names every package's digest, so a changed repository has another digest.
 * {@code url} is where dnf fetched it (for a mirror list, the mirror it used).
 */
public record RepositoryDigest(String id, String url, String repomdSha256) {

    /** Where the repository's metadata index is. */
    public String repomdUrl() {
        return (url.endsWith("/") ? url : url + "/") + "repodata/repomd.xml";
    }
}
