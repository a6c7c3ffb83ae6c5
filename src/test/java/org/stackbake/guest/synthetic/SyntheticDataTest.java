package org.stackbake.guest.synthetic;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The synthetic bases' data lists under /synthetic/ (packages, declared rpms, overlay files, enabled
 * units) as the generators read them, checked on the trees they make (no image is made here).
 */
@Tag("unit")
class SyntheticDataTest {

    @TempDir
    Path dir;

    private record TarEntry(String name, int mode, boolean directory, String symlinkTarget, String text) {}

    private Map<String, TarEntry> entries(GuestTree tree) throws IOException {
        Path tar = dir.resolve("tree-" + System.nanoTime() + ".tar");
        tree.writeTar(tar);
        Map<String, TarEntry> entries = new LinkedHashMap<>();
        try (TarArchiveInputStream in = new TarArchiveInputStream(Files.newInputStream(tar))) {
            for (TarArchiveEntry e = in.getNextEntry(); e != null; e = in.getNextEntry()) {
                String name = "/" + e.getName().replaceAll("/$", "");
                entries.put(name, new TarEntry(name, e.getMode() & 07777, e.isDirectory(),
                        e.isSymbolicLink() ? e.getLinkName() : null,
                        e.isFile() ? new String(in.readAllBytes(), StandardCharsets.UTF_8) : null));
            }
        }
        return entries;
    }

    @Test
    void dataListsSkipCommentsAndBlankLinesAndKeepIndentation() throws IOException {
        List<String> lines = SyntheticResources.lines("bootable/el9/declared-rpms.txt");
        assertTrue(lines.stream().noneMatch(l -> l.isBlank() || l.strip().startsWith("#")), lines.toString());
        assertEquals("rocky-release 9.6 1.3.el9", lines.get(0));
        assertEquals("    system-release", lines.get(1));
    }

    @Test
    void debianPackagesAreOneNamePerLine() throws IOException {
        for (ElGeneration generation : ElGeneration.values()) {
            List<String> packages = BootableUserland.debianPackages(generation);
            assertTrue(packages.containsAll(List.of("systemd", "cloud-init", "linux-image-amd64", "rpm", "dnf", "tzdata")));
            assertTrue(packages.stream().allMatch(p -> p.matches("[a-z0-9][a-z0-9+.-]+")), packages.toString());
        }
    }

    @Test
    void theGenerationsShareOneGeneratorAndDifferInIdentityAndDeclaredRpms() throws IOException {
        assertEquals(List.of("bookworm", "trixie"), List.of(ElGeneration.EL9.suite(), ElGeneration.EL10.suite()));
        assertEquals("bootable/el10/declared-rpms.txt", ElGeneration.EL10.resource("declared-rpms.txt"));
        assertEquals("bootable/customize.sh", ElGeneration.EL10.resource("customize.sh"), "one customize script");
        Map<String, TarEntry> overlay = entries(BootableUserland.overlayTree(ElGeneration.EL10));
        String osRelease = overlay.get("/usr/lib/os-release").text();
        assertTrue(osRelease.contains("VERSION_ID=\"10.1\"") && osRelease.contains("PLATFORM_ID=\"platform:el10\""),
                osRelease);
        assertEquals("Rocky Linux release 10.1 (Red Quartz)\n", overlay.get("/etc/rocky-release").text());
        assertEquals("cpe:/o:rocky:rocky:10\n", overlay.get("/etc/system-release-cpe").text());
        assertEquals("This is a SYNTHETIC bootable test base made by stackbake (rocky-10-bootable); it is not a real"
                + " rocky image.", overlay.get(RootTree.MARKER).text().lines().findFirst().orElseThrow());
        assertTrue(overlay.get(RootTree.MARKER).text().contains("Real: a Debian 13 userland"));
        // The console's text before a login is EL's (\S: os-release's PRETTY_NAME), labelled, not Debian's.
        assertEquals("\\S\nKernel \\r on an \\m\nSYNTHETIC stackbake test base: a Debian 13 userland dressed as Rocky Linux"
                + " release 10.1 (Red Quartz), not a real image\n\n", overlay.get("/etc/issue").text());
        assertEquals("Rocky Linux 10.1", Distro.ROCKY_10.shortName());
        assertEquals("Rocky Linux 9.6", Distro.ROCKY_9.shortName());

        Map<String, RpmDatabase.Declared> declared = new LinkedHashMap<>();
        BootableUserland.declared(ElGeneration.EL10).forEach(p -> declared.put(p.name(), p));
        assertEquals(new RpmDatabase.Declared("rocky-release", "10.1", "1.4.el10", List.of("system-release",
                "system-release(releasever) = 10", "redhat-release = 10.1")), declared.get("rocky-release"));
        // What EL10 definitions install from the vendors' repositories, besides EL's own names.
        assertTrue(declared.keySet().containsAll(List.of("MariaDB-server", "MariaDB-client", "MariaDB-backup",
                "rabbitmq-server", "erlang", "memcached", "chrony", "python3-openstackclient", "mariadb-server")),
                declared.keySet().toString());
        assertTrue(declared.values().stream().allMatch(p -> p.release().endsWith(".el10")), declared.toString());
        RpmDatabase.Declared userland = declared.get("stackbake-debian-userland");
        assertEquals("13", userland.version());
        assertTrue(userland.provides().containsAll(List.of("python(abi) = 3.13", "libc.so.6(GLIBC_2.41)(64bit)")));
    }

