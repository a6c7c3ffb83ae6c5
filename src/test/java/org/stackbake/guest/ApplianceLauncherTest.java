package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.AccelMemory;

/**
 * The launcher's accelerator policy, with launch attempts that only record what was asked (the
 * real launches are exercised by every guest integration test; a failing KVM launch cannot be
 * provoked on a host without /dev/kvm, where stackbake no longer tries one).
 */
@Tag("unit")
class ApplianceLauncherTest {
    @TempDir
    Path dir;
    Path marker;
    Path kvm;
    final List<String> attempts = new ArrayList<>();
    final List<String> said = new ArrayList<>();

    @BeforeEach
    void usableKvmDevice() throws Exception {
        marker = dir.resolve("kvm-unusable");
        kvm = Files.createFile(dir.resolve("kvm"));
    }

    private ApplianceLauncher launcher(Path device, boolean kvmFails) {
        return new ApplianceLauncher(new AccelMemory(marker, device), said::add, (drives, tcg) -> {
            attempts.add(tcg ? "tcg" : "kvm");
            if (!tcg && kvmFails) {
                throw StackbakeException.failure("the libguestfs appliance did not start (KVM): qemu exited", "",
                        new IllegalStateException("qemu: failed to initialize kvm: No such device\nmore"));
            }
            return null;
        });
    }

    @Test
    void autoRetriesAFailedKvmLaunchOnceWithTcgSaysWhyAndRemembers() {
        ApplianceLauncher.Appliance appliance = launcher(kvm, true).launch(Accel.AUTO, g -> { });

        assertEquals("tcg", appliance.accelerator());
        assertEquals(List.of("kvm", "tcg"), attempts);
        assertTrue(said.stream().anyMatch(l -> l.equals("KVM appliance launch failed (qemu: failed to initialize kvm: No such device);"
                + " retrying once with TCG (software emulation, slower)")), said.toString());
        assertTrue(Files.isRegularFile(marker), "remembered");

        attempts.clear();
        assertEquals("tcg", launcher(kvm, true).launch(Accel.AUTO, g -> { }).accelerator());
        assertEquals(List.of("tcg"), attempts, "the next auto launch goes straight to TCG");
    }

    @Test
    void withoutAKvmDeviceAutoLaunchesTcgOnlyAndRemembersNothing() {
        assertEquals("tcg", launcher(dir.resolve("absent"), true).launch(Accel.AUTO, g -> { }).accelerator());
        assertEquals(List.of("tcg"), attempts);
        assertTrue(Files.notExists(marker));
    }

    @Test
    void explicitKvmFailsWithoutFallbackAndTcgNeverTriesKvm() {
        assertThrows(StackbakeException.class, () -> launcher(kvm, true).launch(Accel.KVM, g -> { }));
        assertEquals(List.of("kvm"), attempts);
        assertTrue(Files.notExists(marker), "an explicit --accel kvm failure teaches auto nothing");

        attempts.clear();
        assertEquals("tcg", launcher(kvm, false).launch(Accel.TCG, g -> { }).accelerator());
        assertEquals(List.of("tcg"), attempts);
    }

    @Test
    void autoWithWorkingKvmStaysOnKvm() {
        assertEquals("kvm", launcher(kvm, false).launch(Accel.AUTO, g -> { }).accelerator());
        assertEquals(List.of("kvm"), attempts);
    }
}
