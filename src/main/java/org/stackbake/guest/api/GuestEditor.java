package org.stackbake.guest.api;

import java.nio.file.Path;
import java.util.List;

/**
 * What a {@link GuestOp} may do to a mounted guest filesystem. Paths are absolute guest paths.
 * The libguestfs implementation lives in the guest package; tests may use a plain directory.
 */
public interface GuestEditor {

    /** True if anything (file, directory, symlink, even dangling) is at path. */
    boolean exists(String path);

    /** The paths (in their order) that {@link #exists}; a backend may ask for many in one round trip. */
    default java.util.List<String> existing(java.util.Collection<String> paths) {
        return paths.stream().filter(this::exists).toList();
    }

    String readText(String path);

    /** Writes a root-owned file with the given mode, replacing any previous content. */
    void writeText(String path, String content, int mode);

    /** Creates path and missing parents, root-owned, mode 0755. */
    void mkdirs(String path);

    /** Extracts a tar archive at the guest root, keeping numeric owners and modes from the archive. */
    void extractTar(Path tarFile);

    /** Creates or replaces a symbolic link. */
    void symlink(String target, String link);

    void remove(String path);

    /** Runs a guest binary with its arguments (no shell) and returns its standard output. */
    String run(List<String> argv);

    /**
     * Discards the blocks no file uses on every mounted filesystem (fstrim), so they read as zeros
     * and the conversion to the output does not copy them. Returns how many filesystems.
     */
    int discardUnusedBlocks();

    /** Runs a guest program like {@link #run} but returns a failure (non-zero exit, with its stderr) instead of throwing. */
    GuestRun tryRun(List<String> argv);
}
