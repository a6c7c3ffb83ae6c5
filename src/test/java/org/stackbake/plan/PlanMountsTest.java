package org.stackbake.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.guest.api.MountScope;

@Tag("unit")
class PlanMountsTest {

    @Test
    void editsWithoutAnInstallLeaveTheBootFilesystemsUnmounted() {
        MountScope scope = PlanMounts.of(List.of(new EnableUnit("chronyd.service", "multi-user.target"),
                new Relabel(List.of("/etc/chrony.conf"), "targeted")));
        assertFalse(scope.includes("/boot"));
        assertFalse(scope.includes("/boot/efi"));
        assertFalse(scope.includes("/home"));
        assertTrue(scope.includes("/"));
        for (String mountpoint : List.of("/etc", "/usr", "/var", "/var/lib", "/usr/local", "/etc/systemd")) {
            assertTrue(scope.includes(mountpoint), mountpoint);
        }
    }

    @Test
    void whatAnOpTouchesIsMountedWhereverItIs() {
        MountScope scope = PlanMounts.of(List.of(new InstallFirstboot("stackbake-firstboot.service",
                "multi-user.target", "/srv/stackbake"), new SetRootPasswordHash("$6$salt$hash")));
        assertTrue(scope.includes("/srv"));
        assertFalse(scope.includes("/opt"));
    }

    @Test
    void installingPackagesMountsEverything() {
        MountScope scope = PlanMounts.of(List.of(InstallPackages.online(List.of("chrony"), null, List.of())));
        assertEquals(MountScope.ALL, scope);
        assertTrue(scope.includes("/boot/efi"));
    }
}
