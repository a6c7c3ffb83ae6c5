package org.stackbake.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributes;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.apache.commons.codec.digest.Sha2Crypt;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.guest.api.GuestRun;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodePackages;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.Secret;
import org.stackbake.spec.SpecException;

/** Plans a real definition and applies it to a directory standing in for a Rocky guest root. */
@Tag("unit")
class PlannerTest {
    @TempDir
    Path root;
    DirectoryGuest guest;
    LoadedDefinition controller;
    FileTree tree;

    @BeforeEach
    void minimalGuest() throws IOException, SpecException {
        guest = new DirectoryGuest(root);
        for (String dir : List.of("etc/systemd/system/multi-user.target.wants", "usr/lib/systemd/system", "etc/sysconfig",
                "etc/NetworkManager/system-connections")) {
            Files.createDirectories(root.resolve(dir));
        }
        for (String unit : List.of("chronyd.service", "firewalld.service", "memcached.service")) {
            Files.writeString(root.resolve("usr/lib/systemd/system/" + unit), "[Unit]\n");
        }
        Files.createSymbolicLink(root.resolve("etc/systemd/system/multi-user.target.wants/firewalld.service"),
                Path.of("/usr/lib/systemd/system/firewalld.service"));
        Files.writeString(root.resolve("etc/shadow"), "root:!!:19000:0:99999:7:::\nrocky:!!:19000::::::\n");
        Files.writeString(root.resolve("etc/passwd"), "root:x:0:0:root:/root:/bin/bash\n");
        Files.writeString(root.resolve("etc/group"), "root:x:0:\n");
        Files.writeString(root.resolve("etc/sysconfig/network"), "NETWORKING=yes\nHOSTNAME=localhost\n");
        controller = new DefinitionLoader().load(Path.of("images/epoxy/controller.yaml"));
        tree = new NodeRenderer(null).render(controller, Map.of());
        // The guest's rpm database provides every package of the node: the install op has nothing to do.
        String provided = String.join("\n", NodePackages.resolve(controller.definition())) + "\n";
        // ...and its dnf read its one repository and has no update: the update op (updates: security by
        // default) changes nothing.
        Files.createDirectories(root.resolve("usr/bin"));
        Files.writeString(root.resolve("usr/bin/dnf"), "");
        String versions = "chrony x86_64 0:4.5-1.el9\n";
        String repomd = "/var/cache/dnf/baseos-0123456789abcdef/repodata/repomd.xml";
        guest.programs = argv -> argv.equals(UpdateListing.RPM_QUERY) ? GuestRun.succeeded(versions)
                : argv.get(0).equals("rpm") ? GuestRun.succeeded(provided)
                : argv.get(0).equals("find") ? GuestRun.succeeded(repomd + "\n")
                : argv.get(0).equals("sha256sum") ? GuestRun.succeeded("abcd  " + repomd + "\n")
                : argv.contains("repolist") ? GuestRun.succeeded("Repo-id : baseos\nRepo-baseurl : https://m.example/BaseOS/\n")
                : GuestRun.succeeded("");
    }

    private List<OpOutcome> applyAll(List<GuestOp> ops) {
        return ops.stream().map(op -> op.apply(guest)).toList();
    }

    @Test
    void uploadsTheTreeWithModesAndRootOwnership() throws IOException {
        applyAll(List.of(new UploadTree(tree, Instant.parse("2024-01-01T00:00:00Z"))));
        Path keyfile = guest.resolve("/etc/NetworkManager/system-connections/ens160.nmconnection");
        PosixFileAttributes attributes = Files.readAttributes(keyfile, PosixFileAttributes.class);
        assertEquals("rw-------", java.nio.file.attribute.PosixFilePermissions.toString(attributes.permissions()));
        assertEquals(0, (int) Files.getAttribute(keyfile, "unix:uid"));
        assertEquals(tree.get("/etc/etcd/etcd.conf").orElseThrow().text(), guest.readText("/etc/etcd/etcd.conf"));
        assertEquals(Instant.parse("2024-01-01T00:00:00Z"), Files.getLastModifiedTime(keyfile).toInstant());
    }

    @Test
    void enablesInstalledServicesSkipsMissingOnesAndDisablesFirewalld() throws IOException {
        List<GuestOp> ops = new Planner().plan(controller.definition(), tree, Map.of(), Instant.EPOCH);
        List<OpOutcome> outcomes = applyAll(ops);

        Path wants = root.resolve("etc/systemd/system/multi-user.target.wants");
        assertEquals(Path.of("/usr/lib/systemd/system/chronyd.service"), Files.readSymbolicLink(wants.resolve("chronyd.service")));
        assertTrue(Files.isSymbolicLink(wants.resolve("memcached.service")));
        assertFalse(Files.exists(wants.resolve("mariadb.service"), LinkOption.NOFOLLOW_LINKS));
        assertFalse(Files.exists(wants.resolve("firewalld.service"), LinkOption.NOFOLLOW_LINKS));
        int mariadb = indexOf(ops, "enable mariadb.service");
        assertEquals("skipped: not installed", outcomes.get(mariadb).detail());
        assertEquals("NETWORKING=yes\n", Files.readString(root.resolve("etc/sysconfig/network")));
    }

