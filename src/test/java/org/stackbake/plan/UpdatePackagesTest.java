package org.stackbake.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.render.FileEntry;
import org.stackbake.image.PackageUpdate;
import org.stackbake.image.RepositoryDigest;
import org.stackbake.spec.Definition.Updates;

/**
 * The update op against a directory standing in for the guest, with a scripted rpm database and a
 * dnf whose upgrade replaces versions the way a real one would. The real thing runs in
 * SecurityUpdateIntegrationTest.
 */
@Tag("unit")
class UpdatePackagesTest {
    private static final String ADVISORY_LIST = """
            Last metadata expiration check: 0:00:01 ago.
            RLSA-2026:0001 Important/Sec. bash-completion-1:2.11-5.el9.noarch
            """;
    @TempDir
    Path root;
    @TempDir
    Path repo;
    DirectoryGuest guest;
    /** name arch → EVR, as the guest's rpm database holds them. */
    final Map<String, String> installed = new LinkedHashMap<>();
    ScriptedDnf dnf;

    @BeforeEach
    void guestWithDnf() throws IOException {
        guest = new DirectoryGuest(root);
        Files.writeString(Files.createDirectories(root.resolve("etc")).resolve("os-release"), "VERSION_ID=\"9.6\"\n");
        Files.createDirectories(root.resolve("etc/yum.repos.d"));
        Files.createDirectories(root.resolve("var/cache/dnf"));
        Files.createDirectories(root.resolve("var/log"));
        Files.writeString(root.resolve("var/log/dnf.log"), "x\n");
        Files.createDirectories(repo.resolve("repodata"));
        Files.writeString(repo.resolve("repodata/repomd.xml"), "<repomd/>");
        installed.put("bash-completion noarch", "0:0-0.synthetic.el9");
        installed.put("chrony noarch", "0:0-0.synthetic.el9");
        dnf = ScriptedDnf.installIn(guest, "upgrade", this::upgrade)
                .program("rpm", this::rpmQuery)
                .program("find", argv -> GuestRun.succeeded("/var/cache/dnf/baseos-0123456789abcdef/repodata/repomd.xml\n"))
                .program("sha256sum", argv -> {
                    assertEquals(List.of("sha256sum", "/var/cache/dnf/baseos-0123456789abcdef/repodata/repomd.xml"), argv);
                    return GuestRun.succeeded("abcd  /var/cache/dnf/baseos-0123456789abcdef/repodata/repomd.xml\n");
                });
        dnf.queries = argv -> argv.contains("updateinfo") ? ADVISORY_LIST
                : argv.contains("repolist") ? "Repo-id : baseos\nRepo-baseurl : https://m.example/rocky/9/BaseOS/ (3 more)\n" : "";
    }

    private GuestRun rpmQuery(List<String> argv) {
        assertEquals(UpdateListing.RPM_QUERY, argv);
        StringBuilder out = new StringBuilder();
        installed.forEach((nameArch, evr) -> out.append(nameArch).append(' ').append(evr).append('\n'));
        return GuestRun.succeeded(out.toString());
    }

    /** What dnf's upgrade does to the rpm database: --security takes bash-completion's update only, a plain upgrade chrony's too. */
    private void upgrade(List<String> argv) {
        assertTrue(!argv.contains("--disablerepo=*") || Files.isRegularFile(root.resolve("var/tmp/stackbake-repo-0/repodata/repomd.xml")),
                "the local repository is in the guest while dnf runs");
        installed.put("bash-completion noarch", "1:2.11-5.el9");
        if (!argv.contains("--security")) {
            installed.put("chrony noarch", "0:4.5-1.el9");
        }
    }

    @Test
    void securityUpdatesOfflineUseOnlyTheLocalRepositoryAndRecordOldAndNewVersions() {
        UpdatePackages op = UpdatePackages.offline(Updates.SECURITY, List.of(repo));

        OpOutcome outcome = op.apply(guest);

        List<String> local = List.of("--disablerepo=*", "--repofrompath=stackbake-local-0,/var/tmp/stackbake-repo-0",
                "--setopt=stackbake-local-0.gpgcheck=0", "--enablerepo=stackbake-local-*", "--releasever=9",
                "--setopt=install_weak_deps=False");
        List<String> list = new ArrayList<>(List.of(GuestDnf.DNF, "-q"));
        list.addAll(local);
        list.addAll(List.of("updateinfo", "list", "--security"));
        List<String> upgrade = new ArrayList<>(List.of(GuestDnf.DNF, "-y"));
        upgrade.addAll(local);
        upgrade.addAll(List.of("upgrade", "--security"));
        assertEquals(List.of(list, upgrade, List.of(GuestDnf.DNF, "--disablerepo=*", "clean", "all")), dnf.calls);
        assertEquals(List.of(new PackageUpdate("bash-completion", "noarch", "0:0-0.synthetic.el9", "1:2.11-5.el9",
                List.of("RLSA-2026:0001"))), op.applied());
        assertEquals(List.of(), op.repositories(), "offline, the --repo directories count by themselves");
        assertEquals("updated 1: bash-completion.noarch 0:0-0.synthetic.el9 -> 1:2.11-5.el9 (RLSA-2026:0001)",
                outcome.detail());
        assertFalse(Files.exists(root.resolve("var/tmp/stackbake-repo-0")), "the uploaded repository is removed");
        assertFalse(Files.exists(root.resolve("var/log/dnf.log")), "dnf's log is removed");
    }

