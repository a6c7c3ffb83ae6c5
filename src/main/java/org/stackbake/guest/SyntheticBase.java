package org.stackbake.guest;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.IntStream;

import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;

import org.stackbake.CacheDirs;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.AccelMemory;
import org.stackbake.guest.synthetic.BootableUserland;
import org.stackbake.guest.synthetic.Distro;
import org.stackbake.guest.synthetic.ElGeneration;
import org.stackbake.guest.synthetic.Gpt;
import org.stackbake.guest.synthetic.GuestTree;
import org.stackbake.guest.synthetic.RootTree;
import org.stackbake.guest.synthetic.RpmDatabase;
import org.stackbake.files.AtomicFiles;
import org.stackbake.files.FileTrees;
import org.stackbake.files.ProcessRunner;
import org.stackbake.files.ShutdownHook;
import org.stackbake.image.OutputCompression;
import org.stackbake.image.QemuImg;

/**
 * Makes a synthetic test base that imitates a cloud image (Rocky Linux 9 GenericCloud by default) closely enough
 * for libguestfs inspection and for stackbake's guest operations. No real Rocky or CentOS image can be fetched
 * where the tests run, so the image says what it is in {@link RootTree#MARKER}. One appliance launch: partition,
 * format, then the whole root tree (built on the host beforehand) goes in with a single {@code tar_in}.
 * The bootable flavors' root is a real Debian userland of their {@link ElGeneration} ({@link BootableUserland}), and
 * the same launch installs its GRUB on the disk, so qemu boots it with no {@code -kernel}.
 */
public final class SyntheticBase {

    public enum Flavor {
        ROCKY_9(Distro.ROCKY_9, null),
        CENTOS_STREAM_9(Distro.CENTOS_STREAM_9, null),
        DEBIAN_12(Distro.DEBIAN_12, null),
        /** Boots under qemu from its own disk: a Debian 12 userland disguised as Rocky 9 (needs root to make). */
        ROCKY_9_BOOTABLE(Distro.ROCKY_9, ElGeneration.EL9),
        /** The same generator's EL10 generation: a Debian 13 userland disguised as Rocky 10. */
        ROCKY_10_BOOTABLE(Distro.ROCKY_10, ElGeneration.EL10);

        private final Distro distro;
        /** The bootable flavors' generation; null for the others. */
        private final ElGeneration generation;
        private final boolean bootable;

        Flavor(Distro distro, ElGeneration generation) {
            this.distro = distro;
            this.generation = generation;
            this.bootable = generation != null;
        }

        /** "rocky-9", "centos-stream-9", "debian-12", "rocky-9-bootable", "rocky-10-bootable". */
        public String id() {
            return distro.id() + (bootable ? "-bootable" : "");
        }

        /** Virtual size; qcow2 is sparse. The bootable base holds ~1 GB of userland and room for the servers' data. */
        public long virtualSize() {
            return bootable ? 6L << 30 : VIRTUAL_SIZE;
        }

        public static Optional<Flavor> byId(String id) {
            return Arrays.stream(values()).filter(f -> f.id().equals(id)).findFirst();
        }
    }

    /** Virtual size of the non-bootable flavors; qcow2 is sparse, so the file itself is about 13 MiB. */
    public static final long VIRTUAL_SIZE = 3L << 30;

    private static final String DISK = "/dev/sda";
    private static final long SECTORS_PER_MIB = (1 << 20) / Gpt.SECTOR;
    private static final String BIOS_BOOT = "21686148-6449-6E6F-744E-656564454649";
    private static final String EFI_SYSTEM = "C12A7328-F81F-11D2-BA4B-00A0C93EC93B";
    private static final String LINUX_DATA = "0FC63DAF-8483-4772-8E79-3D69D8477DE4";

    /** One GPT partition; sizeMiB 0 means "the rest of the disk"; no file system (all nulls) for biosboot. */
    private record Part(long sizeMiB, String gptType, String fsType, String mountpoint, String fstabOptions) {
    }

