package org.stackbake.pipeline;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import org.apache.commons.codec.digest.DigestUtils;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.FileStat;
import org.stackbake.guest.api.GuestBackend;
import org.stackbake.guest.api.GuestDisk;
import org.stackbake.guest.api.GuestDisks;
import org.stackbake.guest.api.GuestOs;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.MountScope;
import org.stackbake.plan.DirectoryGuest;

/**
 * A guest backend over a plain directory standing in for the guest root, for testing the pipeline
 * without an appliance. The disk handed to {@link #open} is only recorded: every session edits the
 * same directory. A synthetic base is a small real qcow2 made with qemu-img.
 */
final class DirectoryBackend implements GuestBackend {
    final Path root;
    final GuestOs os;
    final List<String> opened = new ArrayList<>();
    /** The mount scope of each open and select, in order. */
    final List<MountScope> scopes = new ArrayList<>();
    final List<String> syntheticMade = new ArrayList<>();
    final List<List<String>> commands = new ArrayList<>();
    /** What the guest's rpm database provides (rpm -qa answers with these names); rpm fails when null. */
    List<String> rpmProvides;
    int closed;
    int launches;

    DirectoryBackend(Path root, GuestOs os) {
        this.root = root;
        this.os = os;
    }

    @Override
    public GuestSession open(Path disk, String format, boolean readOnly, Accel accel, Consumer<String> progress,
                             boolean network, MountScope scope) {
        scopes.add(scope);
        opened.add(disk + " " + format + (readOnly ? " ro" : " rw") + " " + accel + (network ? " network" : ""));
        return new Session(new DirectoryGuest(root));
    }

    /** Every disk is the same directory; each select is recorded like an open. */
    @Override
    public GuestDisks openMany(List<GuestDisk> disks, String format, boolean readOnly, Accel accel, Consumer<String> progress,
                               boolean network) {
        launches++;
        return new GuestDisks() {
            @Override
            public int count() {
                return disks.size();
            }

            @Override
            public GuestSession select(int index, MountScope scope) {
                scopes.add(scope);
                opened.add(disks.get(index).path() + " " + format + (readOnly ? " ro" : " rw") + " " + accel + " disk " + index
                        + (network ? " network" : ""));
                return new Session(new DirectoryGuest(root));
            }

            @Override
            public String accelerator() {
                return "none";
            }

            @Override
            public void close() {
                closed++;
            }
        };
    }

    @Override
    public List<String> syntheticFlavors() {
        return List.of("rocky-9");
    }

    @Override
    public void createSyntheticBase(String flavor, Path target, Accel accel, Consumer<String> progress) {
        syntheticMade.add(flavor);
        try {
            BuilderTest.qcow2(target);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private final class Session implements GuestSession {
        private final DirectoryGuest guest;

        Session(DirectoryGuest guest) {
            this.guest = guest;
        }

        @Override
        public GuestOs os() {
            return os;
        }

        @Override
        public List<String> installedPackages() {
            return List.of("chrony-4.5-3.el9.x86_64", "rocky-release-9.6-1.el9.noarch");
        }

        /** No rpm reads a directory: the pipeline falls back to the listing above. */
        @Override
        public Optional<String> queryRpm(String queryFormat) {
            return Optional.empty();
        }

        @Override
        public FileStat stat(String path) {
            try {
                Path file = guest.resolve(path);
                int mode = (int) Files.getAttribute(file, "unix:mode", LinkOption.NOFOLLOW_LINKS);
                return new FileStat(mode & 07777, (int) Files.getAttribute(file, "unix:uid", LinkOption.NOFOLLOW_LINKS),
                        (int) Files.getAttribute(file, "unix:gid", LinkOption.NOFOLLOW_LINKS),
                        Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS), Files.isSymbolicLink(file));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String readlink(String path) {
            try {
                return Files.readSymbolicLink(guest.resolve(path)).toString();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public byte[] readBytes(String path) {
            try {
                return Files.readAllBytes(guest.resolve(path));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }

        @Override
        public String sha256(String path) {
            return DigestUtils.sha256Hex(readBytes(path));
        }

        @Override
        public Optional<String> selinuxLabel(String path) {
            return Optional.empty();
        }

        @Override
        public GuestRun tryRun(List<String> argv) {
            commands.add(argv);
            // Only the install op's query of provides is faked; the SBOM's query falls back to the listing.
            if (argv.get(0).equals("rpm") && rpmProvides != null && String.join(" ", argv).contains("%{PROVIDES}")) {
                return GuestRun.succeeded(String.join("\n", rpmProvides) + "\n");
            }
            return GuestRun.failed(argv.get(0) + ": not installed in the directory guest");
        }

        @Override
        public String accelerator() {
            return "none";
        }

        @Override
        public void close() {
            closed++;
        }

        @Override
        public boolean exists(String path) {
            return guest.exists(path);
        }

        @Override
        public String readText(String path) {
            return guest.readText(path);
        }

        @Override
        public void writeText(String path, String content, int mode) {
            guest.writeText(path, content, mode);
        }

        @Override
        public void mkdirs(String path) {
            guest.mkdirs(path);
        }

        @Override
        public void extractTar(Path tarFile) {
            guest.extractTar(tarFile);
        }

        @Override
        public void symlink(String target, String link) {
            guest.symlink(target, link);
        }

        @Override
        public void remove(String path) {
            guest.remove(path);
        }

        @Override
        public String run(List<String> argv) {
            commands.add(argv);
            return "";
        }
    }
}