    @Test
    void theLegacyHostnameOpOnlyRemovesTheHostnameLineAndSaysSo() throws IOException {
        RemoveLegacyHostname op = new RemoveLegacyHostname();
        assertEquals("remove HOSTNAME= from /etc/sysconfig/network", op.describe());
        Files.writeString(root.resolve("etc/sysconfig/network"), "NETWORKING=yes\nHOSTNAME=old\nNOZEROCONF=yes\n");

        assertEquals("removed", op.apply(guest).detail());
        assertEquals("NETWORKING=yes\nNOZEROCONF=yes\n", Files.readString(root.resolve("etc/sysconfig/network")));
        assertEquals("none there", op.apply(guest).detail());
        Files.delete(root.resolve("etc/sysconfig/network"));
        assertEquals("skipped: no /etc/sysconfig/network", op.apply(guest).detail());
        assertFalse(Files.exists(root.resolve("etc/sysconfig/network")));
    }

    @Test
    void rootPasswordBecomesASha512HashThatVerifies() throws IOException {
        String password = "h'o\"s$t`i\\le #%€";
        Map<String, Secret> secrets = Map.of("root", new Secret("root", password));
        List<GuestOp> ops = new Planner().plan(controller.definition(), tree, secrets, Instant.EPOCH);

        assertTrue(ops.stream().noneMatch(op -> op.describe().contains("$6$") || op.toString().contains("$6$")));
        applyAll(ops);

        String rootLine = Files.readString(root.resolve("etc/shadow")).lines().findFirst().orElseThrow();
        String hash = rootLine.split(":")[1];
        assertTrue(hash.startsWith("$6$"), rootLine);
        assertEquals(hash, Sha2Crypt.sha512Crypt(password.getBytes(java.nio.charset.StandardCharsets.UTF_8), hash));
        assertTrue(rootLine.endsWith(":19000:0:99999:7:::"), "other shadow fields are kept: " + rootLine);
        assertFalse(Files.readString(root.resolve("etc/shadow")).contains(password));
    }

    @Test
    void relabelFallsBackToAutorelabelWithoutSetfilesAndUsesItWhenPresent() throws IOException {
        List<GuestOp> ops = new Planner().plan(controller.definition(), tree, Map.of(), Instant.EPOCH);
        assertTrue(ops.get(ops.size() - 2) instanceof Relabel, "relabel runs last but the discard");
        assertEquals(new DiscardUnusedBlocks(), ops.get(ops.size() - 1), "the discard runs last, after every write");
        OpOutcome fallback = ops.get(ops.size() - 2).apply(guest);
        assertTrue(fallback.detail().startsWith("fallback: /.autorelabel"), fallback.detail());
        assertTrue(Files.exists(root.resolve(".autorelabel")));

        Files.delete(root.resolve(".autorelabel"));
        Files.createDirectories(root.resolve("usr/sbin"));
        Files.writeString(root.resolve("usr/sbin/setfiles"), "");
        Files.createDirectories(root.resolve("etc/selinux/targeted/contexts/files"));
        Files.writeString(root.resolve("etc/selinux/targeted/contexts/files/file_contexts"), "");
        applyAll(ops.stream().filter(op -> op instanceof UploadTree).toList());
        guest.commands.clear();
        OpOutcome relabel = ops.get(ops.size() - 2).apply(guest);
        assertEquals("in-guest setfiles", relabel.detail());
        List<String> argv = guest.commands.get(0);
        assertEquals(List.of("/usr/sbin/setfiles", "-F", "/etc/selinux/targeted/contexts/files/file_contexts"), argv.subList(0, 3));
        // A build-time install may touch anything under these; setfiles recurses, so the files under /etc are covered.
        // /opt does not exist in this guest; /var does (the tree brings /var/lib/stackbake).
        assertEquals(List.of("/etc", "/usr", "/var"), argv.subList(3, argv.size()), "existing install roots only: " + argv);
        assertFalse(Files.exists(root.resolve(".autorelabel")));

        List<GuestOp> firstboot = new Planner().plan(withInstall("firstboot"), tree, Map.of(), Instant.EPOCH);
        List<String> paths = ((Relabel) firstboot.get(firstboot.size() - 2)).paths();
        assertTrue(paths.contains("/etc/NetworkManager/system-connections/ens160.nmconnection"), paths.toString());
        assertFalse(paths.contains("/usr"), paths.toString());
    }

