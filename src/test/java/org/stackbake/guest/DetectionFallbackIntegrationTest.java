package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.files.FileTrees;
import org.stackbake.guest.api.GuestSession;

/**
 * Real libguestfs: a Rocky root without os-release defeats the targeted detection, while libguestfs's
 * inspection still recognises it by /etc/redhat-release. The open must fall back, say so, and name the
 * guest as before. Two launches: one to remove os-release from an overlay, one to open it.
 */
@Tag("libguestfs")
class DetectionFallbackIntegrationTest {

    @Test
    void aRootWithoutOsReleaseFallsBackToTheFullInspectionAndSaysSo() throws Exception {
        Path base = GuestTestSupport.syntheticBase("rocky-9");
        Path work = Files.createTempDirectory("stackbake-detect-");
        try {
            Path overlay = GuestTestSupport.overlayOf(base, work.resolve("no-os-release.qcow2"));

            List<String> firstNotes = new ArrayList<>();
            try (GuestSession guest = new LibguestfsBackend().open(overlay, "qcow2", false, GuestTestSupport.accel(),
                    firstNotes::add)) {
                assertTrue(guest.openTimings().matches("launch \\d+\\.\\d s, detect \\d+\\.\\d s"), guest.openTimings());
                assertFalse(String.join("\n", firstNotes).contains("falling back"), "the base itself is detected: "
                        + firstNotes);
                guest.remove("/etc/os-release");
                guest.remove("/usr/lib/os-release");
            }

            List<String> notes = new ArrayList<>();
            try (GuestSession guest = new LibguestfsBackend().open(overlay, "qcow2", true, GuestTestSupport.accel(),
                    notes::add)) {
                assertTrue(notes.stream().anyMatch(n -> n.startsWith("targeted guest detection could not decide")
                        && n.contains("no /etc/os-release") && n.endsWith("falling back to libguestfs's full inspection")),
                        notes.toString());
                assertEquals("rocky", guest.os().distro());
                assertEquals(9, guest.os().major());
                assertEquals("rpm", guest.os().packageFormat());
                assertTrue(guest.exists("/boot/efi/EFI/rocky"), "mounted by the inspection's mount points");
                // The synthetic base has no rpm program: the listing is the inspection's, already made.
                assertEquals(List.of("rocky-release-9.6-1.3.el9.noarch"), guest.installedPackages());
            }
        } finally {
            FileTrees.delete(work);
        }
    }
}
