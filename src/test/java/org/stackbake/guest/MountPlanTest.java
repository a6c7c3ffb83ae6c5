package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.guest.api.MountScope;

@Tag("unit")
class MountPlanTest {
    private static final MountPlan ROCKY = MountPlan.of(new LinkedHashMap<>(Map.of(
            "/", "/dev/sda4", "/boot", "/dev/sda3", "/boot/efi", "/dev/sda2")));

    @Test
    void mountsShortestMountPointFirst() {
        assertEquals(List.of("/", "/boot", "/boot/efi"), ROCKY.mounts().stream().map(Map.Entry::getKey).toList());
        assertEquals("/dev/sda4", ROCKY.root());
    }

    @Test
    void aTwinDiskGetsTheSamePartitionNumbers() {
        MountPlan moved = ROCKY.movedTo("/dev/sda", "/dev/sdc").orElseThrow();
        assertEquals(List.of(Map.entry("/", "/dev/sdc4"), Map.entry("/boot", "/dev/sdc3"),
                Map.entry("/boot/efi", "/dev/sdc2")), moved.mounts());
        assertEquals("/dev/sdc4", moved.root());
    }

    @Test
    void devicesThatAreNotPlainPartitionsOfTheDiskCannotBeMoved() {
        MountPlan lvm = MountPlan.of(Map.of("/", "/dev/rl/root", "/boot", "/dev/sda1"));
        assertEquals(Optional.empty(), lvm.movedTo("/dev/sda", "/dev/sdb"));
        // /dev/sdaa1 is on /dev/sdaa, not a partition of /dev/sda.
        assertEquals(Optional.empty(), MountPlan.of(Map.of("/", "/dev/sdaa1")).movedTo("/dev/sda", "/dev/sdb"));
    }

    @Test
    void aScopeKeepsRootAndTheFilesystemsHoldingItsDirectories() {
        MountPlan plan = MountPlan.of(Map.of("/", "/dev/sda4", "/boot", "/dev/sda3", "/boot/efi", "/dev/sda2",
                "/var", "/dev/sda5", "/var/log", "/dev/sda6", "/home", "/dev/sda7"));
        MountPlan scoped = plan.within(MountScope.holding(List.of("/etc", "/usr", "/var/lib/rpm")));
        // /var holds /var/lib/rpm; /var/log neither holds a directory in scope nor lies under one.
        assertEquals(List.of("/", "/var"), scoped.mounts().stream().map(Map.Entry::getKey).toList());
        assertEquals(List.of("/", "/var", "/var/log"), plan.within(MountScope.holding(List.of("/var")))
                .mounts().stream().map(Map.Entry::getKey).toList());
        assertEquals(plan.mounts(), plan.within(MountScope.ALL).mounts());
        assertTrue(plan.within(MountScope.holding(List.of("/boot/efi/EFI"))).mounts().stream()
                .anyMatch(m -> m.getKey().equals("/boot/efi")));
    }
}
