package org.stackbake.base;

/**
 * What {@code base pull} was asked: a catalog name or an http(s) URL, and at most one of an explicit
 * checksum source ({@code checksumUrl}) or digest ({@code sha256}); {@code mirror} replaces a
 * catalog entry's site. Null means not given.
 */
public record PullRequest(String source, String checksumUrl, String sha256, String mirror) {

    public static PullRequest of(String source) {
        return new PullRequest(source, null, null, null);
    }
}
