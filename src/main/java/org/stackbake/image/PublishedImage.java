package org.stackbake.image;

import java.nio.file.Path;

/** A published image, its sidecars, and the manifest as written (with the output filled in). */
public record PublishedImage(Path image, Path checksumFile, Path manifestFile, BuildManifest manifest) {}
