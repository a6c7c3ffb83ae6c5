package org.stackbake.guest.synthetic;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import org.stackbake.image.ProcessRunner;

/**
 * The root file system of the bootable synthetic base ({@code synthetic:rocky-9-bootable}): a real Debian 12
 * userland made with {@code mmdebstrap}, arranged the way Rocky 9 lays it out ({@code customize.sh} plus EL's
 * files from {@code /synthetic/bootable/}), with an rpm database declaring the recipe's packages. Produced as one
 * tar for a single {@code tar_in}. Debian packages are fetched through the host's own apt sources file, so no
 * mirror host is written anywhere, and kept in a .deb cache so a rebuild downloads nothing.
 */
public final class BootableUserland {

    private static final String SUITE = "bookworm";
    private static final Duration MMDEBSTRAP_TIMEOUT = Duration.ofMinutes(45);

    /** The Debian packages; mmdebstrap adds their dependencies (not their recommendations). */
    static final List<String> DEBIAN_PACKAGES = List.of("systemd", "systemd-sysv", "udev", "dbus", "network-manager",
            "mariadb-server", "mariadb-client", "rabbitmq-server", "memcached", "etcd-server", "etcd-client", "chrony",
            "cloud-init", "linux-image-amd64", "initramfs-tools", "kmod", "xfsprogs", "iproute2", "procps", "rpm", "dnf",
            "grub-pc-bin", "grub2-common", "sudo", "passwd", "python3", "tzdata");

    /** Installed docs, man pages, translations: nothing a test reads, a fifth of the image. */
    private static final List<String> DPKG_OPTIONS = List.of("path-exclude=/usr/share/man/*",
            "path-exclude=/usr/share/locale/*", "path-include=/usr/share/locale/locale.alias",
            "path-exclude=/usr/share/doc/*", "path-include=/usr/share/doc/*/copyright", "path-exclude=/usr/share/info/*");

    /**
     * What the rpm database declares: every package the recipe's package step queries or its install script names
     * (see NodeModelFactory.packages and install-packages.sh), then one package standing for the Debian userland so
     * that real RPMs with ordinary dependencies install with dnf.
     */
    static final List<RpmDatabase.Declared> DECLARED = declared();

    private BootableUserland() {
    }

