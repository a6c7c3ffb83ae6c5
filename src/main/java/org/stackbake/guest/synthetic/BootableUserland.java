package org.stackbake.guest.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;

import org.stackbake.files.ProcessRunner;

/**
 * The root file system of a bootable synthetic base ({@code synthetic:rocky-9-bootable}, {@code rocky-10-bootable}):
 * a real Debian userland of the {@link ElGeneration}'s release made with {@code mmdebstrap}, arranged the way EL lays
 * it out ({@code customize.sh} plus EL's files from {@code /synthetic/bootable/}), with an rpm database declaring the
 * recipe's packages. Produced as one tar for a single {@code tar_in}. Debian packages are fetched from the mirrors of
 * the host's own apt sources file (its suites renamed to the generation's), so no mirror host is written anywhere,
 * and kept in a .deb cache per suite so a rebuild downloads nothing.
 */
public final class BootableUserland {

    private static final Duration MMDEBSTRAP_TIMEOUT = Duration.ofMinutes(45);

    /** Installed docs, man pages, translations: nothing a test reads, a fifth of the image. */
    private static final List<String> DPKG_OPTIONS = List.of("path-exclude=/usr/share/man/*",
            "path-exclude=/usr/share/locale/*", "path-include=/usr/share/locale/locale.alias",
            "path-exclude=/usr/share/doc/*", "path-include=/usr/share/doc/*/copyright", "path-exclude=/usr/share/info/*");

    private BootableUserland() {
    }

    /**
     * Makes the root file system tar under {@code work}.
     *
     * @param debCaches directory keeping downloaded .deb files between runs, one folder per suite (created when missing)
     */
    public static Path build(ElGeneration generation, Path work, Path debCaches) throws IOException {
        requireRoot(generation);
        Path mmdebstrap = HostTools.require("mmdebstrap", "mmdebstrap");
        Path sources = AptSources.forSuite(hostAptSources(), generation.suite(), work);
        Path overlay = work.resolve("el-overlay.tar");
        overlayTree(generation).writeTar(overlay);
        Path rpms = RpmDatabase.build(work, declared(generation));
        Path debCache = debCaches.resolve(generation.suite());
        Path script = Files.writeString(work.resolve("customize.sh"), SyntheticResources.text("bootable/customize.sh"));
        Files.createDirectories(debCache);
        Path rootTar = work.resolve("root.tar");

        List<String> command = new ArrayList<>(List.of(mmdebstrap.toString(), "--mode=root", "--variant=apt",
                "--format=tar", "--skip=essential/unlink", "--include=" + String.join(",", debianPackages(generation))));
        DPKG_OPTIONS.forEach(option -> command.add("--dpkgopt=" + option));
        // MODULES=list before the kernel is installed, so its initramfs is made once, small and fast.
        command.add("--setup-hook=mkdir -p \"$1/etc/initramfs-tools/conf.d\" \"$1/var/cache/apt/archives\""
                + " && echo MODULES=list > \"$1/etc/initramfs-tools/conf.d/stackbake-synthetic.conf\"");
        command.add("--setup-hook=sync-in " + debCache + " /var/cache/apt/archives/");
        command.add("--customize-hook=sync-out /var/cache/apt/archives " + debCache);
        command.add("--customize-hook=bash " + script + " \"$1\" " + overlay + " " + rpms);
        command.addAll(List.of(generation.suite(), rootTar.toString(), sources.toString()));
        ProcessRunner.Result result = new ProcessRunner().run(command, MMDEBSTRAP_TIMEOUT);
        if (!result.succeeded()) {
            List<String> lines = result.stderr().strip().lines().toList();
            throw new IOException("mmdebstrap failed (exit " + result.exitCode() + "); its last lines:\n"
                    + String.join("\n", lines.subList(Math.max(0, lines.size() - 25), lines.size())));
        }
        return rootTar;
    }

    /** mmdebstrap --mode=root mounts and chroots; nothing else here can make a bootable userland. */
    private static void requireRoot(ElGeneration generation) throws IOException {
        Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
        if (!Integer.valueOf(0).equals(uid)) {
            throw new IOException("making synthetic:" + generation.distro().id() + "-bootable needs root (it runs"
                    + " mmdebstrap --mode=root); run as root, as CI does (.ci/run), or use synthetic:rocky-9, which"
                    + " needs no root");
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
                + " /etc/apt/sources.list); mmdebstrap takes its Debian mirrors from it");
    }

