package org.stackbake;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Stream;

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

    /**
     * The generation of the synthetic-base generators (guest.synthetic and its resources). Bump it
     * whenever what they write changes: a base cached under another generation is then made again
     * instead of silently standing in for the new one.
     */
    public static final int SYNTHETIC_GENERATION = 4;

    /** Synthetic test bases, made once. */
    public Path synthetic() {
        return root.resolve("synthetic");
    }

    /** The cached synthetic base of a flavor, named with the generators' generation. */
    public Path syntheticBase(String flavor) {
        return synthetic().resolve(flavor + ".g" + SYNTHETIC_GENERATION + ".qcow2");
    }

    /** Deletes the flavor's bases of other generations (a bootable one is a gigabyte); returns what it deleted. */
    public List<Path> sweepOlderSyntheticBases(String flavor) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote(flavor) + "(\\.g\\d+)?\\.qcow2");
        List<Path> deleted = new ArrayList<>();
        if (!Files.isDirectory(synthetic())) {
            return deleted;
        }
        try (Stream<Path> entries = Files.list(synthetic())) {
            for (Path entry : entries.toList()) {
                if (ours.matcher(entry.getFileName().toString()).matches() && !entry.equals(syntheticBase(flavor))
                        && Files.deleteIfExists(entry)) {
                    deleted.add(entry);
                }
            }
        }
        return deleted;
    }

    /** Downloaded Debian packages the bootable synthetic base is made from, so a rebuild downloads nothing. */
    public Path debs() {
        return root.resolve("debs");
    }

    /** Verified downloads (release tarballs of components with no RPM source), under their SHA-256. */
    public Path artifacts() {
        return root.resolve("artifacts");
    }

    /** Compressed copies of bases, one per base digest and compression, which outputs start from. */
    public Path packed() {
        return root.resolve("packed");
    }

    /** Overlays of builds in progress; a killed build's overlay is removed by the next run. */
    public Path work() {
        return root.resolve("work");
    }

    /** Small wrapper scripts the appliance's qemu is started through (see guest.ParentDeathHv). */
    public Path applianceWrappers() {
        return root.resolve("appliance");
    }

    /** SHA-256 of large files (bases) by path, size and mtime, so they are read once (files.DigestCache). */
    public Path digests() {
        return root.resolve("digests");
    }

    /** The marker that says KVM launches failed on this host since its last boot. */
    public Path kvmUnusableMarker() {
        return root.resolve("kvm-unusable");
    }
}
