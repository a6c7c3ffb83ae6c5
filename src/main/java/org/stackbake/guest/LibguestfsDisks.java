package org.stackbake.guest;

import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.GuestDisk;
import org.stackbake.guest.api.GuestDisks;
import org.stackbake.guest.api.GuestOs;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.MountScope;

/**
 * Several overlays on one appliance. The disks are usually copies of one base, so their
 * filesystems share UUIDs and labels: an fstab entry {@code UUID=…} can resolve to any disk's
 * partition, and two XFS filesystems with one UUID cannot be mounted together. Hence one disk
 * mounted at a time, and every mount point moved onto the partition of the same number on the
 * root's own disk.
 */
final class LibguestfsDisks implements GuestDisks {
    private final GuestFS g;
    private final List<Path> disks;
    private final List<String> devices;
    private final String accelerator;
    private final boolean readOnly;
    private final List<Root> roots = new ArrayList<>();
    private LibguestfsSession current;
    /** The root device the detection left mounted at / (in this handle's mode), or null. */
    private String mountedRoot;

    /** Whether inspect_os has run on the handle: by the fallback here, or by a session listing packages. */
    private final AtomicBoolean inspected = new AtomicBoolean();
    /** How long launching and detecting took, for the progress line. */
    private String timings = "";

    /** A disk's root device (with its guest and mounts when the targeted detection found them), or why it has none. */
    private record Root(String device, GuestOs os, MountPlan plan, StackbakeException refused) {}

    private LibguestfsDisks(GuestFS g, List<Path> disks, List<String> devices, String accelerator, boolean readOnly) {
        this.readOnly = readOnly;
        this.g = g;
        this.disks = List.copyOf(disks);
        this.devices = devices;
        this.accelerator = accelerator;
    }

    static LibguestfsDisks open(ApplianceLauncher launcher, List<GuestDisk> given, String format, boolean readOnly,
                                Accel accel, boolean network) {
        List<Path> disks = given.stream().map(GuestDisk::path).toList();
        long start = System.nanoTime();
        ApplianceLauncher.Appliance appliance = launcher.launch(accel, handle -> {
            handle.set_network(network);
            for (Path disk : disks) {
                Map<String, Object> drive = new HashMap<>();
                drive.put("format", format);
                drive.put("readonly", readOnly);
                if (!readOnly) {
                    drive.put("discard", "besteffort"); // lets fstrim (discardUnusedBlocks) reach the overlays
                }
                handle.add_drive_opts(disk.toString(), drive);
            }
        });
        long launched = System.nanoTime();
        GuestFS g = appliance.g();
        try {
            List<String> devices = Arrays.asList(g.list_devices());
            LibguestfsDisks opened = new LibguestfsDisks(g, disks, devices, appliance.accelerator(), readOnly);
            String undecided = opened.detectRoots(given.stream().map(GuestDisk::sameBytesAs).toList());
            if (undecided != null) {
                launcher.note("targeted guest detection could not decide (" + undecided
                        + "); falling back to libguestfs's full inspection");
                opened.roots.clear();
                opened.findRoots();
                opened.inspected.set(true);
            }
            opened.timings = "launch " + LibguestfsSession.seconds(launched - start) + ", detect "
                    + LibguestfsSession.seconds(System.nanoTime() - launched);
            return opened;
        } catch (LibGuestFSException | RuntimeException e) {
            ApplianceLauncher.closeQuietly(g);
            throw e instanceof StackbakeException se ? se : StackbakeException.failure("cannot inspect "
                    + disks.size() + " disks: " + e.getMessage(), ApplianceLauncher.DEBUG_HINT, e);
        }
    }

    /**
     * The targeted detection on each disk's own filesystems, except that a disk holding the same bytes as
     * an earlier one takes that disk's findings moved onto its own partitions. The first disk it cannot
     * decide says why.
     */
    private String detectRoots(List<String> sameBytesAs) throws LibGuestFSException {
        Map<String, Integer> detectedFor = new HashMap<>();
        List<String> toDetect = new ArrayList<>();
        for (int i = 0; i < disks.size(); i++) {
            if (sameBytesAs.get(i) == null || detectedFor.putIfAbsent(sameBytesAs.get(i), i) == null) {
                toDetect.add(devices.get(i));
            }
        }
        detectedFor.clear();
        // blkid costs a program start per partition: only the disks that are detected are asked.
        Map<String, TargetedDetection.Filesystem> all = TargetedDetection.filesystems(g, toDetect);
        for (int i = 0; i < disks.size(); i++) {
            Integer twin = sameBytesAs.get(i) == null ? null : detectedFor.get(sameBytesAs.get(i));
            Optional<Root> moved = twin == null ? Optional.empty() : onOtherDisk(roots.get(twin), twin, i);
            if (moved.isPresent()) {
                roots.add(moved.get());
                continue;
            }
            String device = devices.get(i);
            // A twin whose findings could not be moved was not asked above.
            Map<String, TargetedDetection.Filesystem> known = toDetect.contains(device) ? all
                    : TargetedDetection.filesystems(g, List.of(device));
            Map<String, TargetedDetection.Filesystem> onThisDisk = new LinkedHashMap<>();
            known.values().stream().filter(fs -> fs.disk().equals(device)).forEach(fs -> onThisDisk.put(fs.device(), fs));
            unmountDetected();
            TargetedDetection.Result found = TargetedDetection.detect(g, onThisDisk, readOnly, true);
            if (found.undecided() != null) {
                return disks.get(i) + ": " + found.undecided();
            }
            mountedRoot = found.rootMounted() ? found.root() : null;
            roots.add(new Root(found.root(), found.os(), found.plan(), null));
            if (sameBytesAs.get(i) != null) {
                detectedFor.putIfAbsent(sameBytesAs.get(i), i);
            }
        }
        return null;
    }

