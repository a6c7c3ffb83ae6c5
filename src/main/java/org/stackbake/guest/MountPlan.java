package org.stackbake.guest;

import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/** Where each of a guest's filesystems goes, mounted shortest mount point first so /boot lands on top of /. */
record MountPlan(List<Map.Entry<String, String>> mounts) {

    /** From mount point → device, as inspect_get_mountpoints returns it. */
    static MountPlan of(Map<String, String> byMountpoint) {
        return new MountPlan(byMountpoint.entrySet().stream().map(e -> Map.entry(e.getKey(), e.getValue()))
                .sorted(Comparator.comparingInt(e -> e.getKey().length())).toList());
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
