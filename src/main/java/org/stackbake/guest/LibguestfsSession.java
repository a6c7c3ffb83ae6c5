package org.stackbake.guest;

import com.redhat.et.libguestfs.Application2;
import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;
import com.redhat.et.libguestfs.StatNS;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.stackbake.StackbakeException;
import org.stackbake.files.FileTrees;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.FileStat;
import org.stackbake.guest.api.GuestOs;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.MountScope;
import org.stackbake.files.ProcessRunner;

/** The one class that edits a guest through GuestFS: inspect, mount, edit (launching is {@link ApplianceLauncher}'s). */
final class LibguestfsSession implements GuestSession {
    private static final String DEBUG_HINT = ApplianceLauncher.DEBUG_HINT;

    /** Where EL keeps the rpm database (EL10 moved it; /var/lib/rpm stays a link there). */
    private static final List<String> RPM_DATABASES = List.of("/var/lib/rpm/rpmdb.sqlite", "/usr/lib/sysimage/rpm/rpmdb.sqlite");
    private static final String NVRA_FORMAT = "%{NAME}-%{VERSION}-%{RELEASE}.%{ARCH}\\n";

    /**
     * libguestfs names the first drive added /dev/sda whatever the guest calls it, so a session of one
     * disk need not ask (list_devices waits for udev: a program start under TCG). Were it ever
     * otherwise, no partition would match and the full inspection would decide.
     */
    private static final String ONLY_DISK = "/dev/sda";

    private final GuestFS g;
    private final GuestOs os;
    private final String accelerator;
    private final String root;
    private final MountPlan plan;
    private final boolean readOnly;
    /** False for a disk of {@link LibguestfsDisks}: closing then only unmounts, the appliance stays. */
    private final boolean ownsAppliance;
    /** How long launching and detecting took, for the progress line; empty when not timed here. */
    private final String timings;
    /** Whether libguestfs's inspect_os has run on this handle (its package listing needs it); shared per handle. */
    private final AtomicBoolean inspected;

    LibguestfsSession(GuestFS g, GuestOs os, String accelerator, String root, MountPlan plan, boolean readOnly,
                      boolean ownsAppliance, AtomicBoolean inspected, String timings) {
        this.g = g;
        this.os = os;
        this.accelerator = accelerator;
        this.root = root;
        this.plan = plan;
        this.readOnly = readOnly;
        this.ownsAppliance = ownsAppliance;
        this.inspected = inspected;
        this.timings = timings;
    }

    static LibguestfsSession open(ApplianceLauncher launcher, Path disk, String format, boolean readOnly, Accel accel,
                                  boolean network, MountScope scope) {
        long start = System.nanoTime();
        ApplianceLauncher.Appliance appliance = launcher.launch(accel, g -> {
            // Off unless a build installs packages from the network: nothing else may leave the machine.
            g.set_network(network);
            Map<String, Object> drive = new HashMap<>();
            drive.put("format", format);
            drive.put("readonly", readOnly);
            g.add_drive_opts(disk.toString(), drive);
        });
        long launched = System.nanoTime();
        GuestFS g = appliance.g();
        try {
            TargetedDetection.Result found = TargetedDetection.detect(g,
                    TargetedDetection.filesystems(g, List.of(ONLY_DISK)), readOnly, true);
            String root;
            GuestOs os;
            MountPlan plan;
            if (found.undecided() == null) {
                root = found.root();
                os = found.os();
                plan = found.plan();
            } else {
                launcher.note("targeted guest detection could not decide (" + found.undecided()
                        + "); falling back to libguestfs's full inspection");
                root = singleRoot(g, disk);
                os = guestOs(g, root);
                plan = MountPlan.of(g.inspect_get_mountpoints(root));
            }
            plan = plan.within(scope);
            plan.mount(g, readOnly, found.rootMounted());
            String timings = "launch " + seconds(launched - start) + ", detect "
                    + seconds(System.nanoTime() - launched);
            return new LibguestfsSession(g, os, appliance.accelerator(), root, plan, readOnly, true,
                    new AtomicBoolean(found.undecided() != null), timings);
        } catch (LibGuestFSException | RuntimeException e) {
            ApplianceLauncher.closeQuietly(g);
            throw e instanceof StackbakeException se ? se
                    : StackbakeException.failure("cannot inspect " + disk + ": " + e.getMessage(), DEBUG_HINT, e);
        }
    }

    static String seconds(long nanos) {
        return String.format(java.util.Locale.ROOT, "%.1f s", nanos / 1e9);
    }

