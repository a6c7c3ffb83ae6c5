package org.stackbake.guest.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.stackbake.guest.api.GuestOs;
import java.util.stream.Stream;

/**
 * The root file system of a synthetic base: text from {@code /synthetic/} resources, real static busybox
 * for {@code g.sh}/{@code g.command}, and for EL a real rpm database plus the host's setfiles with its libraries
 * (so an in-guest relabel can be tested). No service packages: their units come from the build's installs.
 */
public final class RootTree {

    public static final String MARKER = GuestOs.SYNTHETIC_MARKER;

    /** Busybox applets linked in /usr/bin: what scripts run through g.sh need; not rpm (busybox's reads no sqlite). */
    private static final List<String> APPLETS = List.of("sh", "ash", "[", "test", "echo", "printf", "true", "false",
            "cat", "cp", "mv", "rm", "rmdir", "mkdir", "ln", "ls", "touch", "chmod", "chown", "chgrp", "readlink",
            "realpath", "stat", "find", "xargs", "grep", "egrep", "sed", "awk", "cut", "sort", "uniq", "head",
            "tail", "wc", "tr", "tee", "env", "id", "whoami", "sleep", "date", "uname", "basename", "dirname",
            "mktemp", "sync", "diff", "cmp", "md5sum", "sha256sum", "seq", "expr", "timeout", "gzip", "gunzip",
            "zcat", "tar", "which");

    private final Distro distro;
    private final GuestTree tree = new GuestTree();

    private RootTree(Distro distro) {
        this.distro = distro;
    }

    /**
     * Builds all but /etc/fstab, which the caller adds once the file systems (and so their UUIDs) exist.
     *
     * @param rpmRoot staged root holding var/lib/rpm (EL only, else null)
     */
    public static GuestTree build(Distro distro, Path rpmRoot) throws IOException {
        RootTree root = new RootTree(distro);
        root.skeleton();
        root.identity();
        root.accounts();
        root.busybox();
        if (distro.redHat()) {
            root.enterpriseLinux(rpmRoot);
        } else {
            root.tree.file("/var/lib/dpkg/status", 0644, root.resource(distro.id() + "/dpkg-status"));
        }
        return root.tree;
    }

    /** Merged /usr like EL9 and Debian 12: inspection finds no OS on a root without /bin. */
    private void skeleton() {
        tree.symlink("/bin", "usr/bin").symlink("/sbin", "usr/sbin")
                .symlink("/lib", "usr/lib").symlink("/lib64", "usr/lib64");
        for (String dir : List.of("/usr/bin", "/usr/sbin", "/usr/lib", "/usr/lib64", "/usr/libexec", "/usr/share",
                "/usr/local", "/etc", "/home", "/mnt", "/opt", "/srv", "/media", "/run", "/var/lib", "/var/log",
                "/var/cache", "/var/spool")) {
            tree.dir(dir, 0755);
        }
        // /proc, /sys and /dev must exist: the appliance bind-mounts them before running guest commands.
        tree.dir("/proc", 0555).dir("/sys", 0555).dir("/dev", 0755).dir("/root", distro.redHat() ? 0550 : 0700)
                .dir("/tmp", 01777).dir("/var/tmp", 01777)
                .symlink("/var/run", "../run").symlink("/var/lock", "../run/lock")
                .dir("/boot", distro.redHat() ? 0555 : 0755);
    }

    private void identity() throws IOException {
        tree.file("/usr/lib/os-release", 0644, resource(distro.id() + "/os-release"))
                .symlink("/etc/os-release", "../usr/lib/os-release")
                .file("/etc/" + distro.releaseFile(), 0644, distro.releaseLine() + "\n")
                .file("/etc/hostname", 0644, distro.redHat() ? "localhost.localdomain\n" : "localhost\n")
                .file("/etc/hosts", 0644, resource((distro.redHat() ? "el9" : distro.id()) + "/hosts"))
                // Empty machine-id, as cloud images ship it: systemd generates one on first boot.
                .file("/etc/machine-id", 0444, "")
                .file(MARKER, 0644, "This is a synthetic test base made by stackbake (" + distro.id() + "); it"
                        + " is not a real " + distro.vendor() + " image.\nReal: static busybox"
                        + (distro.redHat() ? ", an rpm database with one record, setfiles with its libraries" : "")
                        + " (host binaries). Fake: all other files; no packages are installed.\n");
        if (distro.redHat()) {
            tree.symlink("/etc/redhat-release", distro.releaseFile())
                    .symlink("/etc/system-release", distro.releaseFile())
                    .file("/etc/system-release-cpe", 0644, "cpe:/o:" + distro.vendor() + ":" + distro.vendor()
                            + ":9\n");
        }
    }

