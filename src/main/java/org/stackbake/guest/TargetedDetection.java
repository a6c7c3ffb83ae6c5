package org.stackbake.guest;

import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stackbake.guest.GuestDetection.Candidate;
import org.stackbake.guest.GuestDetection.Decision;
import org.stackbake.guest.GuestDetection.FstabEntry;
import org.stackbake.guest.api.GuestOs;

/**
 * Finds a guest's root without libguestfs's full inspection, which mounts and probes every filesystem
 * for every OS it knows: mount each xfs/ext4/btrfs filesystem read-only in turn, the one holding
 * /etc/os-release and /etc/fstab is the root, and its fstab says what to mount where.
 */
final class TargetedDetection {

    /** The root device, the guest it holds and where its filesystems go; or why none was decided. */
    record Result(String root, GuestOs os, MountPlan plan, String undecided) {
        static Result undecided(String why) {
            return new Result(null, null, null, why);
        }
    }

    private TargetedDetection() {}

    /** Looks only at {@code filesystems} (device → type, as list_filesystems gives), e.g. one disk's. */
    static Result detect(GuestFS g, Map<String, String> filesystems) throws LibGuestFSException {
        Map<String, String> ids = new HashMap<>();
        List<Candidate> candidates = new ArrayList<>();
        Set<String> mountedByARoot = new HashSet<>();
        for (String device : largestFirst(g, filesystems)) {
            if (mountedByARoot.contains(device)) {
                continue;
            }
            Candidate candidate = probe(g, device);
            candidates.add(candidate);
            if (candidate.isRoot()) {
                // What this root's fstab mounts elsewhere (/boot, /var …) belongs to it and cannot be a
                // second root: not mounting it saves a mount and an unmount per filesystem.
                for (FstabEntry entry : GuestDetection.mountable(GuestDetection.parseFstab(candidate.fstab()))) {
                    if (!entry.mountpoint().equals("/")) {
                        resolve(g, entry.spec(), filesystems, ids).ifPresent(mountedByARoot::add);
                    }
                }
            }
        }
        Decision decision = GuestDetection.chooseRoot(candidates);
        if (decision.root() == null) {
            return Result.undecided(decision.undecided());
        }
        Candidate root = decision.root();
        Map<String, String> osRelease = GuestDetection.parseOsRelease(root.osRelease());
        Optional<GuestOs> os = GuestDetection.guestOs(osRelease,
                "debian".equals(osRelease.get("ID")) ? debianVersion(g, root.device()) : null);
        if (os.isEmpty()) {
            return Result.undecided(root.device() + ": /etc/os-release has no ID or numeric VERSION_ID");
        }
        List<FstabEntry> entries = GuestDetection.parseFstab(root.fstab());
        Optional<String> unmountable = GuestDetection.unmountable(entries);
        if (unmountable.isPresent()) {
            return Result.undecided(root.device() + ": " + unmountable.get());
        }
        Map<String, String> byMountpoint = new LinkedHashMap<>();
        for (FstabEntry entry : GuestDetection.mountable(entries)) {
            Optional<String> device = resolve(g, entry.spec(), filesystems, ids);
            if (device.isEmpty()) {
                return Result.undecided(root.device() + ": fstab's " + entry.spec() + " (" + entry.mountpoint()
                        + ") is on none of the disk's filesystems");
            }
            byMountpoint.put(entry.mountpoint(), device.get());
        }
        if (!root.device().equals(byMountpoint.get("/"))) {
            return Result.undecided("fstab on " + root.device() + " mounts " + byMountpoint.get("/") + " as /");
        }
        return new Result(root.device(), os.get(), MountPlan.of(byMountpoint), null);
    }

    /** The filesystems that could be a root, largest first: the root usually is, and is then probed first. */
    private static List<String> largestFirst(GuestFS g, Map<String, String> filesystems) {
        Map<String, Long> sizes = new HashMap<>();
        List<String> devices = new ArrayList<>();
        for (Map.Entry<String, String> fs : filesystems.entrySet()) {
            if (GuestDetection.ROOT_TYPES.contains(fs.getValue())) {
                devices.add(fs.getKey());
                String size = quietly(() -> Long.toString(g.blockdev_getsize64(fs.getKey())));
                sizes.put(fs.getKey(), size.isEmpty() ? 0L : Long.parseLong(size));
            }
        }
        devices.sort(Comparator.comparing((String d) -> sizes.get(d)).reversed());
        return devices;
    }

