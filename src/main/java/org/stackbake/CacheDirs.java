package org.stackbake;

import java.nio.file.Path;
import java.util.Map;

/**
 * The one place that knows where stackbake keeps state between runs:
 * {@code ${XDG_CACHE_HOME:-~/.cache}/stackbake} (a relative XDG value is ignored, as the XDG spec
 * says). Everything below it is disposable: deleting it only costs time.
 */
public record CacheDirs(Path root) {

    public static CacheDirs of(Map<String, String> env, Path home) {
        String xdg = env.get("XDG_CACHE_HOME");
        Path cache = xdg != null && !xdg.isBlank() && Path.of(xdg).isAbsolute() ? Path.of(xdg) : home.resolve(".cache");
        return new CacheDirs(cache.resolve("stackbake"));
    }

    public static CacheDirs fromSystem() {
        return of(System.getenv(), Path.of(System.getProperty("user.home")));
    }

    /** Downloaded and decompressed base images. */
    public Path bases() {
        return root.resolve("bases");
    }

    /** Synthetic test bases, made once. */
    public Path synthetic() {
        return root.resolve("synthetic");
    }

    /** Downloaded Debian packages the bootable synthetic base is made from, so a rebuild downloads nothing. */
    public Path debs() {
        return root.resolve("debs");
    }

    /** Overlays of builds in progress; a killed build's overlay is removed by the next run. */
    public Path work() {
        return root.resolve("work");
    }

    /** Small wrapper scripts the appliance's qemu is started through (see guest.ParentDeathHv). */
    public Path applianceWrappers() {
        return root.resolve("appliance");
    }

    /** SHA-256 of large files (bases) by path, size and mtime, so they are read once (image.DigestCache). */
    public Path digests() {
        return root.resolve("digests");
    }

    /** The marker that says KVM launches failed on this host since its last boot. */
    public Path kvmUnusableMarker() {
        return root.resolve("kvm-unusable");
    }
}
