package org.stackbake.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.GuestEditor;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.render.FileEntry;

/**
 * Installs the node's packages with the guest's own dnf, in the build's single appliance launch.
 * Only packages the guest's rpm database does not provide are installed; when none is missing,
 * dnf does not run at all. Afterwards dnf's caches and logs are removed, so the image stays small.
 *
 * <p>Online (no local repositories; the appliance network is on): dnf-plugins-core and
 * epel-release, crb enabled, the release's RDO package when it has one, then the packages. The
 * repository files (the definition's and the vendors' the release catalog names) are put in place first, so dnf uses them too.
 *
 * <p>Offline ({@code --repo DIR}; the network stays off): each directory is uploaded to
 * {@code /var/tmp/stackbake-repo-N}, dnf uses only those (repo ids {@code stackbake-local-N}),
 * nothing sets up other repositories, and the directories are removed afterwards.
 *
 * @param packages     the node's resolved package list (service packages, then the definition's)
 * @param localRepos   host directories holding RPM repositories (repodata/repomd.xml); empty = online
 * @param repoPackage  the release's RDO release package, or null when the release has none
 * @param repoFiles    the /etc/yum.repos.d/stackbake-*.repo files of the rendered tree (the definition's and the vendors')
 * @param guestTemp    where the guest gets the local repositories (/var/tmp); a parameter for tests
 */
public record InstallPackages(List<String> packages, List<Path> localRepos, String repoPackage, List<FileEntry> repoFiles,
                              String guestTemp) implements GuestOp {
    static final String DNF = GuestDnf.DNF;
    static final List<String> DNF_LOGS = GuestDnf.DNF_LOGS;
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
            setup.add(repoFiles.size() + (repoFiles.size() == 1 ? " repository" : " repositories") + " (stackbake-*.repo)");
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
        GuestDnf dnf = new GuestDnf(localRepos, guestTemp);
        dnf.session(guest, () -> {
            if (offline()) {
                installOffline(guest, dnf, missing);
            } else {
                installOnline(guest, missing);
            }
        });
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

    private static void installOffline(GuestEditor guest, GuestDnf dnf, List<String> missing) {
        List<String> argv = new ArrayList<>(List.of("-y"));
        argv.addAll(dnf.stageLocalRepositories(guest));
        argv.add("install");
        argv.addAll(missing);
        dnf(guest, argv);
    }

    private static void dnf(GuestEditor guest, List<String> args) {
        GuestDnf.run(guest, args, "installing packages");
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

    @Override
    public List<String> touchedPaths() {
        return INSTALL_ROOTS;
    }
}