    static GuestOs guestOs(GuestFS g, String root) throws LibGuestFSException {
        return new GuestOs(g.inspect_get_type(root), g.inspect_get_distro(root),
                g.inspect_get_major_version(root), g.inspect_get_minor_version(root),
                g.inspect_get_product_name(root), g.inspect_get_package_format(root));
    }

    private static String singleRoot(GuestFS g, Path disk) throws LibGuestFSException {
        String[] roots = g.inspect_os();
        if (roots.length == 0) {
            throw StackbakeException.invalidInput(disk + ": no operating system found in the image",
                    "the base must be a RHEL-family cloud image (Rocky, AlmaLinux, CentOS Stream, RHEL)");
        }
        if (roots.length > 1) {
            throw StackbakeException.invalidInput(disk + ": " + roots.length + " operating systems found",
                    "the base must hold exactly one OS");
        }
        return roots[0];
    }

    @Override
    public String openTimings() {
        return timings;
    }

    @Override
    public GuestOs os() {
        return os;
    }

    @Override
    public String accelerator() {
        return accelerator;
    }

    /**
     * The guest's own rpm lists its packages; libguestfs's listing needs the full inspection, so it is
     * only the fallback for a guest whose database no rpm can read.
     */
    @Override
    public List<String> installedPackages() {
        Optional<String> rpm = queryRpm(NVRA_FORMAT);
        if (rpm.isPresent()) {
            return rpm.get().lines().filter(l -> !l.isBlank()).sorted().toList();
        }
        return call(() -> {
            if (!inspected.get()) {
                // inspect_os unmounts everything and needs this root among its findings; mounted again after.
                g.umount_all();
                List<String> roots = Arrays.asList(g.inspect_os());
                inspected.set(true);
                plan.mount(g, readOnly);
                if (!roots.contains(root)) {
                    throw StackbakeException.failure("cannot list installed packages: the guest has no working rpm"
                            + " and libguestfs inspection does not find the root " + root, DEBUG_HINT, null);
                }
            }
            return Arrays.stream(g.inspect_list_applications2(root))
                    .map(a -> a.app2_name + "-" + a.app2_version + "-" + a.app2_release + "." + a.app2_arch)
                    .sorted().toList();
        });
    }

    /**
     * The guest's rpm when it runs in the appliance; otherwise (the synthetic bases have a database but
     * no rpm program) the host's rpm on a copy of the guest's database, which takes well under a
     * second where libguestfs's listing first needs the full inspection (about 30 s under TCG).
     */
    @Override
    public Optional<String> queryRpm(String queryFormat) {
        if (exists("/usr/bin/rpm")) {
            GuestRun rpm = tryRun(List.of("rpm", "-qa", "--qf", queryFormat));
            if (rpm.succeeded() && !rpm.output().isBlank()) {
                return Optional.of(rpm.output());
            }
        }
        return hostRpmOnGuestDatabase(queryFormat);
    }

    /** Empty when the guest has no database, the host has no rpm or cannot read it. */
    private Optional<String> hostRpmOnGuestDatabase(String queryFormat) {
        for (String database : RPM_DATABASES) {
            if (!exists(database)) {
                continue;
            }
            Path dir = null;
            try {
                dir = Files.createTempDirectory("stackbake-rpmdb-");
                Path copy = dir.resolve("rpmdb.sqlite");
                call(() -> {
                    g.download(database, copy.toString());
                    return null;
                });
                ProcessRunner.Result rpm = new ProcessRunner().run(List.of("rpm", "--dbpath", dir.toString(),
                        "--define", "_db_backend sqlite", "-qa", "--qf", queryFormat), java.time.Duration.ofMinutes(1));
                if (rpm.succeeded() && !rpm.stdout().isBlank()) {
                    return Optional.of(rpm.stdout());
                }
            } catch (IOException | RuntimeException e) {
                // No host rpm, or a database it cannot read: the caller falls back.
            } finally {
                if (dir != null) {
                    FileTrees.deleteQuietly(dir);
                }
            }
        }
        return Optional.empty();
    }

    @Override
    public boolean exists(String path) {
        return call(() -> g.is_symlink(path) || g.exists(path));
    }

    /** One lstatnslist per parent directory instead of two calls per path (each a round trip, ~8 ms under TCG). */
    @Override
    public List<String> existing(Collection<String> paths) {
        Map<String, List<String>> namesByDir = new LinkedHashMap<>();
        Set<String> found = new HashSet<>();
        for (String path : paths) {
            int slash = path.lastIndexOf('/');
            if (slash < 0 || slash == path.length() - 1) { // "/" or a path ending in '/': no name to list
                if (exists(path)) {
                    found.add(path);
                }
            } else {
                namesByDir.computeIfAbsent(slash == 0 ? "/" : path.substring(0, slash), k -> new ArrayList<>())
                        .add(path.substring(slash + 1));
            }
        }
        namesByDir.forEach((dir, names) -> found.addAll(existingIn(dir, names)));
        return paths.stream().filter(found::contains).toList();
    }

