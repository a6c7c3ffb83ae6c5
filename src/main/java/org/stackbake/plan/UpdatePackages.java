package org.stackbake.plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.GuestEditor;
import org.stackbake.guest.api.GuestOs;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.render.FileEntry;
import org.stackbake.image.PackageUpdate;
import org.stackbake.image.RepositoryDigest;
import org.stackbake.spec.Definition.Updates;

/**
 * Updates the base's packages with the guest's own dnf ({@code dnf upgrade --security}, or
 * {@code dnf upgrade} for every update), in the build's one appliance launch, after the install:
 * online from the guest's repositories and the definition's, or offline from the {@code --repo}
 * directories only. The rpm database is read before and after, so {@link #applied()} can say
 * which package went from which version to which, with the advisories that name it. Online, the
 * repositories dnf read are recorded with their metadata digests ({@link #repositories()}), which
 * the build's input key includes.
 *
 * <p>Not a record: the op keeps what it applied for the manifest and the SBOM.
 */
public final class UpdatePackages implements GuestOp {
    private final Updates mode;
    private final List<Path> localRepos;
    private final List<FileEntry> repoFiles;
    private final String guestTemp;
    private List<PackageUpdate> applied;
    private List<RepositoryDigest> repositories = List.of();

    UpdatePackages(Updates mode, List<Path> localRepos, List<FileEntry> repoFiles, String guestTemp) {
        if (mode == Updates.NONE) {
            throw new IllegalArgumentException("updates: none plans no update");
        }
        this.mode = mode;
        this.localRepos = List.copyOf(localRepos);
        this.repoFiles = List.copyOf(repoFiles);
        this.guestTemp = guestTemp;
    }

    public static UpdatePackages online(Updates mode, List<FileEntry> repoFiles) {
        return new UpdatePackages(mode, List.of(), repoFiles, "/var/tmp");
    }

    public static UpdatePackages offline(Updates mode, List<Path> localRepos) {
        if (localRepos.isEmpty()) {
            throw new IllegalArgumentException("an offline update needs at least one local repository");
        }
        return new UpdatePackages(mode, localRepos, List.of(), "/var/tmp");
    }

    public Updates mode() {
        return mode;
    }

    /** What the update changed; empty before {@link #apply} and when nothing was to update. */
    public List<PackageUpdate> applied() {
        return applied == null ? List.of() : applied;
    }

    /** The online repositories dnf read, with their metadata digests; empty offline (--repo counts by its directory). */
    public List<RepositoryDigest> repositories() {
        return repositories;
    }

    /** The online repositories the ops of a build read (see {@link #repositories()}). */
    public static List<RepositoryDigest> repositoriesIn(List<GuestOp> ops) {
        return ops.stream().filter(UpdatePackages.class::isInstance)
                .flatMap(op -> ((UpdatePackages) op).repositories().stream()).distinct().toList();
    }

    /** The updates the ops of a build applied, or null when none of them updates (updates: none). */
    public static List<PackageUpdate> appliedIn(List<GuestOp> ops) {
        return appliedIn(ops, null);
    }

    /** The updates the ops of a build applied, or {@code none} when none of them updates. */
    public static List<PackageUpdate> appliedIn(List<GuestOp> ops, List<PackageUpdate> none) {
        List<UpdatePackages> updates = ops.stream().filter(UpdatePackages.class::isInstance)
                .map(UpdatePackages.class::cast).toList();
        return updates.isEmpty() ? none : updates.stream().flatMap(u -> u.applied().stream()).toList();
    }

    @Override
    public String describe() {
        String where = localRepos.isEmpty() ? "online: the guest's repositories"
                + (repoFiles.isEmpty() ? "" : " and " + repoFiles.size() + " of the definition")
                : "offline: " + localRepos.size() + (localRepos.size() == 1 ? " local repository" : " local repositories")
                        + ", network off";
        return "apply " + what() + " with the guest's dnf (" + where + ")";
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        if (!guest.exists(GuestDnf.DNF)) {
            throw StackbakeException.failure("cannot apply " + what() + ": the guest has no " + GuestDnf.DNF,
                    "use a base with dnf (every RHEL-family cloud image has it), or set updates: none", null);
        }
        if (localRepos.isEmpty() && repoFiles.isEmpty() && guest.exists(GuestOs.SYNTHETIC_MARKER)) {
            // A synthetic test base declares Debian's binaries as EL packages and has no repository of
            // its own: nothing can update it online, and EL updates would not fit it anyway.
            applied = List.of();
            return new OpOutcome("skipped: SYNTHETIC test base with no repository (--repo DIR updates it offline)");
        }
        Map<String, Set<String>> before = UpdateListing.versions(rpmQuery(guest));
        GuestDnf dnf = new GuestDnf(localRepos, guestTemp);
        List<String> listing = new ArrayList<>();
        dnf.session(guest, () -> {
            List<String> options = new ArrayList<>(dnf.stageLocalRepositories(guest));
            repoFiles.forEach(repo -> guest.writeText(repo.path(), repo.text(), repo.mode()));
            List<String> advisories = new ArrayList<>(List.of("-q"));
            advisories.addAll(options);
            advisories.addAll(List.of("updateinfo", "list"));
            List<String> upgrade = new ArrayList<>(List.of("-y"));
            upgrade.addAll(options);
            upgrade.add("upgrade");
            if (mode == Updates.SECURITY) {
                advisories.add("--security");
                upgrade.add("--security");
            }
            listing.add(GuestDnf.run(guest, advisories, "listing advisories"));
            GuestDnf.run(guest, upgrade, "applying " + what());
            if (!dnf.offline()) {
                // Before the cache goes: what the online repositories held is an input of the image.
                repositories = DnfRepositories.observe(guest);
            }
        });
        applied = UpdateListing.changes(before, UpdateListing.versions(rpmQuery(guest)),
                UpdateListing.advisories(listing.get(0)));
        if (!dnf.offline() && repositories.isEmpty() && applied.isEmpty()) {
            // dnf skips a repository it cannot reach and then finds "nothing to do": that is no proof
            // that the image is up to date.
            if (guest.exists(GuestOs.SYNTHETIC_MARKER)) {
                return new OpOutcome("skipped: SYNTHETIC test base, no repository could be read");
            }
            throw StackbakeException.failure("cannot apply " + what() + ": dnf could read none of the guest's repositories",
                    "check the build host's network or proxy, build offline with --repo DIR, or set updates: none", null);
        }
        if (applied.isEmpty()) {
            return new OpOutcome("nothing to update");
        }
        return new OpOutcome("updated " + applied.size() + ": " + String.join(", ",
                applied.stream().map(PackageUpdate::describe).toList()));
    }

    private String what() {
        return mode == Updates.SECURITY ? "security updates" : "all updates";
    }

    private static String rpmQuery(GuestEditor guest) {
        GuestRun query = guest.tryRun(UpdateListing.RPM_QUERY);
        if (!query.succeeded()) {
            throw StackbakeException.failure("cannot read the guest's rpm database: " + query.output().strip(),
                    "the base must be an RPM-based image with a working rpm", null);
        }
        return query.output();
    }

    @Override
    public List<String> touchedPaths() {
        return InstallPackages.INSTALL_ROOTS;
    }
}
