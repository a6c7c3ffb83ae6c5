package org.stackbake.guest.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AccelMemoryTest {
    @TempDir
    Path cache;

    @Test
    void autoGoesStraightToTcgOnceKvmFailedThisBootAndSaysSo() {
        AccelMemory memory = new AccelMemory(cache.resolve("kvm-unusable"));
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
        AccelMemory memory = new AccelMemory(cache.resolve("kvm-unusable"));
        memory.recordKvmFailure(false);
        assertEquals(Accel.AUTO, memory.choose(Accel.AUTO, line -> { }));
    }

    @Test
    void aMarkerFromAnotherBootIsIgnored() throws Exception {
        Files.writeString(cache.resolve("kvm-unusable"), "00000000-0000-0000-0000-000000000000");
        assertEquals(Accel.AUTO, new AccelMemory(cache.resolve("kvm-unusable")).choose(Accel.AUTO, line -> { }));
    }
}
