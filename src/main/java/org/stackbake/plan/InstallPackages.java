package org.stackbake.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.stackbake.StackbakeException;
import org.stackbake.files.FileTrees;
import org.stackbake.guest.api.GuestEditor;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.render.FileEntry;
import org.stackbake.spec.Definition.Repository;

/**
 * Installs the node's packages with the guest's own dnf, in the build's single appliance launch.
 * Only packages the guest's rpm database does not provide are installed; when none is missing,
 * dnf does not run at all. Afterwards dnf's caches and logs are removed, so the image stays small.
 *
 * <p>Online (no local repositories; the appliance network is on): dnf-plugins-core and
 * epel-release, crb enabled, the release's RDO package when it has one, then the packages. The
 * definition's repository files are put in place first, so dnf uses them too.
 *
 * <p>Offline ({@code --repo DIR}; the network stays off): each directory is uploaded to
 * {@code /var/tmp/stackbake-repo-N}, dnf uses only those (repo ids {@code stackbake-local-N}),
 * nothing sets up other repositories, and the directories are removed afterwards.
 *
 * @param packages     the node's resolved package list (service packages, then the definition's)
 * @param localRepos   host directories holding RPM repositories (repodata/repomd.xml); empty = online
 * @param repoPackage  the release's RDO release package, or null when the release has none
 * @param repoFiles    the definition's /etc/yum.repos.d/stackbake-*.repo files from the rendered tree
 * @param guestTemp    where the guest gets the local repositories (/var/tmp); a parameter for tests
 */