    /** The last detection left its root mounted, for select to use; anything else unmounts it first. */
    private void unmountDetected() throws LibGuestFSException {
        if (mountedRoot != null) {
            g.umount_all();
            mountedRoot = null;
        }
    }

    /** A root found on disk {@code from}, moved to disk {@code to}; empty unless all its devices are plain partitions. */
    private Optional<Root> onOtherDisk(Root root, int from, int to) {
        return root.plan().movedTo(devices.get(from), devices.get(to))
                .map(plan -> new Root(plan.root(), root.os(), plan, null));
    }

    private void findRoots() throws LibGuestFSException {
        List<List<String>> byDisk = new ArrayList<>();
        devices.forEach(d -> byDisk.add(new ArrayList<>()));
        for (String root : g.inspect_os()) {
            int disk = devices.indexOf(diskOf(root));
            if (disk >= 0) {
                byDisk.get(disk).add(root);
            }
        }
        for (int i = 0; i < disks.size(); i++) {
            List<String> found = byDisk.get(i);
            if (found.size() == 1) {
                roots.add(new Root(found.get(0), null, null, null));
            } else if (found.isEmpty()) {
                roots.add(new Root(null, null, null, StackbakeException.invalidInput(disks.get(i)
                        + ": no operating system found in the image",
                        "the base must be a RHEL-family cloud image (Rocky, AlmaLinux, CentOS Stream, RHEL)")));
            } else {
                roots.add(new Root(null, null, null, StackbakeException.invalidInput(disks.get(i) + ": " + found.size()
                        + " operating systems found", "the base must hold exactly one OS")));
            }
        }
    }

    /** The whole device a partition is on, or the device itself when it is not a partition. */
    private String diskOf(String device) {
        try {
            return g.part_to_dev(device);
        } catch (LibGuestFSException e) {
            return device;
        }
    }

    @Override
    public int count() {
        return disks.size();
    }

    @Override
    public GuestSession select(int index, MountScope scope) {
        Root root = roots.get(index);
        if (root.refused() != null) {
            throw root.refused();
        }
        if (current != null) {
            current.close();
            current = null;
        }
        String rootDevice = root.device();
        try {
            boolean rootMounted = rootDevice != null && rootDevice.equals(mountedRoot) && root.plan() != null;
            mountedRoot = null;
            if (!rootMounted) {
                g.umount_all();
            }
            if (root.plan() != null) {
                MountPlan plan = root.plan().within(scope);
                plan.mount(g, readOnly, rootMounted);
                current = new LibguestfsSession(g, root.os(), accelerator, rootDevice, plan, readOnly, false,
                        inspected, "");
                return current;
            }
            String rootDisk = diskOf(rootDevice);
            Map<String, String> mounts = g.inspect_get_mountpoints(rootDevice);
            Map<String, String> onRootDisk = new LinkedHashMap<>();
            for (Map.Entry<String, String> mount : mounts.entrySet()) {
                onRootDisk.put(mount.getKey(), onDisk(mount.getValue(), rootDisk));
            }
            MountPlan plan = MountPlan.of(onRootDisk).within(scope);
            plan.mount(g, readOnly);
            current = new LibguestfsSession(g, LibguestfsSession.guestOs(g, rootDevice), accelerator, rootDevice, plan,
                    readOnly, false, inspected, "");
            return current;
        } catch (LibGuestFSException e) {
            throw StackbakeException.failure("cannot mount " + disks.get(index) + ": " + e.getMessage(),
                    ApplianceLauncher.DEBUG_HINT, e);
        }
    }

    /** The same partition number on rootDisk; filesystems not on a plain partition cannot be told apart. */
    private String onDisk(String device, String rootDisk) throws LibGuestFSException {
        String disk = diskOf(device);
        if (disk.equals(rootDisk)) {
            return device;
        }
        if (!devices.contains(disk)) {
            throw StackbakeException.invalidInput("the base mounts " + device + ", which is not a plain partition;"
                    + " several images of such a base cannot share one appliance",
                    "build these images one at a time (one definition per stackbake build)");
        }
        return rootDisk + g.part_to_partnum(device);
    }

    @Override
    public String openTimings() {
        return timings;
    }

    @Override
    public String accelerator() {
        return accelerator;
    }

    @Override
    public void close() {
        try {
            g.shutdown();
        } catch (LibGuestFSException e) {
            throw StackbakeException.failure("the appliance failed to write back changes: " + e.getMessage(),
                    ApplianceLauncher.DEBUG_HINT, e);
        } finally {
            ApplianceLauncher.closeQuietly(g);
        }
    }
}
