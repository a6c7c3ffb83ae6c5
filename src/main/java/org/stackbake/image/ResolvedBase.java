package org.stackbake.image;

import java.nio.file.Path;

/**
 * A base checked and ready to put an overlay on. {@code reference} is what the user wrote (a path
 * or {@code synthetic:<flavor>}); {@code image} is the absolute file the overlay reads, which for a
 * compressed base is its decompressed copy in the cache; {@code sha256} is that file's digest.
 */
public record ResolvedBase(String reference, Path image, String format, String sha256, boolean synthetic, ImageInfo info) {}
