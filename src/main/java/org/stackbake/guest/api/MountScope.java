package org.stackbake.guest.api;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * Which of a guest's filesystems a session mounts: all of them, or / and those that hold or lie
 * under the given directories. A build that edits only /etc, /usr and /var need not mount /boot or
 * /boot/efi: each mount is a program start in the appliance, and a filesystem never mounted is
 * never written.
 */
public record MountScope(Set<String> directories) {
    public static final MountScope ALL = new MountScope(null);

    public MountScope {
        directories = directories == null ? null : Set.copyOf(new TreeSet<>(directories));
    }

    public static MountScope holding(List<String> directories) {
        return new MountScope(Set.copyOf(directories));
    }

    /** Whether the filesystem mounted at {@code mountpoint} is mounted in this scope. */
    public boolean includes(String mountpoint) {
        if (directories == null || mountpoint.equals("/")) {
            return true;
        }
        return directories.stream().anyMatch(d -> d.equals(mountpoint) || d.startsWith(mountpoint + "/")
                || mountpoint.startsWith(d + "/"));
    }
}
