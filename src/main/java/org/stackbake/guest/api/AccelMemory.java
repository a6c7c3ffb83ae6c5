package org.stackbake.guest.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.stackbake.CacheDirs;

/**
 * Remembers, until the host reboots, that KVM appliance launches fail here (nested KVM often
 * crashes qemu in CI VMs and the failed attempt costs most of a minute), so later {@code auto}
 * launches go straight to TCG. {@code --accel kvm} always tries KVM again.
 */
public final class AccelMemory {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");

    private final Path marker;

    public AccelMemory(Path marker) {
        this.marker = marker;
    }

    public static AccelMemory atDefaultLocation() {
        return new AccelMemory(CacheDirs.fromSystem().kvmUnusableMarker());
    }

    /** The accelerator to ask for: AUTO becomes TCG when KVM already failed since this boot. */
    public Accel choose(Accel requested, Consumer<String> progress) {
        if (requested == Accel.AUTO && kvmFailedThisBoot()) {
            progress.accept("KVM launches failed on this host earlier (since boot); using TCG (--accel kvm retries KVM)");
            return Accel.TCG;
        }
        return requested;
    }

    /** Records that a launch had to fall back from KVM to TCG: KVM does not work on this host. */
    public void recordKvmFailure(boolean kvmFailed) {
        if (!kvmFailed) {
            return;
        }
        try {
            Files.createDirectories(marker.getParent());
            Files.writeString(marker, bootId());
        } catch (IOException e) {
            // Only an optimisation: the next launch tries KVM again.
        }
    }

    private boolean kvmFailedThisBoot() {
        try {
            return Files.isRegularFile(marker) && Files.readString(marker, StandardCharsets.UTF_8).equals(bootId());
        } catch (IOException e) {
            return false;
        }
    }

    private static String bootId() throws IOException {
        return Files.isReadable(BOOT_ID) ? Files.readString(BOOT_ID).strip() : "unknown";
    }
}
