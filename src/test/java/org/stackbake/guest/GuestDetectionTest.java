package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.guest.GuestDetection.Candidate;
import org.stackbake.guest.GuestDetection.Decision;
import org.stackbake.guest.GuestDetection.FstabEntry;
import org.stackbake.guest.api.GuestOs;

@Tag("unit")
class GuestDetectionTest {
    private static final String ROCKY = """
            NAME="Rocky Linux"
            VERSION="9.6 (Blue Onyx)"
            ID="rocky"
            ID_LIKE="rhel centos fedora"
            VERSION_ID="9.6"
            PRETTY_NAME="Rocky Linux 9.6 (Blue Onyx)"
            """;
    private static final String ROCKY_FSTAB = """
            #
            # /etc/fstab
            #
            UUID=6ea3cdb8-23a5-4b4c-9c38-1e3b0bb3a0c2 /                       xfs     defaults        0 0
            UUID=1b2c3d4e-0000-4b4c-9c38-1e3b0bb3a0c2 /boot                   xfs     defaults        0 0
            UUID=7B77-95E7          /boot/efi               vfat    defaults,uid=0,gid=0,umask=077,shortname=winnt 0 2
            /dev/mapper/swap        none                    swap    defaults        0 0
            tmpfs                   /tmp                    tmpfs   defaults        0 0
            """;

    @Test
    void osReleaseValuesAreUnquotedAndCommentsIgnored() {
        Map<String, String> fields = GuestDetection.parseOsRelease(ROCKY + "# comment\nBROKEN\nVERSION_CODENAME=bookworm\n"
                + "QUOTED='a \\\"b\\\"'\n");
        assertEquals("rocky", fields.get("ID"));
        assertEquals("rhel centos fedora", fields.get("ID_LIKE"));
        assertEquals("9.6", fields.get("VERSION_ID"));
        assertEquals("Rocky Linux", fields.get("NAME"));
        assertEquals("bookworm", fields.get("VERSION_CODENAME"));
        assertEquals("a \"b\"", fields.get("QUOTED"));
        assertNull(fields.get("BROKEN"));
    }

    @Test
    void rockyIsNamedAsLibguestfsInspectionNamesIt() {
        GuestOs os = GuestDetection.guestOs(GuestDetection.parseOsRelease(ROCKY), null).orElseThrow();
        assertEquals(new GuestOs("linux", "rocky", 9, 6, "Rocky Linux 9.6 (Blue Onyx)", "rpm"), os);
    }

    @Test
    void centosStreamHasNoMinorAndDebianTakesItsMinorFromDebianVersion() {
        GuestOs centos = GuestDetection.guestOs(Map.of("ID", "centos", "VERSION_ID", "9",
                "NAME", "CentOS Stream"), null).orElseThrow();
        assertEquals(new GuestOs("linux", "centos", 9, 0, "CentOS Stream", "rpm"), centos);
        GuestOs debian = GuestDetection.guestOs(Map.of("ID", "debian", "VERSION_ID", "12",
                "PRETTY_NAME", "Debian GNU/Linux 12 (bookworm)"), "12.11\n").orElseThrow();
        assertEquals(new GuestOs("linux", "debian", 12, 11, "Debian GNU/Linux 12 (bookworm)", "deb"), debian);
        assertEquals("almalinux", GuestDetection.guestOs(Map.of("ID", "almalinux", "VERSION_ID", "8.10"), null)
                .orElseThrow().distro());
    }

    @Test
    void noIdOrNonNumericVersionCannotBeDecided() {
        assertEquals(Optional.empty(), GuestDetection.guestOs(Map.of("VERSION_ID", "9.6"), null));
        assertEquals(Optional.empty(), GuestDetection.guestOs(Map.of("ID", "fedora", "VERSION_ID", "rawhide"), null));
        assertEquals(Optional.empty(), GuestDetection.guestOs(Map.of("ID", "arch"), null));
    }

    @Test
    void fstabKeepsRealFilesystemsParentsFirst() {
        List<FstabEntry> entries = GuestDetection.parseFstab(ROCKY_FSTAB);
        assertEquals(5, entries.size());
        assertEquals(List.of("/", "/boot", "/boot/efi"),
                GuestDetection.mountable(entries).stream().map(FstabEntry::mountpoint).toList());
        assertEquals("UUID=7B77-95E7", GuestDetection.mountable(entries).get(2).spec());
        assertEquals(Optional.empty(), GuestDetection.unmountable(entries));
    }

    @Test
    void fstabTheTargetedDetectionLeavesToTheFullInspection() {
        assertEquals(Optional.of("fstab mounts a btrfs subvolume at /"), GuestDetection.unmountable(
                GuestDetection.parseFstab("UUID=abc / btrfs subvol=root,compress=zstd:1 0 0\n")));
        assertEquals(Optional.of("fstab names / by PARTUUID=1234"), GuestDetection.unmountable(
                GuestDetection.parseFstab("PARTUUID=1234 / ext4 defaults 0 1\n")));
        assertEquals(Optional.of("fstab has no entry for /"), GuestDetection.unmountable(
                GuestDetection.parseFstab("LABEL=boot /boot ext4 defaults 0 0\n")));
        assertEquals(Optional.empty(), GuestDetection.unmountable(
                GuestDetection.parseFstab("/dev/vda1 / ext4 defaults 0 1\n/dev/vg/home /home xfs defaults 0 0\n")));
    }

    @Test
    void theOneCandidateWithOsReleaseAndFstabIsTheRoot() {
        Decision decision = GuestDetection.chooseRoot(List.of(new Candidate("/dev/sda3", null, null),
                new Candidate("/dev/sda4", ROCKY, ROCKY_FSTAB), new Candidate("/dev/sda5", ROCKY, null)));
        assertEquals("/dev/sda4", decision.root().device());
        assertNull(decision.undecided());
    }

    @Test
    void severalRootsOrNoneAreLeftToTheFullInspection() {
        Decision two = GuestDetection.chooseRoot(List.of(new Candidate("/dev/sda2", ROCKY, ROCKY_FSTAB),
                new Candidate("/dev/sdb2", ROCKY, ROCKY_FSTAB)));
        assertNull(two.root());
        assertEquals("2 filesystems hold /etc/os-release and /etc/fstab (/dev/sda2, /dev/sdb2)", two.undecided());

        Decision noOsRelease = GuestDetection.chooseRoot(List.of(new Candidate("/dev/sda1", null, ROCKY_FSTAB)));
        assertNull(noOsRelease.root());
        assertTrue(noOsRelease.undecided().contains("no /etc/os-release"), noOsRelease.undecided());

        Decision nothing = GuestDetection.chooseRoot(List.of(new Candidate("/dev/sda1", null, null)));
        assertEquals("no filesystem holds /etc/os-release and /etc/fstab", nothing.undecided());
        assertEquals("no filesystem holds /etc/os-release and /etc/fstab", GuestDetection.chooseRoot(List.of()).undecided());
    }
}
