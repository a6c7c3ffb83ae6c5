package org.stackbake.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.render.FileEntry;

/**
 * The install op against a directory standing in for the guest, with scripted guest programs: an
 * rpm database (a set of provided names that dnf installs add to) and dnf, whose arguments and
 * failures are what a real EL guest would see. The real thing runs in OfflineInstallIntegrationTest.
 */
@Tag("unit")
class InstallPackagesTest {
    @TempDir
    Path root;
    @TempDir
    Path repo;
    DirectoryGuest guest;
    final Set<String> provided = new LinkedHashSet<>(List.of("rocky-release", "vim-enhanced", "vim", "chrony"));
    ScriptedDnf dnf;

    @BeforeEach
    void guestWithDnf() throws IOException {
        guest = new DirectoryGuest(root);
        Files.createDirectories(root.resolve("etc/yum.repos.d"));
        Files.writeString(root.resolve("etc/os-release"), "NAME=\"Rocky Linux\"\nVERSION_ID=\"9.6\"\n");
        Files.createDirectories(root.resolve("var/cache/dnf/appstream-1234"));
        Files.writeString(root.resolve("var/cache/dnf/appstream-1234/repomd.xml"), "<repomd/>");
        Files.createDirectories(root.resolve("var/log"));
        for (String log : List.of("dnf.log", "dnf.librepo.log", "dnf.rpm.log", "hawkey.log", "messages")) {
            Files.writeString(root.resolve("var/log/" + log), "x\n");
        }
        Files.createDirectories(repo.resolve("repodata"));
        Files.writeString(repo.resolve("repodata/repomd.xml"), "<repomd/>");
        Files.writeString(repo.resolve("stackbake-fixture-app-1.0-1.noarch.rpm"), "rpm");
        dnf = ScriptedDnf.installIn(guest, "install",
                        argv -> provided.addAll(argv.subList(argv.indexOf("install") + 1, argv.size())))
                .program("rpm", argv -> GuestRun.succeeded(String.join("\n", provided) + "\n"));
    }

    @Test
    void nothingMissingMeansDnfNeverRuns() {
        OpOutcome outcome = InstallPackages.online(List.of("vim", "chrony"), "centos-release-openstack-epoxy", List.of())
                .apply(guest);

        assertEquals("all 2 already installed, dnf not run", outcome.detail());
        assertTrue(dnf.calls.isEmpty(), dnf.calls.toString());
        assertTrue(Files.exists(root.resolve("var/log/dnf.log")), "nothing ran, nothing to clean");
    }

    @Test
    void onlineSetsUpTheReleaseRepositoriesThenInstallsOnlyWhatIsMissingAndCleansUp() throws IOException {
        FileEntry own = FileEntry.root("/etc/yum.repos.d/stackbake-site.repo", 0644, "[stackbake-site]\nbaseurl=https://m/\n");
        dnf.whileDnfRuns = () -> assertTrue(Files.exists(root.resolve("etc/yum.repos.d/stackbake-site.repo")),
                "the definition's repositories are in place before dnf runs");

        OpOutcome outcome = InstallPackages.online(List.of("vim", "chrony", "mariadb-server", "etcd"),
                "centos-release-openstack-epoxy", List.of(own)).apply(guest);

        assertEquals(List.of(
                List.of("/usr/bin/dnf", "-y", "install", "dnf-plugins-core", "epel-release"),
                List.of("/usr/bin/dnf", "config-manager", "--set-enabled", "crb"),
                List.of("/usr/bin/dnf", "-y", "install", "centos-release-openstack-epoxy"),
                List.of("/usr/bin/dnf", "-y", "install", "mariadb-server", "etcd"),
                List.of("/usr/bin/dnf", "clean", "all")), dnf.calls);
        assertEquals("installed 2: mariadb-server etcd (2 already there)", outcome.detail());
        assertNoInstallLeftovers();
        assertTrue(Files.exists(root.resolve("var/log/messages")), "other logs stay");
    }

    @Test
    void aReleaseWithoutRdoPackageGetsNoRepositoryPackageInstall() {
        InstallPackages.online(List.of("etcd"), null, List.of()).apply(guest);

        assertTrue(dnf.calls.stream().noneMatch(c -> c.stream().anyMatch(a -> a.startsWith("centos-release-openstack"))),
                dnf.calls.toString());
        assertEquals(List.of("/usr/bin/dnf", "-y", "install", "etcd"), dnf.calls.get(2));
    }