    /**
     * Device → filesystem type of every partition (a whole disk only when it has none), of LVs when a
     * partition is an LVM PV, and of md devices. list_filesystems would do, but it takes ~18 s under TCG
     * here against ~1 s for this.
     */
    static Map<String, String> filesystems(GuestFS g) throws LibGuestFSException {
        List<String> partitions = List.of(g.list_partitions());
        List<String> devices = new ArrayList<>();
        for (String disk : g.list_devices()) {
            if (partitions.stream().noneMatch(p -> p.startsWith(disk))) {
                devices.add(disk);
            }
        }
        devices.addAll(partitions);
        devices.addAll(List.of(g.list_md_devices()));
        Map<String, String> types = new LinkedHashMap<>();
        for (String device : devices) {
            types.put(device, typeOf(g, device));
        }
        if (types.containsValue("LVM2_member")) {
            for (String lv : g.lvs()) {
                types.put(lv, typeOf(g, lv));
            }
        }
        return types;
    }

    private static String typeOf(GuestFS g, String device) {
        String type = quietly(() -> g.vfs_type(device));
        return type.isEmpty() ? "unknown" : type;
    }

    /** Mounts the filesystem read-only at / just long enough to read the two files. */
    private static Candidate probe(GuestFS g, String device) throws LibGuestFSException {
        try {
            g.mount_ro(device, "/");
        } catch (LibGuestFSException e) {
            // Unmountable (dirty log, unsupported features): not a root we can use; inspection may still.
            return new Candidate(device, null, null);
        }
        try {
            return new Candidate(device, readIfFile(g, "/etc/os-release"), readIfFile(g, "/etc/fstab"));
        } finally {
            g.umount_all();
        }
    }

    /**
     * The file's text, or null when absent. /etc/os-release is a symlink to ../usr/lib/os-release: realpath
     * resolves it inside the guest (is_file and cat alone do not follow it there).
     */
    private static String readIfFile(GuestFS g, String path) {
        try {
            String real = g.realpath(path);
            return g.is_file(real) ? g.cat(real) : null;
        } catch (LibGuestFSException e) {
            return null;
        }
    }

    /** libguestfs prefers /etc/debian_version's minor, so a Debian root is mounted once more to read it. */
    private static String debianVersion(GuestFS g, String root) throws LibGuestFSException {
        g.mount_ro(root, "/");
        try {
            return readIfFile(g, "/etc/debian_version");
        } finally {
            g.umount_all();
        }
    }

    /**
     * UUID=/LABEL= compared with each filesystem's own (looked up once each), so a copy of the disk on
     * another drive is never picked.
     */
    private static Optional<String> resolve(GuestFS g, String spec, Map<String, String> filesystems,
                                            Map<String, String> ids) {
        for (Map.Entry<String, String> fs : filesystems.entrySet()) {
            String device = fs.getKey();
            if (spec.equals(device) || device.equals(canonical(spec))) {
                return Optional.of(device);
            }
            if (fs.getValue().equals("unknown")) {
                continue;
            }
            if (spec.startsWith("UUID=") && spec.substring(5).equalsIgnoreCase(
                    ids.computeIfAbsent("UUID=" + device, k -> quietly(() -> g.vfs_uuid(device))))
                    || spec.startsWith("LABEL=") && spec.substring(6).equals(
                    ids.computeIfAbsent("LABEL=" + device, k -> quietly(() -> g.vfs_label(device))))) {
                return Optional.of(device);
            }
        }
        return Optional.empty();
    }

    /** The guest's /dev/vda2 or /dev/hda2 is the appliance's /dev/sda2 when the disk is the first. */
    private static String canonical(String spec) {
        return spec.replaceFirst("^/dev/(?:vd|hd|xvd)([a-z]+\\d*)$", "/dev/sd$1");
    }

    private interface Lookup {
        String get() throws LibGuestFSException;
    }

    private static String quietly(Lookup lookup) {
        try {
            return lookup.get();
        } catch (LibGuestFSException e) {
            return "";
        }
    }
}
