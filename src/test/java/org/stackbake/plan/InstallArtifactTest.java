package org.stackbake.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.release.ArtifactFile;

/** The artifact op against a directory standing in for the guest; the real thing runs in VendorOfflineBuildIntegrationTest. */
@Tag("unit")
class InstallArtifactTest {
    @TempDir
    Path root;
    @TempDir
    Path host;
    DirectoryGuest guest;
    Path tarball;

    static final ArtifactFile ETCD = new ArtifactFile("etcd-3.6.5", "etcd", "3.6.5",
            "https://github.com/etcd-io/etcd/releases/download/v3.6.5/etcd-v3.6.5-linux-amd64.tar.gz", "ab".repeat(32),
            Map.of("etcd", "/usr/bin/etcd", "etcdctl", "/usr/bin/etcdctl"), "etcd", "/var/lib/etcd");

    @BeforeEach
    void guestAndTarball() throws IOException {
        guest = new DirectoryGuest(root);
        Files.createDirectories(root.resolve("usr/bin"));
        Files.createDirectories(root.resolve("etc"));
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        tarball = host.resolve("etcd-v3.6.5-linux-amd64.tar.gz");
        FixtureTarball.write(tarball, "etcd-v3.6.5-linux-amd64", Map.of("etcd", bytes("etcd binary"),
                "etcdctl", bytes("etcdctl binary"), "Documentation/README.md", bytes("docs")));
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void theNamedMembersGoToTheirPathsAndTheMissingUserIsCreated() throws IOException {
        OpOutcome outcome = new InstallArtifact(ETCD, a -> tarball).apply(guest);

        assertEquals("/usr/bin/etcd /usr/bin/etcdctl; user etcd created", outcome.detail());
        assertEquals("etcd binary", Files.readString(root.resolve("usr/bin/etcd")));
        assertEquals("etcdctl binary", Files.readString(root.resolve("usr/bin/etcdctl")));
        assertTrue(!Files.exists(root.resolve("Documentation")), "only the named members");
        assertEquals(List.of(List.of("useradd", "--system", "--user-group", "--home-dir", "/var/lib/etcd", "--no-create-home",
                "--shell", "/sbin/nologin", "--comment", "etcd", "etcd")), guest.commands);
    }

    @Test
    void anExistingUserIsKept() throws IOException {
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\netcd:x:990:990::/var/lib/etcd:/sbin/nologin\n");

        assertEquals("/usr/bin/etcd /usr/bin/etcdctl", new InstallArtifact(ETCD, a -> tarball).apply(guest).detail());
        assertEquals(List.of(), guest.commands);
    }

    @Test
    void aTarballWithoutANamedMemberOrAFailedUseraddFailsTheBuild() {
        ArtifactFile more = new ArtifactFile(ETCD.name(), ETCD.component(), ETCD.version(), ETCD.url(), ETCD.sha256(),
                Map.of("etcd", "/usr/bin/etcd", "etcdutl", "/usr/bin/etcdutl"), ETCD.user(), ETCD.home());
        StackbakeException missing = assertThrows(StackbakeException.class, () -> new InstallArtifact(more, a -> tarball).apply(guest));
        assertEquals("etcd-v3.6.5-linux-amd64.tar.gz has no etcdutl", missing.getMessage());

        guest.programs = argv -> GuestRun.failed("useradd: cannot lock /etc/passwd");
        StackbakeException useradd = assertThrows(StackbakeException.class, () -> new InstallArtifact(ETCD, a -> tarball).apply(guest));
        assertEquals("cannot create the user etcd for etcd-3.6.5: useradd: cannot lock /etc/passwd", useradd.getMessage());
    }
}
