package org.stackbake.guest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@Tag("unit")
class AccelMemoryTest {
    @TempDir
    Path cache;
    Path kvm;

    /** A stand-in for /dev/kvm that this test can make usable or not, whatever the host has. */
    @org.junit.jupiter.api.BeforeEach
    void usableKvmDevice() throws Exception {
        kvm = Files.createFile(cache.resolve("kvm"));
    }

    @Test
    void autoGoesStraightToTcgOnceKvmFailedThisBootAndSaysSo() {
        AccelMemory memory = new AccelMemory(cache.resolve("kvm-unusable"), kvm);
        List<String> said = new ArrayList<>();
        assertEquals(Accel.AUTO, memory.choose(Accel.AUTO, said::add), "nothing remembered yet");

        memory.recordKvmFailure(true);

        assertEquals(Accel.TCG, memory.choose(Accel.AUTO, said::add));
        assertEquals(1, said.size());
        assertTrue(said.get(0).contains("using TCG"), said.get(0));
        assertEquals(Accel.KVM, memory.choose(Accel.KVM, said::add), "--accel kvm always tries KVM");
    }

    @Test
    void aLaunchWithoutKvmFailureLeavesNothingToRemember() {
        AccelMemory memory = new AccelMemory(cache.resolve("kvm-unusable"), kvm);
        memory.recordKvmFailure(false);
        assertEquals(Accel.AUTO, memory.choose(Accel.AUTO, line -> { }));
    }

    @Test
    void aMarkerFromAnotherBootIsIgnored() throws Exception {
        Files.writeString(cache.resolve("kvm-unusable"), "00000000-0000-0000-0000-000000000000");
        assertEquals(Accel.AUTO, new AccelMemory(cache.resolve("kvm-unusable"), kvm).choose(Accel.AUTO, line -> { }));
    }

    @Test
    void withoutAUsableKvmDeviceAutoIsTcgAtOnceAndNothingIsRemembered() {
        List<String> said = new ArrayList<>();
        AccelMemory missing = new AccelMemory(cache.resolve("kvm-unusable"), cache.resolve("no-such-device"));
        assertEquals(Accel.TCG, missing.choose(Accel.AUTO, said::add));
        assertTrue(said.get(0).contains("no usable " + cache.resolve("no-such-device") + ": using TCG"), said.get(0));
        assertEquals(Accel.KVM, missing.choose(Accel.KVM, said::add), "--accel kvm still tries KVM");

        assertTrue(Files.notExists(cache.resolve("kvm-unusable")), "a missing device is seen each time, not remembered");
    }
}