    private List<String> existingIn(String dir, List<String> names) {
        String prefix = dir.equals("/") ? "/" : dir + "/";
        try {
            StatNS[] stats = g.lstatnslist(dir, names.toArray(String[]::new));
            List<String> present = new ArrayList<>();
            for (int i = 0; i < names.size(); i++) {
                if (stats[i].st_ino != -1) { // lstatnslist's mark of a name that is not there
                    present.add(prefix + names.get(i));
                }
            }
            return present;
        } catch (LibGuestFSException e) {
            // dir is missing or no directory: asked one by one, as exists does.
            return names.stream().map(name -> prefix + name).filter(this::exists).toList();
        }
    }

    @Override
    public String readText(String path) {
        return new String(readBytes(path), StandardCharsets.UTF_8);
    }

    @Override
    public byte[] readBytes(String path) {
        return call(() -> {
            try {
                return GuestFiles.read(g, path);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        });
    }

    @Override
    public void writeText(String path, String content, int mode) {
        call(() -> {
            g.write(path, content.getBytes(StandardCharsets.UTF_8));
            g.chown(0, 0, path);
            g.chmod(mode, path);
            return null;
        });
    }

    @Override
    public void mkdirs(String path) {
        call(() -> {
            g.mkdir_p(path);
            return null;
        });
    }

    @Override
    public void extractTar(Path tarFile) {
        call(() -> {
            g.tar_in(tarFile.toString(), "/");
            return null;
        });
    }

    @Override
    public void symlink(String target, String link) {
        call(() -> {
            g.ln_sf(target, link);
            return null;
        });
    }

    @Override
    public void remove(String path) {
        call(() -> {
            g.rm_f(path);
            return null;
        });
    }

    @Override
    public String run(List<String> argv) {
        return call(() -> g.command(argv.toArray(String[]::new)));
    }

    /** The daemon reports a non-zero exit as an error holding the program's stderr, which libguestfs prefixes. */
    @Override
    public GuestRun tryRun(List<String> argv) {
        try {
            return GuestRun.succeeded(g.command(argv.toArray(String[]::new)));
        } catch (LibGuestFSException e) {
            if (!applianceAlive()) {
                throw StackbakeException.failure("the appliance died running " + argv.get(0) + ": " + e.getMessage(),
                        DEBUG_HINT, e);
            }
            return GuestRun.failed(e.getMessage().replaceFirst("^command: ", ""));
        }
    }

    private boolean applianceAlive() {
        try {
            return g.is_ready();
        } catch (LibGuestFSException e) {
            return false;
        }
    }

    @Override
    public FileStat stat(String path) {
        return call(() -> {
            StatNS st = g.lstatns(path);
            long type = st.st_mode & 0170000;
            return new FileStat((int) (st.st_mode & 07777), (int) st.st_uid, (int) st.st_gid, type == 0100000,
                    type == 0120000);
        });
    }

    @Override
    public String sha256(String path) {
        return call(() -> g.checksum("sha256", path));
    }

    @Override
    public Optional<String> selinuxLabel(String path) {
        return call(() -> Arrays.stream(g.lgetxattrs(path))
                .filter(x -> x.attrname.equals("security.selinux"))
                // The kernel stores the label with a trailing NUL.
                .map(x -> x.attrval.replace("\0", ""))
                .findFirst());
    }

    @Override
    public String readlink(String path) {
        return call(() -> g.readlink(path));
    }

    @Override
    public void close() {
        if (!ownsAppliance) {
            call(() -> {
                g.umount_all();
                return null;
            });
            return;
        }
        try {
            g.shutdown();
        } catch (LibGuestFSException e) {
            throw StackbakeException.failure("the appliance failed to write back changes: " + e.getMessage(), DEBUG_HINT, e);
        } finally {
            ApplianceLauncher.closeQuietly(g);
        }
    }

    interface GuestCall<T> {
        T call() throws LibGuestFSException;
    }

    static <T> T call(GuestCall<T> action) {
        try {
            return action.call();
        } catch (LibGuestFSException e) {
            throw StackbakeException.failure("libguestfs: " + e.getMessage(), DEBUG_HINT, e);
        }
    }

}