public record InstallPackages(List<String> packages, List<Path> localRepos, String repoPackage, List<FileEntry> repoFiles,
                              String guestTemp) implements GuestOp {
    static final String DNF = "/usr/bin/dnf";
    static final String DNF_CACHE = "/var/cache/dnf";
    static final List<String> DNF_LOGS = List.of("/var/log/dnf.log", "/var/log/dnf.librepo.log", "/var/log/dnf.rpm.log",
            "/var/log/hawkey.log");
    static final String LOCAL_ID_PREFIX = Repository.ID_PREFIX + Repository.LOCAL_NAME_PREFIX;
    /** What an install can touch, for the relabel that follows (setfiles recurses). */
    static final List<String> INSTALL_ROOTS = List.of("/etc", "/opt", "/usr", "/var");

    public InstallPackages {
        packages = List.copyOf(packages);
        localRepos = List.copyOf(localRepos);
        repoFiles = List.copyOf(repoFiles);
    }

    public static InstallPackages online(List<String> packages, String repoPackage, List<FileEntry> repoFiles) {
        return new InstallPackages(packages, List.of(), repoPackage, repoFiles, "/var/tmp");
    }

    public static InstallPackages offline(List<String> packages, List<Path> localRepos) {
        if (localRepos.isEmpty()) {
            throw new IllegalArgumentException("an offline install needs at least one local repository");
        }
        return new InstallPackages(packages, localRepos, null, List.of(), "/var/tmp");
    }

    public boolean offline() {
        return !localRepos.isEmpty();
    }

    @Override
    public String describe() {
        if (offline()) {
            return "install " + packages.size() + " packages with the guest's dnf (offline: " + localRepos.size()
                    + (localRepos.size() == 1 ? " local repository" : " local repositories") + ", network off)";
        }
        List<String> setup = new ArrayList<>(List.of("crb", "epel-release"));
        if (repoPackage != null) {
            setup.add(repoPackage);
        }
        if (!repoFiles.isEmpty()) {
            setup.add(repoFiles.size() + (repoFiles.size() == 1 ? " repository" : " repositories") + " of the definition");
        }
        return "install " + packages.size() + " packages with the guest's dnf (online: " + String.join(", ", setup) + ")";
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        boolean hasDnf = guest.exists(DNF);
        GuestRun query = queryProvides(guest);
        if (!query.succeeded() && !hasDnf) {
            throw noDnf(packages);
        }
        List<String> missing = missing(query);
        if (missing.isEmpty()) {
            return new OpOutcome("all " + packages.size() + " already installed, dnf not run");
        }
        if (!hasDnf) {
            throw noDnf(missing);
        }
        boolean cacheExisted = guest.exists(DNF_CACHE);
        RuntimeException failure = null;
        try {
            if (offline()) {
                installOffline(guest, missing);
            } else {
                installOnline(guest, missing);
            }
        } catch (RuntimeException e) {
            failure = e;
            throw e;
        } finally {
            try {
                cleanUp(guest, cacheExisted);
            } catch (RuntimeException e) {
                // dnf's own error is the one to report; the overlay of a failed build is discarded anyway.
                if (failure == null) {
                    throw e;
                }
                failure.addSuppressed(e);
            }
        }
        List<String> stillMissing = missing(queryProvides(guest));
        if (!stillMissing.isEmpty()) {
            throw StackbakeException.failure("dnf finished but " + String.join(", ", stillMissing)
                    + " is not installed", "a package of that name must exist in the repositories dnf used", null);
        }
        return new OpOutcome("installed " + missing.size() + ": " + String.join(" ", missing) + " ("
                + (packages.size() - missing.size()) + " already there)");
    }

    private void installOnline(GuestEditor guest, List<String> missing) {
        for (FileEntry repo : repoFiles) {
            guest.writeText(repo.path(), repo.text(), repo.mode());
        }
        dnf(guest, List.of("-y", "install", "dnf-plugins-core", "epel-release"));
        dnf(guest, List.of("config-manager", "--set-enabled", "crb"));
        if (repoPackage != null) {
            dnf(guest, List.of("-y", "install", repoPackage));
        }
        List<String> install = new ArrayList<>(List.of("-y", "install"));
        install.addAll(missing);
        dnf(guest, install);
    }

    private void installOffline(GuestEditor guest, List<String> missing) {
        List<String> argv = new ArrayList<>(List.of("-y", "--disablerepo=*"));
        for (int i = 0; i < localRepos.size(); i++) {
            String dir = localDir(i);
            guest.mkdirs(dir);
            uploadDirectory(guest, localRepos.get(i), dir);
            String id = LOCAL_ID_PREFIX + i;
            argv.add("--repofrompath=" + id + "," + dir);
            // The operator's own directory: its packages are trusted as given, signed or not.
            argv.add("--setopt=" + id + ".gpgcheck=0");
        }
        argv.addAll(List.of("--enablerepo=" + LOCAL_ID_PREFIX + "*", "--releasever=" + releasever(guest),
                "--setopt=install_weak_deps=False", "install"));
        argv.addAll(missing);
        dnf(guest, argv);
    }

    private String localDir(int index) {
        return guestTemp + "/stackbake-repo-" + index;
    }

    private static void dnf(GuestEditor guest, List<String> args) {
        List<String> argv = new ArrayList<>(List.of(DNF));
        argv.addAll(args);
        GuestRun run = guest.tryRun(argv);
        if (!run.succeeded()) {
            DnfErrors.Problem problem = DnfErrors.describe(run.output());
            throw StackbakeException.failure("installing packages: " + problem.message(), problem.hint(), null);
        }
    }

    private static StackbakeException noDnf(List<String> missing) {
        return StackbakeException.failure("cannot install " + String.join(", ", missing) + ": the guest has no " + DNF,
                "use a base with dnf (every RHEL-family cloud image has it), or set install: firstboot", null);
    }

    /** Every package name and Provides: of the guest's rpm database, one a line. */
    private static GuestRun queryProvides(GuestEditor guest) {
        return guest.tryRun(List.of("rpm", "-qa", "--qf", "%{NAME}\\n[%{PROVIDES}\\n]"));
    }

    /** Names the rpm database does not provide (a package name or a Provides:, as rpm -q --whatprovides). */
    private List<String> missing(GuestRun query) {
        if (!query.succeeded()) {
            throw StackbakeException.failure("cannot read the guest's rpm database: " + query.output().strip(),
                    "the base must be an RPM-based image with a working rpm", null);
        }
        Set<String> provided = new HashSet<>(query.output().lines().map(String::strip).toList());
        return packages.stream().filter(p -> !provided.contains(p)).toList();
    }

    /** VERSION_ID's major from the guest's os-release: dnf's $releasever, which an EL system-release package provides. */
    static String releasever(GuestEditor guest) {
        for (String file : List.of("/etc/os-release", "/usr/lib/os-release")) {
            if (guest.exists(file)) {
                for (String line : guest.readText(file).split("\n")) {
                    if (line.startsWith("VERSION_ID=")) {
                        String version = line.substring("VERSION_ID=".length()).replace("\"", "").strip();
                        return version.contains(".") ? version.substring(0, version.indexOf('.')) : version;
                    }
                }
            }
        }
        throw StackbakeException.failure("the guest's os-release has no VERSION_ID", "dnf needs it as $releasever", null);
    }

    private static void uploadDirectory(GuestEditor guest, Path hostDir, String guestDir) {
        Path tar = null;
        try {
            tar = Files.createTempFile("stackbake-repo-", ".tar");
            DirectoryTar.write(hostDir, guestDir, tar);
            guest.extractTar(tar);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot pack " + hostDir + " for the guest: " + e.getMessage(), e);
        } finally {
            FileTrees.deleteQuietly(tar); // a leftover copy of a public repository in the temp dir at worst
        }
    }

    /** Leaves no trace of the install's machinery: metadata caches, logs, the uploaded repositories. */
    private void cleanUp(GuestEditor guest, boolean cacheExisted) {
        List<String> clean = new ArrayList<>(List.of(DNF));
        if (offline()) {
            clean.add("--disablerepo=*");
        }
        clean.addAll(List.of("clean", "all"));
        guest.tryRun(clean);
        List<String> rm = new ArrayList<>(List.of("rm", "-rf", DNF_CACHE));
        for (int i = 0; i < localRepos.size(); i++) {
            rm.add(localDir(i));
        }
        guest.run(rm);
        if (cacheExisted) {
            guest.mkdirs(DNF_CACHE);
        }
        DNF_LOGS.forEach(guest::remove);
    }

    @Override
    public List<String> touchedPaths() {
        return INSTALL_ROOTS;
    }
}
