package org.stackbake.guest.api;

import java.util.List;

/**
 * One launched appliance with the guest's filesystems mounted. Closing it syncs and shuts the
 * appliance down; for a writable session that is when the overlay holds every change.
 */
public interface GuestSession extends GuestEditor, AutoCloseable {

    GuestOs os();

    /** Installed packages as name-version-release.arch, from the guest's rpm database. */
    List<String> installedPackages();

    /**
     * Every installed package, one per line in rpm's {@code queryFormat}, as an rpm reading the guest's
     * database prints them; empty when no rpm can read it (the caller falls back to {@link #installedPackages}).
     */
    java.util.Optional<String> queryRpm(String queryFormat);

    FileStat stat(String path);

    String readlink(String path);

    byte[] readBytes(String path);

    /** The SHA-256 of a guest file, computed in the appliance (no transfer of the content). */
    String sha256(String path);

    /** The security.selinux label of path (not following symlinks), or empty when it has none. */
    java.util.Optional<String> selinuxLabel(String path);

    /** Runs a guest program like {@link #run} but returns a failure (non-zero exit) instead of throwing. */
    GuestRun tryRun(List<String> argv);

    /** Which accelerator the appliance ended up using ("kvm" or "tcg"). */
    String accelerator();

    /** How long opening took, e.g. "launch 21.3 s, detect 1.2 s"; empty when this session did not launch. */
    default String openTimings() {
        return "";
    }

    @Override
    void close();
}