    /** Rocky 9 GenericCloud's layout (CentOS Stream 9 shares it); Debian's cloud image has no /boot partition. */
    private static List<Part> layout(Distro distro) {
        Part biosBoot = new Part(1, BIOS_BOOT, null, null, null);
        Part efi = new Part(100, EFI_SYSTEM, "vfat", "/boot/efi", "defaults,uid=0,gid=0,umask=077,shortname=winnt 0 2");
        if (!distro.redHat()) {
            return List.of(biosBoot, efi, new Part(0, LINUX_DATA, "ext4", "/", "rw,discard,errors=remount-ro 0 1"));
        }
        return List.of(biosBoot, efi, new Part(1024, LINUX_DATA, "xfs", "/boot", "defaults 0 0"),
                new Part(0, LINUX_DATA, "xfs", "/", "defaults 0 0"));
    }

    private SyntheticBase() {
    }

    /** Files a caller adds to a flavor's root tree, e.g. real host programs for tests that run them in the guest. */
    @FunctionalInterface
    public interface Extras {
        Extras NONE = tree -> { };

        void addTo(GuestTree tree) throws IOException;
    }

    /**
     * Creates the image at {@code target} (qcow2, written to a temp file beside it then atomically renamed). Another
     * process making the same target at the same time is waited for (a lock file beside it), not duplicated.
     */
    public static void create(Flavor flavor, Path target) throws IOException {
        create(flavor, target, Extras.NONE);
    }

    /** As {@link #create(Flavor, Path)}, with extra files in the root tree (not for the bootable flavor). */
    public static void create(Flavor flavor, Path target, Extras extras) throws IOException {
        create(flavor, target, extras, new ApplianceLauncher(AccelMemory.atDefaultLocation(), line -> { }), Accel.AUTO);
    }

    /** As {@link #create(Flavor, Path, Extras)}, launching through {@code launcher} with {@code accel}. */
    static void create(Flavor flavor, Path target, Extras extras, ApplianceLauncher launcher, Accel accel)
            throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path lockFile = dir.resolve("." + target.getFileName() + ".lock");
        try (FileChannel lock = FileChannel.open(lockFile, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock held = lock.lock()) {
            if (Files.isRegularFile(target)) {
                return; // made by whoever held the lock before us
            }
            createUnlocked(flavor, target, extras, launcher, accel);
        }
    }

    private static void createUnlocked(Flavor flavor, Path target, Extras extras, ApplianceLauncher launcher,
                                       Accel accel) throws IOException {
        Path dir = target.toAbsolutePath().getParent();
        Path temp = Files.createTempFile(dir, "." + target.getFileName() + ".", ".tmp");
        Path work = Files.createTempDirectory("stackbake-synthetic-");
        // A shutdown hook, because Ctrl-C skips finally blocks and would leave the half-written image behind.
        ShutdownHook cleanup = ShutdownHook.register("stackbake-synthetic-cleanup", () -> deleteQuietly(temp, work));
        try {
            Distro distro = flavor.distro;
            if (flavor.bootable) {
                Path rootTar = BootableUserland.build(flavor.generation, work, CacheDirs.fromSystem().debs());
                Path written = work.resolve("written.qcow2");
                writeBootableImage(flavor, rootTar, written, launcher, accel);
                // Written compressed, as cloud images are: then it is its own packed copy (PackedBases), and no
                // build from it, not even the first, compresses its gigabyte again.
                new QemuImg(new ProcessRunner()).convert(written, temp, OutputCompression.ZLIB);
                publish(temp, target);
                return;
            }
            Distro.Rpm rpm = distro.releaseRpm();
            Path rpmRoot = rpm == null ? null : RpmDatabase.create(work, rpm.name(), rpm.version(), rpm.release());
            // Everything that can fail on the host fails here, before the 20 s appliance launch.
            GuestTree tree = RootTree.build(distro, rpmRoot);
            extras.addTo(tree);
            writeImage(distro, tree, temp, work.resolve("root.tar"), launcher, accel);
            publish(temp, target);
        } catch (LibGuestFSException e) {
            throw new IOException("libguestfs failed while creating the synthetic base " + target + ": "
                    + e.getMessage(), e);
        } finally {
            deleteQuietly(temp, work);
            cleanup.close();
        }
    }