    @Test
    void declaredRpmsCarryTheirIndentedProvidesAndNothingElse() throws IOException {
        Map<String, RpmDatabase.Declared> declared = new LinkedHashMap<>();
        BootableUserland.declared(ElGeneration.EL9).forEach(p -> declared.put(p.name(), p));
        assertEquals(new RpmDatabase.Declared("rocky-release", "9.6", "1.3.el9", List.of("system-release",
                "system-release(releasever) = 9", "redhat-release = 9.6", "base-module(platform:el9)")),
                declared.get("rocky-release"));
        assertEquals(new RpmDatabase.Declared("vim-enhanced", "9.0", "0.synthetic.el9", List.of("vim")),
                declared.get("vim-enhanced"));
        RpmDatabase.Declared userland = declared.get("stackbake-debian-userland");
        assertEquals(List.of("stackbake-debian-userland", "12", "0.synthetic.el9"),
                List.of(userland.name(), userland.version(), userland.release()));
        assertEquals("stackbake-debian-userland", List.copyOf(declared.keySet()).get(declared.size() - 1), "last");
        assertEquals("/bin/sh", userland.provides().get(0));
        // glibc 2.36's symbol versions, 2.2.5 to 2.36.
        List<String> glibc = userland.provides().stream().filter(p -> p.startsWith("libc.so.6(GLIBC_")).toList();
        assertEquals(38, glibc.size(), glibc.toString());
        assertEquals("libc.so.6(GLIBC_2.36)(64bit)", glibc.get(glibc.size() - 1));
        assertTrue(userland.provides().contains("python(abi) = 3.11"));
        declared.values().stream().filter(p -> !List.of("rocky-release", "vim-enhanced", "stackbake-debian-userland")
                .contains(p.name())).forEach(p -> {
                    assertEquals(List.of("0", "0.synthetic.el9", List.of()), List.of(p.version(), p.release(), p.provides()),
                            p.name());
                });
    }

    @Test
    void theOverlayLaysEveryListedFileWithItsModeAndContent() throws IOException {
        Map<String, TarEntry> overlay = entries(BootableUserland.overlayTree(ElGeneration.EL9));
        int listed = 0;
        for (String line : SyntheticResources.lines("bootable/files.tsv")) {
            String[] f = line.split("\t");
            String path = f[0].replaceAll("/$", "");
            TarEntry entry = overlay.get(path);
            assertTrue(entry != null, path + " missing from " + overlay.keySet());
            assertEquals(Integer.parseInt(f[1], 8), entry.mode(), path);
            assertEquals(f.length == 2, entry.directory(), path);
            if (f.length == 3) {
                assertEquals(SyntheticResources.text(f[2]), entry.text(), path);
            }
            listed++;
        }
        assertTrue(listed > 0, "files.tsv lists nothing");
        assertEquals(0640, overlay.get("/etc/chrony.keys").mode());
        assertEquals("This is a SYNTHETIC bootable test base made by stackbake (rocky-9-bootable); it is not a real"
                + " rocky image.", overlay.get(RootTree.MARKER).text().lines().findFirst().orElseThrow());
        assertTrue(overlay.get(RootTree.MARKER).text().contains("Real: a Debian 12 userland"));
        assertEquals("cpe:/o:rocky:rocky:9\n", overlay.get("/etc/system-release-cpe").text());
        assertTrue(overlay.get("/etc/cloud/cloud.cfg").text().contains("rocky"));
        assertFalse(overlay.get("/etc/cloud/cloud.cfg").text().contains("@USER@"));
    }

    @Test
    void rockyEnablesTheListedUnits() throws IOException {
        Path rpmRoot = Files.createDirectories(dir.resolve("rpmroot/var/lib/rpm"));
        Files.writeString(rpmRoot.resolve("rpmdb.sqlite"), "staged");
        Map<String, TarEntry> root = entries(RootTree.build(Distro.ROCKY_9, dir.resolve("rpmroot")));
        String wants = "/etc/systemd/system/multi-user.target.wants";
        List<String> enabled = root.keySet().stream().filter(n -> n.startsWith(wants + "/"))
                .map(n -> n.substring(wants.length() + 1)).toList();
        assertEquals(SyntheticResources.lines("el9/enabled-units.txt").stream().sorted().toList(), enabled);
        assertTrue(enabled.contains("sshd.service"), enabled.toString());
        for (String unit : enabled) {
            assertEquals("/usr/lib/systemd/system/" + unit, root.get(wants + "/" + unit).symlinkTarget());
            assertEquals(SyntheticResources.text("el9/units/" + unit), root.get("/usr/lib/systemd/system/" + unit).text());
        }
    }
}
