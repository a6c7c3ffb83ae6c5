package org.stackbake.base;

import java.nio.file.Path;

/**
 * A file in the base cache. {@code sha256} is the digest verified when it was pulled (null when it
 * was not pulled by stackbake, e.g. a decompressed copy); {@code partial} marks an interrupted
 * download waiting to be resumed.
 */
public record CachedBase(Path file, long size, String sha256, boolean partial) {}
