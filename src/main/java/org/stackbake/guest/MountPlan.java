package org.stackbake.guest;

import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stackbake.guest.api.MountScope;

/** Where each of a guest's filesystems goes, mounted shortest mount point first so /boot lands on top of /. */
record MountPlan(List<Map.Entry<String, String>> mounts) {

    /** From mount point → device, as inspect_get_mountpoints returns it. */
    static MountPlan of(Map<String, String> byMountpoint) {
        return new MountPlan(byMountpoint.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(e -> e.getKey().length())).toList());
    }

    /**
     * The same layout on another disk holding the same bytes: /dev/sda4 becomes /dev/sdc4. Empty when a
     * device is not a plain partition of {@code fromDisk} (an LV or md device cannot be told apart).
     */
    Optional<MountPlan> movedTo(String fromDisk, String toDisk) {
        List<Map.Entry<String, String>> moved = new ArrayList<>();
        for (Map.Entry<String, String> mount : mounts) {
            String device = mount.getValue();
            String number = device.startsWith(fromDisk) ? device.substring(fromDisk.length()) : "";
            if (!number.matches("\\d+")) {
                return Optional.empty();
            }
            moved.add(Map.entry(mount.getKey(), toDisk + number));
        }
        return Optional.of(new MountPlan(moved));
    }

    /** The device mounted at /. */
    String root() {
        return mounts.stream().filter(m -> m.getKey().equals("/")).map(Map.Entry::getValue).findFirst().orElse(null);
    }

    /** Only the mounts in scope (/ always is). */
    MountPlan within(MountScope scope) {
        return new MountPlan(mounts.stream().filter(m -> scope.includes(m.getKey())).toList());
    }

    void mount(GuestFS g, boolean readOnly) throws LibGuestFSException {
        mount(g, readOnly, false);
    }

    /** With rootMounted, / is already mounted (by the detection) and only what goes on it is mounted. */
    void mount(GuestFS g, boolean readOnly, boolean rootMounted) throws LibGuestFSException {
        for (Map.Entry<String, String> mount : mounts) {
            if (rootMounted && mount.getKey().equals("/")) {
                continue;
            }
            if (readOnly) {
                g.mount_ro(mount.getValue(), mount.getKey());
            } else {
                g.mount(mount.getValue(), mount.getKey());
            }
        }
    }
}