    private void accounts() throws IOException {
        String dir = distro.redHat() ? "el9/" : distro.id() + "/";
        tree.file("/etc/passwd", 0644, resource(dir + "passwd"))
                .file("/etc/group", 0644, resource(dir + "group"))
                .file("/etc/shadow", distro.redHat() ? 0 : 0640, resource(dir + "shadow"))
                .dir("/home/" + distro.cloudUser(), 0700, 1000, 1000);
        if (distro.redHat()) {
            tree.file("/etc/gshadow", 0, resource(dir + "gshadow"));
        }
    }

    /** Static busybox is the guest's only shell, so g.sh and g.command have something real to run. */
    private void busybox() throws IOException {
        Path busybox = HostTools.require("busybox", "busybox-static");
        if (!HostTools.isStaticElf(busybox)) {
            // Fails loudly rather than making a guest whose shell cannot load its libraries.
            throw new IOException(busybox + " is dynamically linked; install busybox-static");
        }
        tree.hostFile("/usr/bin/busybox", 0755, busybox);
        APPLETS.forEach(applet -> tree.symlink("/usr/bin/" + applet, "busybox"));
        // busybox has no "bash" applet (it dispatches on argv[0]), so bash is a one-line wrapper.
        tree.file("/usr/bin/bash", 0755, "#!/usr/bin/sh\nexec /usr/bin/busybox sh \"$@\"\n");
    }

    private void enterpriseLinux(Path rpmRoot) throws IOException {
        tree.file("/etc/selinux/config", 0644, resource("el9/selinux-config"))
                .symlink("/etc/sysconfig/selinux", "../selinux/config")
                .file("/etc/selinux/targeted/contexts/files/file_contexts", 0644, resource("el9/file_contexts"))
                .file("/etc/cloud/cloud.cfg", 0644, resource("el9/cloud.cfg").replace("@DISTRO@", distro.vendor()))
                .dir("/etc/NetworkManager/system-connections", 0700)
                .dir("/etc/sudoers.d", 0750)
                .symlink("/etc/systemd/system/default.target", "/usr/lib/systemd/system/multi-user.target")
                .file("/usr/lib/systemd/system/multi-user.target", 0644, resource("el9/units/multi-user.target"));
        // Units a Rocky cloud image enables; the multi-user.target.wants links are made for each.
        for (String unit : SyntheticResources.lines("el9/enabled-units.txt")) {
            tree.file("/usr/lib/systemd/system/" + unit, 0644, resource("el9/units/" + unit))
                    .symlink("/etc/systemd/system/multi-user.target.wants/" + unit, "/usr/lib/systemd/system/" + unit);
        }
        // libguestfs lists packages with librpm chrooted into the guest, so rpm's own config must be there.
        tree.file("/usr/lib/rpm/rpmrc", 0644, resource("el9/rpmrc"))
                .file("/usr/lib/rpm/macros", 0644, resource("el9/rpm-macros"));
        copyStaged(rpmRoot, RpmDatabase.DB_PATH);
        setfiles();
    }

    /**
     * The host's setfiles with its libraries. It labels from inside the guest although the appliance boots with
     * selinux=0. restorecon is linked as on EL9, but like the real one it exits 0 without labelling when SELinux
     * is off, so relabel with setfiles.
     */
    private void setfiles() throws IOException {
        Path setfiles = HostTools.require("setfiles", "policycoreutils");
        tree.hostProgram("/usr/sbin/setfiles", setfiles).symlink("/usr/sbin/restorecon", "setfiles");
    }

    private void copyStaged(Path stagedRoot, String dir) throws IOException {
        try (Stream<Path> files = Files.walk(stagedRoot.resolve(dir.substring(1)))) {
            for (Path file : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                tree.hostFile("/" + stagedRoot.relativize(file), 0644, file);
            }
        }
    }

    /** A text resource with the cloud user's name filled in. */
    private String resource(String name) throws IOException {
        return SyntheticResources.text(name).replace("@USER@", distro.cloudUser());
    }
}
