package org.stackbake.guest;

import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;
import java.nio.charset.StandardCharsets;
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
    record Result(String root, GuestOs os, MountPlan plan, String undecided, boolean rootMounted) {
        static Result undecided(String why) {
            return new Result(null, null, null, why, false);
        }

        Result withRootMounted() {
            return new Result(root, os, plan, undecided, true);
        }
    }

    /**
     * A block device as blkid sees it, with the whole disk it is on ("" for md devices and LVs):
     * filesystem type ("unknown" when it has none), UUID and LABEL (empty when absent), and its size in
     * bytes when it is a partition (else 0, so whole disks and LVs are probed in their listed order).
     */
    record Filesystem(String device, String disk, String type, String uuid, String label, long size) {}

    private TargetedDetection() {}

    /**
     * Looks only at {@code filesystems} (e.g. one disk's). Candidates are mounted the way the session
     * will mount them ({@code readOnly}); with {@code keepRoot} a root that was probed last stays
     * mounted at / and {@link Result#rootMounted} says so, which saves unmounting and mounting it again.
     * Otherwise, and whenever nothing is decided, nothing stays mounted.
     */
    static Result detect(GuestFS g, Map<String, Filesystem> filesystems, boolean readOnly, boolean keepRoot)
            throws LibGuestFSException {
        List<Candidate> candidates = new ArrayList<>();
        Map<String, String> debianVersions = new HashMap<>();
        Set<String> mountedByARoot = new HashSet<>();
        String mounted = null;
        for (String device : largestFirst(filesystems)) {
            if (mountedByARoot.contains(device)) {
                continue;
            }
            if (mounted != null) {
                g.umount_all();
                mounted = null;
            }
            Candidate candidate = probe(g, device, readOnly, debianVersions);
            candidates.add(candidate);
            mounted = device; // or its mount failed, and unmounting all is harmless
            if (candidate.isRoot()) {
                // What this root's fstab mounts elsewhere (/boot, /var …) belongs to it and cannot be a
                // second root: not mounting it saves a mount and an unmount per filesystem.
                for (FstabEntry entry : GuestDetection.mountable(GuestDetection.parseFstab(candidate.fstab()))) {
                    if (!entry.mountpoint().equals("/")) {
                        resolve(entry.spec(), filesystems).ifPresent(mountedByARoot::add);
                    }
                }
            }
        }
        Result result = decide(filesystems, candidates, debianVersions);
        boolean rootStaysMounted = keepRoot && result.undecided() == null && result.root().equals(mounted);
        if (mounted != null && !rootStaysMounted) {
            g.umount_all();
        }
        return rootStaysMounted ? result.withRootMounted() : result;
    }

    private static Result decide(Map<String, Filesystem> filesystems, List<Candidate> candidates,
                                 Map<String, String> debianVersions) {
        Decision decision = GuestDetection.chooseRoot(candidates);
        if (decision.root() == null) {
            return Result.undecided(decision.undecided());
        }
        Candidate root = decision.root();
        Map<String, String> osRelease = GuestDetection.parseOsRelease(root.osRelease());
        Optional<GuestOs> os = GuestDetection.guestOs(osRelease,
                debianVersions.get(root.device()));
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
            Optional<String> device = resolve(entry.spec(), filesystems);
            if (device.isEmpty()) {
                return Result.undecided(root.device() + ": fstab's " + entry.spec() + " (" + entry.mountpoint()
                        + ") is on none of the disk's filesystems");
            }
            byMountpoint.put(entry.mountpoint(), device.get());
        }
        if (!root.device().equals(byMountpoint.get("/"))) {
            return Result.undecided("fstab on " + root.device() + " mounts " + byMountpoint.get("/") + " as /");
        }
        return new Result(root.device(), os.get(), MountPlan.of(byMountpoint), null, false);
    }

    /** The filesystems that could be a root, largest first: the root usually is, and is then probed first. */
    private static List<String> largestFirst(Map<String, Filesystem> filesystems) {
        return filesystems.values().stream().filter(fs -> GuestDetection.ROOT_TYPES.contains(fs.type()))
                .sorted(Comparator.comparingLong(Filesystem::size).reversed()).map(Filesystem::device).toList();
    }

    /**
     * Every partition (a whole disk only when it has none), LVs when a partition is an LVM PV, and md
     * devices, each with one blkid call. list_filesystems would do, but it takes ~18 s under TCG here;
     * asking vfs_type, vfs_uuid and blockdev_getsize64 apart costs a program start in the appliance each.
     */
    static Map<String, Filesystem> filesystems(GuestFS g, List<String> disks) throws LibGuestFSException {
        List<String> partitions = List.of(g.list_partitions());
        Map<String, String> devices = new LinkedHashMap<>(); // device → its whole disk
        for (String disk : disks) {
            List<String> own = partitions.stream().filter(p -> p.startsWith(disk) && p.substring(disk.length())
                    .matches("\\d+")).toList();
            (own.isEmpty() ? List.of(disk) : own).forEach(device -> devices.put(device, disk));
        }
        // md devices and LVs span disks: they belong to none.
        for (String md : g.list_md_devices()) {
            devices.put(md, "");
        }
        Map<String, Filesystem> found = new LinkedHashMap<>();
        devices.forEach((device, disk) -> found.put(device, blkid(g, device, disk)));
        if (found.values().stream().anyMatch(fs -> fs.type().equals("LVM2_member"))) {
            for (String lv : g.lvs()) {
                found.put(lv, blkid(g, lv, ""));
            }
        }
        return found;
    }

    /** blkid fails on a device with no signature (a BIOS boot partition): that is type "unknown". */
    static Filesystem blkid(GuestFS g, String device, String disk) {
        Map<String, String> tags;
        try {
            tags = g.blkid(device);
        } catch (LibGuestFSException e) {
            tags = Map.of();
        }
        String sectors = tags.getOrDefault("PART_ENTRY_SIZE", "");
        return new Filesystem(device, disk, tags.getOrDefault("TYPE", "unknown"), tags.getOrDefault("UUID", ""),
                tags.getOrDefault("LABEL", ""), sectors.matches("\\d+") ? Long.parseLong(sectors) * 512 : 0);
    }

    /**
     * Mounts the filesystem at / and reads the two files (and a Debian root's /etc/debian_version, whose
     * minor libguestfs prefers). The caller unmounts; an unmountable filesystem (dirty log, unsupported
     * features) is no root we can use, though the full inspection may still.
     */
    private static Candidate probe(GuestFS g, String device, boolean readOnly, Map<String, String> debianVersions) {
        try {
            if (readOnly) {
                g.mount_ro(device, "/");
            } else {
                g.mount(device, "/");
            }
        } catch (LibGuestFSException e) {
            return new Candidate(device, null, null);
        }
        Candidate candidate = new Candidate(device, readIfFile(g, "/etc/os-release"), readIfFile(g, "/etc/fstab"));
        if (candidate.osRelease() != null
                && "debian".equals(GuestDetection.parseOsRelease(candidate.osRelease()).get("ID"))) {
            debianVersions.put(device, readIfFile(g, "/etc/debian_version"));
        }
        return candidate;
    }

    /**
     * The file's text, or null when absent. /etc/os-release is a symlink to ../usr/lib/os-release: realpath
     * resolves it inside the guest (is_file and cat alone do not follow it there).
     */
    private static String readIfFile(GuestFS g, String path) {
        try {
            String real = g.realpath(path);
            return g.is_file(real) ? new String(GuestFiles.read(g, real), StandardCharsets.UTF_8) : null;
        } catch (LibGuestFSException | java.io.IOException e) {
            return null;
        }
    }

    /**
     * UUID=/LABEL= compared with each filesystem's own, so a copy of the disk on
     * another drive is never picked.
     */
    private static Optional<String> resolve(String spec, Map<String, Filesystem> filesystems) {
        for (Filesystem fs : filesystems.values()) {
            String device = fs.device();
            if (spec.equals(device) || device.equals(canonical(spec))) {
                return Optional.of(device);
            }
            if (spec.startsWith("UUID=") && !fs.uuid().isEmpty() && spec.substring(5).equalsIgnoreCase(fs.uuid())
                    || spec.startsWith("LABEL=") && !fs.label().isEmpty() && spec.substring(6).equals(fs.label())) {
                return Optional.of(device);
            }
        }
        return Optional.empty();
    }

    /** The guest's /dev/vda2 or /dev/hda2 is the appliance's /dev/sda2 when the disk is the first. */
    private static String canonical(String spec) {
        return spec.replaceFirst("^/dev/(?:vd|hd|xvd)([a-z]+\\d*)$", "/dev/sd$1");
    }

}
