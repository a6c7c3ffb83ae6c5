package org.stackbake.guest;

import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.GuestDisks;
import org.stackbake.guest.api.GuestSession;

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

    /** A disk's root filesystem device, or why it has none. */
    private record Root(String device, StackbakeException refused) {}

    private LibguestfsDisks(GuestFS g, List<Path> disks, List<String> devices, String accelerator, boolean readOnly) {
        this.readOnly = readOnly;
        this.g = g;
        this.disks = List.copyOf(disks);
        this.devices = devices;
        this.accelerator = accelerator;
    }

    static LibguestfsDisks open(ApplianceLauncher launcher, List<Path> disks, String format, boolean readOnly,
                                Accel accel, boolean network) {
        ApplianceLauncher.Appliance appliance = launcher.launch(accel, handle -> {
            handle.set_network(network);
            for (Path disk : disks) {
                Map<String, Object> drive = new HashMap<>();
                drive.put("format", format);
                drive.put("readonly", readOnly);
                handle.add_drive_opts(disk.toString(), drive);
            }
        });
        GuestFS g = appliance.g();
        try {
            List<String> devices = Arrays.asList(g.list_devices());
            LibguestfsDisks opened = new LibguestfsDisks(g, disks, devices, appliance.accelerator(), readOnly);
            opened.findRoots();
            return opened;
        } catch (LibGuestFSException | RuntimeException e) {
            ApplianceLauncher.closeQuietly(g);
            throw e instanceof StackbakeException se ? se : StackbakeException.failure("cannot inspect "
                    + disks.size() + " disks: " + e.getMessage(), ApplianceLauncher.DEBUG_HINT, e);
        }
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
                roots.add(new Root(found.get(0), null));
            } else if (found.isEmpty()) {
                roots.add(new Root(null, StackbakeException.invalidInput(disks.get(i) + ": no operating system found"
                        + " in the image", "the base must be a RHEL-family cloud image (Rocky, AlmaLinux, CentOS Stream, RHEL)")));
            } else {
                roots.add(new Root(null, StackbakeException.invalidInput(disks.get(i) + ": " + found.size()
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
    public GuestSession select(int index) {
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
            g.umount_all();
            String rootDisk = diskOf(rootDevice);
            Map<String, String> mounts = g.inspect_get_mountpoints(rootDevice);
            List<Map.Entry<String, String>> ordered = mounts.entrySet().stream()
                    .sorted(Comparator.comparingInt(e -> e.getKey().length())).toList();
            for (Map.Entry<String, String> mount : ordered) {
                String device = onDisk(mount.getValue(), rootDisk);
                if (readOnly) {
                    g.mount_ro(device, mount.getKey());
                } else {
                    g.mount(device, mount.getKey());
                }
            }
            current = new LibguestfsSession(g, LibguestfsSession.guestOs(g, rootDevice), accelerator, rootDevice, false);
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