    @Test
    void offlineUsesOnlyTheUploadedRepositoriesAndRemovesThemAfterwards() {
        dnf.whileDnfRuns = () -> {
            if (dnf.calls.size() == 1) {
                assertTrue(Files.isRegularFile(root.resolve("var/tmp/stackbake-repo-0/repodata/repomd.xml")));
                assertTrue(Files.isRegularFile(root.resolve("var/tmp/stackbake-repo-0/stackbake-fixture-app-1.0-1.noarch.rpm")));
            }
        };

        InstallPackages.offline(List.of("vim", "stackbake-fixture-app"), List.of(repo)).apply(guest);

        assertEquals(List.of(
                List.of("/usr/bin/dnf", "-y", "--disablerepo=*",
                        "--repofrompath=stackbake-local-0,/var/tmp/stackbake-repo-0", "--setopt=stackbake-local-0.gpgcheck=0",
                        "--enablerepo=stackbake-local-*", "--releasever=9", "--setopt=install_weak_deps=False",
                        "install", "stackbake-fixture-app"),
                List.of("/usr/bin/dnf", "--disablerepo=*", "clean", "all")), dnf.calls);
        assertFalse(Files.exists(root.resolve("var/tmp/stackbake-repo-0")), "the uploaded repository is removed");
        assertNoInstallLeftovers();
    }

    @Test
    void aMissingPackageFailsInOneLineNamingItAndStillCleansUp() {
        dnf.failure = "No match for argument: no-such-package\nError: Unable to find a match: no-such-package\n";

        StackbakeException e = assertThrows(StackbakeException.class,
                () -> InstallPackages.offline(List.of("no-such-package"), List.of(repo)).apply(guest));

        assertEquals(StackbakeException.Kind.FAILURE, e.kind());
        assertEquals("installing packages: package not found: no-such-package (no enabled repository has it)", e.getMessage());
        assertFalse(Files.exists(root.resolve("var/tmp/stackbake-repo-0")));
        assertNoInstallLeftovers();
    }

    @Test
    void anUnreachableMirrorNamesTheRepository() {
        dnf.failure = """
                Errors during downloading metadata for repository 'appstream':
                  - Curl error (6): Couldn't resolve host name for https://mirrors.rockylinux.org/mirrorlist [Could not resolve host: mirrors.rockylinux.org]
                Error: Failed to download metadata for repo 'appstream': Cannot prepare internal mirrorlist: Curl error (6): Couldn't resolve host name
                """;

        StackbakeException e = assertThrows(StackbakeException.class,
                () -> InstallPackages.online(List.of("etcd"), null, List.of()).apply(guest));

        assertEquals("installing packages: cannot download the metadata of repository 'appstream'", e.getMessage());
        assertTrue(e.hint().contains("--repo DIR"), e.hint());
    }

    @Test
    void aGuestWithoutDnfCannotInstallAndSaysWhichPackagesAreMissing() throws IOException {
        Files.delete(root.resolve("usr/bin/dnf"));

        StackbakeException e = assertThrows(StackbakeException.class,
                () -> InstallPackages.online(List.of("chrony", "etcd"), null, List.of()).apply(guest));

        assertEquals("cannot install etcd: the guest has no /usr/bin/dnf", e.getMessage());
        assertTrue(e.hint().contains("install: firstboot"), e.hint());
    }

    @Test
    void dnfSucceedingWithoutInstallingThePackageIsAFailure() {
        guest.programs = argv -> argv.get(0).equals("rpm") ? GuestRun.succeeded("chrony\n") : GuestRun.succeeded("");

        StackbakeException e = assertThrows(StackbakeException.class,
                () -> InstallPackages.offline(List.of("etcd"), List.of(repo)).apply(guest));

        assertEquals("dnf finished but etcd is not installed", e.getMessage());
    }

    private void assertNoInstallLeftovers() {
        assertTrue(Files.isDirectory(root.resolve("var/cache/dnf")), "dnf's cache directory is kept (the dnf package owns it)");
        try (Stream<Path> cache = Files.list(root.resolve("var/cache/dnf"))) {
            assertEquals(0, cache.count(), "dnf's cache is empty");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (String log : InstallPackages.DNF_LOGS) {
            assertFalse(Files.exists(guest.resolve(log)), log);
        }
    }
}
