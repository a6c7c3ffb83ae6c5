package org.stackbake.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.StackbakeException;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.guest.api.GuestOs;

@Tag("unit")
class SupportedGuestsTest {
    private static final Release EPOXY = ReleaseCatalog.builtIn().find("epoxy").orElseThrow();
    private static final Release FLAMINGO = ReleaseCatalog.builtIn().find("flamingo").orElseThrow();

    private static GuestOs os(String distro, int major) {
        return new GuestOs("linux", distro, major, 6, distro + " " + major, "rpm");
    }

    @Test
    void acceptsEveryRhelFamilyDistroOfASupportedMajor() {
        for (String distro : SupportedGuests.RHEL_FAMILY) {
            assertDoesNotThrow(() -> SupportedGuests.require(os(distro, 9), "base.qcow2", EPOXY));
        }
    }

    @Test
    void refusesAnotherDistroNamingWhatWasFound() {
        StackbakeException e = assertThrows(StackbakeException.class,
                () -> SupportedGuests.require(os("ubuntu", 24), "noble.qcow2", EPOXY));
        assertEquals(StackbakeException.Kind.INVALID_INPUT, e.kind());
        assertEquals("base noble.qcow2 is linux/ubuntu 24.6, not a RHEL-family Linux", e.getMessage());
    }

    @Test
    void refusesAMajorVersionTheReleaseIsNotPublishedFor() {
        StackbakeException e = assertThrows(StackbakeException.class,
                () -> SupportedGuests.require(os("rocky", 10), "rocky10.qcow2", EPOXY));
        assertEquals("base rocky10.qcow2 is rocky 10.6, but the release catalog has package sources for OpenStack epoxy"
                + " on EL [9] only", e.getMessage());
        assertDoesNotThrow(() -> SupportedGuests.require(os("rocky", 10), "rocky10.qcow2", FLAMINGO));
        assertThrows(StackbakeException.class, () -> SupportedGuests.require(os("rocky", 8), "rocky8.qcow2", EPOXY));
    }

    @Test
    void refusesANonLinuxGuest() {
        GuestOs windows = new GuestOs("windows", "windows", 10, 0, "Windows 10", "unknown");
        assertThrows(StackbakeException.class, () -> SupportedGuests.require(windows, "win.qcow2", EPOXY));
    }
}