    /** fsync then rename, so the target is either absent or complete, even after a crash. */
    private static void publish(Path temp, Path target) throws IOException {
        // createTempFile made it 0600; a base image is read by other tools and users.
        Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-r--r--"));
        AtomicFiles.moveIntoPlace(temp, target);
    }

    private static void writeImage(Distro distro, GuestTree tree, Path image, Path tar, ApplianceLauncher launcher,
                                   Accel accel) throws IOException, LibGuestFSException {
        GuestFS g = launcher.launch(accel, handle -> {
            handle.disk_create(image.toString(), "qcow2", VIRTUAL_SIZE);
            handle.add_drive_opts(image.toString(), Map.of("format", "qcow2"));
        }).g();
        try {
            List<Part> parts = layout(distro);
            partition(g, parts, VIRTUAL_SIZE);
            tree.file("/etc/fstab", 0644, makeFileSystems(g, parts));
            tree.writeTar(tar);
            mount(g, parts);
            g.tar_in(tar.toString(), "/");
            g.mkdir_p("/boot/efi/EFI/" + distro.vendor());
            g.umount_all();
            g.shutdown();
        } finally {
            g.close();
        }
    }

    /**
     * The bootable flavor, in the same one launch: layout and file systems as for the others, the Debian root tar
     * in, fstab, then the guest's own grub-install (run chrooted in the guest with the appliance's /dev) writes
     * GRUB to the MBR gap and the BIOS boot partition, and a fixed grub.cfg boots the one kernel by UUID.
     */
    private static void writeBootableImage(Flavor flavor, Path rootTar, Path image, ApplianceLauncher launcher,
                                           Accel accel) throws IOException, LibGuestFSException {
        GuestFS g = launcher.launch(accel, handle -> {
            // tar_in of ~1 GB under TCG: more memory for the page cache.
            handle.set_memsize(1024);
            handle.disk_create(image.toString(), "qcow2", flavor.virtualSize());
            handle.add_drive_opts(image.toString(), Map.of("format", "qcow2"));
        }).g();
        try {
            List<Part> parts = layout(flavor.distro);
            partition(g, parts, flavor.virtualSize());
            String fstab = makeFileSystems(g, parts);
            mount(g, parts);
            g.tar_in(rootTar.toString(), "/", Map.of("xattrs", true));
            g.write("/etc/fstab", fstab.getBytes(StandardCharsets.UTF_8));
            g.mkdir_p("/boot/efi/EFI/" + flavor.distro.vendor());
            g.command(new String[] {"/usr/sbin/grub-install", "--target=i386-pc", "--boot-directory=/boot", DISK});
            g.write("/boot/grub/grub.cfg", grubConfig(g, parts, flavor.generation).getBytes(StandardCharsets.UTF_8));
            g.umount_all();
            g.shutdown();
        } finally {
            g.close();
        }
    }

    /** Kernel command line of the bootable base: serial console for qemu -nographic, as GenericCloud has it. */
    public static final String BOOTABLE_CMDLINE = "ro console=tty0 console=ttyS0,115200n8 no_timer_check"
            + " systemd.firstboot=off";