    @Test
    void buildInstallRunsFirstSoUnitOpsFindWhatItInstalledAndTheTreeReplacesPackageConfigs() {
        List<GuestOp> ops = new Planner().plan(controller.definition(), tree, Map.of(), Instant.EPOCH);

        InstallPackages install = (InstallPackages) ops.get(0);
        UpdatePackages update = (UpdatePackages) ops.get(1);
        assertTrue(ops.get(2) instanceof UploadTree, ops.toString());
        int firstUnitOp = 0;
        while (!(ops.get(firstUnitOp) instanceof EnableUnit || ops.get(firstUnitOp) instanceof DisableUnit)) {
            firstUnitOp++;
        }
        assertTrue(firstUnitOp > 0, "the install comes before every unit op");
        assertEquals(NodePackages.resolve(controller.definition()), install.packages());
        assertEquals("centos-release-openstack-epoxy", install.repoPackage());
        assertFalse(install.offline());
        assertEquals("install 12 packages with the guest's dnf (online: crb, epel-release, centos-release-openstack-epoxy)",
                install.describe());
        assertEquals(org.stackbake.spec.Definition.Updates.SECURITY, update.mode(), "security updates by default");
        assertEquals("apply security updates with the guest's dnf (online: the guest's repositories)", update.describe());
        Relabel relabel = (Relabel) ops.get(ops.size() - 2);
        assertTrue(relabel.paths().containsAll(List.of("/usr", "/etc", "/var", "/opt")), relabel.paths().toString());
    }

    @Test
    void updatesFollowTheInstallOfflineFromTheSameRepositoriesAndNoneOrFirstbootPlanNoUpdate() {
        List<Path> repos = List.of(Path.of("/srv/repo-a"));
        List<GuestOp> all = new Planner().plan(with(org.stackbake.spec.Definition.Install.BUILD,
                org.stackbake.spec.Definition.Updates.ALL), tree, Map.of(), Instant.EPOCH, repos);
        assertEquals("apply all updates with the guest's dnf (offline: 1 local repository, network off)",
                all.get(1).describe());

        for (var none : List.of(with(org.stackbake.spec.Definition.Install.BUILD, org.stackbake.spec.Definition.Updates.NONE),
                withInstall("firstboot"))) {
            List<GuestOp> ops = new Planner().plan(none, tree, Map.of(), Instant.EPOCH);
            assertTrue(ops.stream().noneMatch(op -> op instanceof UpdatePackages), ops.toString());
        }
    }

    @Test
    void firstbootInstallPlansNoInstallAndLocalRepositoriesMakeItOffline() {
        List<GuestOp> firstboot = new Planner().plan(withInstall("firstboot"), tree, Map.of(), Instant.EPOCH);
        assertTrue(firstboot.stream().noneMatch(op -> op instanceof InstallPackages), firstboot.toString());
        assertTrue(firstboot.get(0) instanceof UploadTree);

        List<GuestOp> offline = new Planner().plan(controller.definition(), tree, Map.of(), Instant.EPOCH,
                List.of(Path.of("/srv/repo-a"), Path.of("/srv/repo-b")));
        InstallPackages install = (InstallPackages) offline.get(0);
        assertTrue(install.offline());
        assertEquals(null, install.repoPackage(), "no repository-setup package offline");
        assertEquals("install 12 packages with the guest's dnf (offline: 2 local repositories, network off)", install.describe());
    }

    private org.stackbake.spec.Definition withInstall(String install) {
        return with(org.stackbake.spec.Definition.Install.valueOf(install.toUpperCase()), null);
    }

    /** updates null: the default for the install mode. */
    private org.stackbake.spec.Definition with(org.stackbake.spec.Definition.Install install,
                                               org.stackbake.spec.Definition.Updates updates) {
        var d = controller.definition();
        return new org.stackbake.spec.Definition(d.name(), d.release(), d.base(), d.hostname(), d.hosts(), d.network(),
                d.security(), d.cloudInit(), d.ntp(), d.services(), d.rootPassword(), d.users(), d.secrets(), d.packages(),
                install, d.repositories(), updates, d.packageNames(), d.artifacts());
    }

    private static int indexOf(List<GuestOp> ops, String description) {
        for (int i = 0; i < ops.size(); i++) {
            if (ops.get(i).describe().equals(description)) {
                return i;
            }
        }
        throw new AssertionError("no op " + description + " in " + ops.stream().map(GuestOp::describe).toList());
    }
}