    /** EL's files laid over the Debian userland by customize.sh: its identity here, the rest from files.tsv. */
    static GuestTree overlayTree(ElGeneration generation) throws IOException {
        Distro distro = generation.distro();
        GuestTree tree = new GuestTree()
                .file("/usr/lib/os-release", 0644, SyntheticResources.text(distro.id() + "/os-release"))
                .symlink("/etc/os-release", "../usr/lib/os-release")
                .file("/etc/" + distro.releaseFile(), 0644, distro.releaseLine() + "\n")
                .symlink("/etc/redhat-release", distro.releaseFile())
                .symlink("/etc/system-release", distro.releaseFile())
                .file("/etc/system-release-cpe", 0644, "cpe:/o:" + distro.vendor() + ":" + distro.vendor() + ":" + distro.major() + "\n")
                // What the console shows before a login: EL's text (\\S is os-release's PRETTY_NAME) and the label.
                .file("/etc/issue", 0644, issue(generation))
                .file("/etc/issue.net", 0644, issue(generation))
                .file("/etc/hostname", 0644, "localhost.localdomain\n")
                .file("/etc/hosts", 0644, SyntheticResources.text("el9/hosts"))
                .file("/etc/locale.conf", 0644, "LANG=C.UTF-8\n")
                .file("/etc/vconsole.conf", 0644, "KEYMAP=us\n")
                .symlink("/etc/localtime", "../usr/share/zoneinfo/UTC")
                .file(RootTree.MARKER, 0644, SyntheticResources.text("bootable/marker").replace("@ID@", distro.id())
                        .replace("@DISTRO@", distro.vendor()).replace("@DEBIAN@", generation.debian()))
                // SELinux as EL ships it configured, although this userland has no SELinux at all (see README).
                .file("/etc/selinux/config", 0644, SyntheticResources.text("el9/selinux-config"))
                .symlink("/etc/sysconfig/selinux", "../selinux/config")
                .file("/etc/cloud/cloud.cfg", 0644, SyntheticResources.text("el9/cloud.cfg")
                        .replace("@DISTRO@", distro.vendor()).replace("@USER@", distro.cloudUser()));
        for (String line : SyntheticResources.lines("bootable/files.tsv")) {
            String[] fields = line.split("\t");
            int mode = Integer.parseInt(fields[1], 8);
            if (fields[0].endsWith("/") && fields.length == 2) {
                tree.dir(fields[0], mode);
            } else if (fields.length == 3) {
                tree.file(fields[0], mode, SyntheticResources.text(fields[2]));
            } else {
                throw new IOException("bootable/files.tsv: not 'path, mode, resource' or 'directory/, mode': " + line);
            }
        }
        return tree;
    }

    private static String issue(ElGeneration generation) {
        return "\\S\nKernel \\r on an \\m\nSYNTHETIC stackbake test base: a " + generation.debian() + " userland dressed as "
                + generation.distro().releaseLine() + ", not a real image\n\n";
    }

    /** The Debian packages; mmdebstrap adds their dependencies (not their recommendations). */
    static List<String> debianPackages(ElGeneration generation) throws IOException {
        return SyntheticResources.lines(generation.resource("debian-packages.txt"));
    }

    /**
     * What the rpm database declares: what the recipe installs, and what the Debian userland provides. In
     * {@code bootable/<el>/declared-rpms.txt} a package line is "name version release", followed by what else it
     * provides, indented.
     */
    static List<RpmDatabase.Declared> declared(ElGeneration generation) throws IOException {
        List<String[]> packages = new ArrayList<>();
        List<List<String>> provides = new ArrayList<>();
        String list = generation.resource("declared-rpms.txt");
        for (String line : SyntheticResources.lines(list)) {
            if (!Character.isWhitespace(line.charAt(0))) {
                String[] nvr = line.split(" ");
                if (nvr.length != 3) {
                    throw new IOException(list + ": not 'name version release': " + line);
                }
                packages.add(nvr);
                provides.add(new ArrayList<>());
            } else if (packages.isEmpty()) {
                throw new IOException(list + ": a capability before the first package: " + line);
            } else {
                provides.get(provides.size() - 1).add(line.strip());
            }
        }
        return IntStream.range(0, packages.size()).mapToObj(i -> new RpmDatabase.Declared(packages.get(i)[0],
                packages.get(i)[1], packages.get(i)[2], List.copyOf(provides.get(i)))).toList();
    }
}