    @Test
    void allUpdatesOnlineUpgradeEverythingWithTheDefinitionsRepositoriesInPlace() {
        FileEntry own = FileEntry.root("/etc/yum.repos.d/stackbake-site.repo", 0644, "[stackbake-site]\nbaseurl=https://m/\n");
        UpdatePackages op = UpdatePackages.online(Updates.ALL, List.of(own));

        op.apply(guest);

        assertEquals(List.of(List.of(GuestDnf.DNF, "-q", "updateinfo", "list"), List.of(GuestDnf.DNF, "-y", "upgrade"),
                List.of(GuestDnf.DNF, "-v", "repolist", "--enabled"), List.of(GuestDnf.DNF, "clean", "all")), dnf.calls);
        assertEquals(List.of(new RepositoryDigest("baseos", "https://m.example/rocky/9/BaseOS/", "abcd")), op.repositories(),
                "what the online repositories held, read before the cache is removed");
        assertEquals(op.repositories(), UpdatePackages.repositoriesIn(List.of(op)));
        assertTrue(Files.exists(root.resolve("etc/yum.repos.d/stackbake-site.repo")));
        assertEquals(List.of("bash-completion", "chrony"), op.applied().stream().map(PackageUpdate::name).toList());
        assertEquals(List.of(), op.applied().get(1).advisories(), "no advisory names chrony's update");
        assertEquals("apply all updates with the guest's dnf (online: the guest's repositories and 1 of the definition)",
                op.describe());
    }

    @Test
    void onlineWithNoRepositoryReadFailsOnARealBaseAndIsSkippedOnASyntheticOne() throws IOException {
        installed.put("bash-completion noarch", "1:2.11-5.el9");
        installed.put("chrony noarch", "1:4.5-1.el9");
        dnf.program("find", argv -> GuestRun.succeeded("")); // dnf skipped every unreachable repository

        StackbakeException e = assertThrows(StackbakeException.class,
                () -> UpdatePackages.online(Updates.SECURITY, List.of()).apply(guest));
        assertEquals("cannot apply security updates: dnf could read none of the guest's repositories", e.getMessage());
        assertTrue(e.hint().contains("--repo DIR"), e.hint());

        Files.writeString(root.resolve("etc/stackbake-synthetic-base"), "SYNTHETIC\n");
        FileEntry own = FileEntry.root("/etc/yum.repos.d/stackbake-site.repo", 0644, "[stackbake-site]\nbaseurl=https://m/\n");
        assertEquals("skipped: SYNTHETIC test base, no repository could be read",
                UpdatePackages.online(Updates.SECURITY, List.of(own)).apply(guest).detail());
    }

    @Test
    void nothingToUpdateSaysSo() {
        installed.put("bash-completion noarch", "1:2.11-5.el9");
        UpdatePackages op = UpdatePackages.offline(Updates.SECURITY, List.of(repo));
        guest.programs = argv -> argv.get(0).equals(GuestDnf.DNF) && argv.contains("upgrade") ? GuestRun.succeeded("Nothing to do.")
                : dnf.apply(argv);

        assertEquals("nothing to update", op.apply(guest).detail());
        assertEquals(List.of(), op.applied());
    }

    @Test
    void aSyntheticBaseWithNoRepositoryIsSkippedOnlineButUpdatedFromALocalRepository() throws IOException {
        Files.writeString(root.resolve("etc/stackbake-synthetic-base"), "SYNTHETIC\n");

        UpdatePackages online = UpdatePackages.online(Updates.SECURITY, List.of());
        assertTrue(online.apply(guest).detail().startsWith("skipped: SYNTHETIC test base"));
        assertEquals(List.of(), dnf.calls, "no dnf ran");
        assertEquals(List.of(), online.applied());

        UpdatePackages offline = UpdatePackages.offline(Updates.SECURITY, List.of(repo));
        offline.apply(guest);
        assertEquals(1, offline.applied().size(), "a --repo updates a synthetic base like any other");
    }

    @Test
    void aGuestWithoutDnfFailsWithTheWayOut() throws IOException {
        Files.delete(root.resolve("usr/bin/dnf"));

        StackbakeException e = assertThrows(StackbakeException.class,
                () -> UpdatePackages.online(Updates.SECURITY, List.of()).apply(guest));

        assertEquals(StackbakeException.Kind.FAILURE, e.kind());
        assertEquals("cannot apply security updates: the guest has no /usr/bin/dnf", e.getMessage());
        assertTrue(e.hint().contains("updates: none"), e.hint());
    }

    @Test
    void aFailedUpgradeIsOneLineAndStillCleansUp() {
        dnf.failure = "Error: Transaction test error:\n  file /usr/bin/x conflicts between attempted installs\n";

        StackbakeException e = assertThrows(StackbakeException.class,
                () -> UpdatePackages.offline(Updates.SECURITY, List.of(repo)).apply(guest));

        assertEquals("applying security updates: dnf failed: Transaction test error:", e.getMessage());
        assertFalse(Files.exists(root.resolve("var/tmp/stackbake-repo-0")));
    }

    @Test
    void theBuildsUpdatesAreCollectedFromItsOps() {
        UpdatePackages op = UpdatePackages.offline(Updates.SECURITY, List.of(repo));
        op.apply(guest);

        assertNull(UpdatePackages.appliedIn(List.of(new RemoveLegacyHostname())), "no update op: updates: none");
        assertEquals(op.applied(), UpdatePackages.appliedIn(List.of(new RemoveLegacyHostname(), op)));
        assertThrows(IllegalArgumentException.class, () -> UpdatePackages.online(Updates.NONE, List.of()));
    }
}