    /**
     * Makes the root file system tar under {@code work}.
     *
     * @param debCache directory keeping downloaded .deb files between runs (created when missing)
     */
    public static Path build(Distro distro, Path work, Path debCache) throws IOException {
        requireRoot();
        Path mmdebstrap = HostTools.require("mmdebstrap", "mmdebstrap");
        Path sources = hostAptSources();
        Path overlay = work.resolve("el-overlay.tar");
        overlayTree(distro).writeTar(overlay);
        Path rpms = RpmDatabase.build(work, DECLARED);
        Path script = Files.writeString(work.resolve("customize.sh"), resource("bootable/customize.sh"));
        Files.createDirectories(debCache);
        Path rootTar = work.resolve("root.tar");

        List<String> command = new ArrayList<>(List.of(mmdebstrap.toString(), "--mode=root", "--variant=apt",
                "--format=tar", "--skip=essential/unlink", "--include=" + String.join(",", DEBIAN_PACKAGES)));
        DPKG_OPTIONS.forEach(option -> command.add("--dpkgopt=" + option));
        // MODULES=list before the kernel is installed, so its initramfs is made once, small and fast.
        command.add("--setup-hook=mkdir -p \"$1/etc/initramfs-tools/conf.d\" \"$1/var/cache/apt/archives\""
                + " && echo MODULES=list > \"$1/etc/initramfs-tools/conf.d/stackbake-synthetic.conf\"");
        command.add("--setup-hook=sync-in " + debCache + " /var/cache/apt/archives/");
        command.add("--customize-hook=sync-out /var/cache/apt/archives " + debCache);
        command.add("--customize-hook=bash " + script + " \"$1\" " + overlay + " " + rpms);
        command.addAll(List.of(SUITE, rootTar.toString(), sources.toString()));
        ProcessRunner.Result result = new ProcessRunner().run(command, MMDEBSTRAP_TIMEOUT);
        if (!result.succeeded()) {
            List<String> lines = result.stderr().strip().lines().toList();
            throw new IOException("mmdebstrap failed (exit " + result.exitCode() + "); its last lines:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())));
        }
        return rootTar;
    }

    /** mmdebstrap --mode=root mounts and chroots; nothing else here can make a bootable userland. */
    private static void requireRoot() throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Integer.valueOf(0).equals(uid)) {
            throw new IOException("making synthetic:rocky-9-bootable needs root (it runs mmdebstrap --mode=root);"
                    + " run as root, as CI does (.ci/run), or use synthetic:rocky-9, which needs no root");
        }
    }

    /** The machine's own apt sources: the mirror list mmdebstrap reads, so no host name is written here. */
    private static Path hostAptSources() throws IOException {
        for (String candidate : List.of("/etc/apt/sources.list.d/debian.sources", "/etc/apt/sources.list")) {
            Path file = Path.of(candidate);
            if (Files.isRegularFile(file) && Files.size(file) > 0) {
                return file;
            }
        }
        throw new IOException("no apt sources file on this host (/etc/apt/sources.list.d/debian.sources or"
                + " /etc/apt/sources.list); mmdebstrap takes its Debian 12 mirrors from it");
    }

    /** EL's files laid over the Debian userland by customize.sh. */
    static GuestTree overlayTree(Distro distro) throws IOException {
        String units = "/usr/lib/systemd/system/";
        return new GuestTree()
                .file("/usr/lib/os-release", 0644, resource(distro.id() + "/os-release"))
                .symlink("/etc/os-release", "../usr/lib/os-release")
                .file("/etc/" + distro.releaseFile(), 0644, distro.releaseLine() + "\n")
                .symlink("/etc/redhat-release", distro.releaseFile())
                .symlink("/etc/system-release", distro.releaseFile())
                .file("/etc/system-release-cpe", 0644, "cpe:/o:" + distro.vendor() + ":" + distro.vendor() + ":9\n")
                .file("/etc/hostname", 0644, "localhost.localdomain\n")
                .file("/etc/hosts", 0644, resource("el9/hosts"))
                .file("/etc/locale.conf", 0644, "LANG=C.UTF-8\n")
                .file("/etc/vconsole.conf", 0644, "KEYMAP=us\n")
                .symlink("/etc/localtime", "../usr/share/zoneinfo/UTC")
                .file(RootTree.MARKER, 0644, marker(distro))
                // SELinux as EL ships it configured, although this userland has no SELinux at all (see README).
                .file("/etc/selinux/config", 0644, resource("el9/selinux-config"))
                .symlink("/etc/sysconfig/selinux", "../selinux/config")
                .file("/etc/cloud/cloud.cfg", 0644, resource("el9/cloud.cfg").replace("@DISTRO@", distro.vendor())
                        .replace("@USER@", distro.cloudUser()))
                .file("/etc/NetworkManager/NetworkManager.conf", 0644, resource("bootable/NetworkManager.conf"))
                .dir("/etc/NetworkManager/system-connections", 0700)
                .file("/etc/systemd/system-preset/00-stackbake-synthetic.preset", 0644,
                        resource("bootable/00-stackbake-synthetic.preset"))
                .file("/etc/rpm/macros", 0644, resource("bootable/rpm-macros"))
                .file("/etc/my.cnf", 0644, resource("bootable/my.cnf"))
                .dir("/etc/my.cnf.d", 0755)
                .file("/etc/mysql/mariadb.conf.d/50-server.cnf", 0644, resource("bootable/50-server.cnf"))
                .file(units + "memcached.service", 0644, resource("bootable/units/memcached.service"))
                .file("/etc/sysconfig/memcached", 0644, resource("bootable/sysconfig-memcached"))
                .file(units + "etcd.service", 0644, resource("bootable/units/etcd.service"))
                .file("/etc/etcd/etcd.conf", 0644, resource("bootable/etcd.conf"))
                .file(units + "chronyd.service", 0644, resource("bootable/units/chronyd.service"))
                .file("/etc/sysconfig/chronyd", 0644, resource("bootable/sysconfig-chronyd"))
                .file("/etc/chrony.conf", 0644, resource("bootable/chrony.conf"))
                .file("/etc/chrony.keys", 0640, resource("bootable/chrony.keys"))
                .dir("/etc/sudoers.d", 0750);
    }

    private static String marker(Distro distro) {
        return "This is a SYNTHETIC bootable test base made by stackbake (" + distro.id() + "-bootable); it is not a"
                + " real " + distro.vendor() + " image.\nReal: a Debian 12 userland (systemd, NetworkManager,"
                + " MariaDB, RabbitMQ, memcached, etcd, chrony, cloud-init, rpm, dnf, GRUB, Debian's kernel) arranged"
                + " the EL way.\nFake: EL's identity files, and an rpm database of empty packages declaring what the"
                + " recipe installs; no SELinux.\n";
    }

    private static List<RpmDatabase.Declared> declared() {
        String release = "0.synthetic.el9";
        List<RpmDatabase.Declared> list = new ArrayList<>();
        list.add(new RpmDatabase.Declared("rocky-release", "9.6", "1.3.el9", List.of("system-release",
                "system-release(releasever) = 9", "redhat-release = 9.6", "base-module(platform:el9)")));
        list.add(new RpmDatabase.Declared("vim-enhanced", "9.0", release, List.of("vim")));
        for (String name : List.of("bash-completion", "chrony", "python3-openstackclient", "openstack-selinux",
                "mariadb", "mariadb-server", "python3-PyMySQL", "rabbitmq-server", "memcached", "python3-memcached",
                "etcd", "dnf-plugins-core", "epel-release", "NetworkManager", "cloud-init")) {
            list.add(new RpmDatabase.Declared(name, "0", release));
        }
        list.add(new RpmDatabase.Declared("stackbake-debian-userland", "12", release, userlandProvides()));
        return List.copyOf(list);
    }

    /** What ordinary RPMs require of a base system, all present in the Debian userland. */
    private static List<String> userlandProvides() {
        List<String> provides = new ArrayList<>(List.of("/bin/sh", "/bin/bash", "/usr/bin/sh", "/usr/bin/bash",
                "/usr/bin/env", "/usr/bin/python3", "/sbin/ldconfig", "/usr/sbin/ldconfig", "/usr/sbin/useradd",
                "/usr/sbin/groupadd", "/usr/bin/systemctl", "bash", "coreutils", "glibc", "glibc-common", "filesystem",
                "setup", "shadow-utils", "util-linux", "sed", "grep", "gawk", "findutils", "tar", "gzip", "systemd",
                "python3", "python3-libs", "python(abi) = 3.11", "openssl-libs", "zlib", "libgcc", "libstdc++",
                "rtld(GNU_HASH)", "ld-linux-x86-64.so.2()(64bit)", "ld-linux-x86-64.so.2(GLIBC_2.3)(64bit)",
                "libc.so.6()(64bit)", "libm.so.6()(64bit)", "libpthread.so.0()(64bit)", "libdl.so.2()(64bit)",
                "librt.so.1()(64bit)", "libgcc_s.so.1()(64bit)", "libgcc_s.so.1(GCC_3.0)(64bit)",
                "libstdc++.so.6()(64bit)", "libz.so.1()(64bit)", "libcrypto.so.3()(64bit)", "libssl.so.3()(64bit)"));
        // Symbol versions glibc 2.36 (Debian 12) defines; rpmbuild's dependency generator writes these.
        Stream.concat(Stream.of("2.2.5", "2.3", "2.3.2", "2.3.3", "2.3.4"),
                        IntStream.rangeClosed(4, 36).mapToObj(minor -> "2." + minor))
                .forEach(v -> provides.add("libc.so.6(GLIBC_" + v + ")(64bit)"));
        return provides;
    }

    static String resource(String name) throws IOException {
        try (InputStream in = BootableUserland.class.getResourceAsStream("/synthetic/" + name)) {
            if (in == null) {
                throw new IOException("missing resource /synthetic/" + name);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