    /** A grub.cfg for the one installed kernel; GRUB reads /boot (its own xfs partition) found by UUID. */
    private static String grubConfig(GuestFS g, List<Part> parts, ElGeneration generation)
            throws LibGuestFSException, IOException {
        String kernel = Arrays.stream(g.ls("/boot")).filter(f -> f.startsWith("vmlinuz-")).sorted()
                .reduce((a, b) -> b).orElseThrow(() -> new IOException("the userland has no kernel in /boot"));
        String version = kernel.substring("vmlinuz-".length());
        String bootUuid = null;
        String rootUuid = null;
        for (int i = 0; i < parts.size(); i++) {
            if ("/boot".equals(parts.get(i).mountpoint())) {
                bootUuid = g.vfs_uuid(DISK + (i + 1));
            } else if ("/".equals(parts.get(i).mountpoint())) {
                rootUuid = g.vfs_uuid(DISK + (i + 1));
            }
        }
        return """
                # Written by stackbake for its SYNTHETIC bootable test base (a %s userland disguised as Rocky %s).
                set timeout=1
                set default=0
                serial --unit=0 --speed=115200
                terminal_input serial console
                terminal_output serial console
                insmod part_gpt
                insmod xfs
                search --no-floppy --fs-uuid --set=root %s
                menuentry '%s (SYNTHETIC: Debian kernel %s)' {
                    linux /vmlinuz-%s root=UUID=%s %s
                    initrd /initrd.img-%s
                }
                """.formatted(generation.debian(), generation.distro().major(), bootUuid,
                generation.distro().shortName(), version, version, rootUuid, BOOTABLE_CMDLINE, version);
    }

    /** GPT with 1 MiB alignment, the last partition filling the disk; written in one go (see {@link Gpt}). */
    private static void partition(GuestFS g, List<Part> parts, long size) throws LibGuestFSException {
        long sectors = size / Gpt.SECTOR;
        List<Gpt.Partition> table = new ArrayList<>();
        long start = SECTORS_PER_MIB;
        for (Part part : parts) {
            long end = part.sizeMiB() == 0 ? Gpt.lastUsable(sectors) : start + part.sizeMiB() * SECTORS_PER_MIB - 1;
            table.add(new Gpt.Partition(start, end, part.gptType()));
            start = end + 1;
        }
        Gpt gpt = new Gpt(sectors, table);
        pwrite(g, gpt.primary(), 0);
        pwrite(g, gpt.backup(), gpt.backupOffset());
        g.blockdev_rereadpt(DISK);
    }

    private static void pwrite(GuestFS g, byte[] bytes, long offset) throws LibGuestFSException {
        for (int done = 0; done < bytes.length; ) {
            done += g.pwrite_device(DISK, Arrays.copyOfRange(bytes, done, bytes.length), offset + done);
        }
    }

    /** Makes the file systems and returns the fstab naming them by UUID, "/" first as anaconda writes it. */
    private static String makeFileSystems(GuestFS g, List<Part> parts) throws LibGuestFSException {
        StringBuilder fstab = new StringBuilder("#\n# /etc/fstab\n# Synthetic stackbake test base\n#\n");
        for (int i : mountOrder(parts)) {
            Part part = parts.get(i);
            String device = DISK + (i + 1);
            g.mkfs(part.fsType(), device);
            fstab.append("UUID=%s %-24s %-7s %s%n".formatted(g.vfs_uuid(device), part.mountpoint(), part.fsType(),
                    part.fstabOptions()));
        }
        return fstab.toString();
    }

    private static void mount(GuestFS g, List<Part> parts) throws LibGuestFSException {
        for (int i : mountOrder(parts)) {
            String mountpoint = parts.get(i).mountpoint();
            if (!mountpoint.equals("/")) {
                g.mkdir_p(mountpoint);
            }
            g.mount(DISK + (i + 1), mountpoint);
        }
    }

    /** Indexes of the mounted partitions, parents first: "/" before "/boot" before "/boot/efi". */
    private static List<Integer> mountOrder(List<Part> parts) {
        return IntStream.range(0, parts.size()).filter(i -> parts.get(i).mountpoint() != null).boxed()
                .sorted(Comparator.comparing(i -> parts.get(i).mountpoint().length()))
                .toList();
    }

    private static void deleteQuietly(Path file, Path tree) {
        // Best effort: leftovers are under the temp dir or are dot-files named after the target.
        FileTrees.deleteQuietly(file);
        FileTrees.deleteQuietly(tree);
    }
}
