package org.stackbake.guest.api;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.stackbake.CacheDirs;

/**
 * Decides what {@code auto} means on this host, for appliance launches and boot tests alike. Without
 * a usable KVM device it is TCG at once (a launch that insists on KVM could only fail). Otherwise it
 * is KVM, unless a KVM launch already failed here since the host booted (nested KVM often crashes qemu
 * in CI VMs, and the failed attempt costs most of a minute): that is remembered in a marker file.
 * {@code --accel kvm} always tries KVM again.
 */
public final class AccelMemory {
    private static final Path BOOT_ID = Path.of("/proc/sys/kernel/random/boot_id");
    /** Where KVM is looked for; overridable for hosts (and tests) that expose it elsewhere. */
    public static final String KVM_DEVICE_ENV = "STACKBAKE_KVM_DEVICE";

    private final Path marker;
    private final Path kvmDevice;

    public AccelMemory(Path marker, Path kvmDevice) {
        this.marker = marker;
        this.kvmDevice = kvmDevice;
    }

    public static AccelMemory atDefaultLocation() {
        String device = System.getenv(KVM_DEVICE_ENV);
        return new AccelMemory(CacheDirs.fromSystem().kvmUnusableMarker(),
                Path.of(device == null || device.isBlank() ? "/dev/kvm" : device));
    }

    /** The accelerator to ask for: AUTO becomes TCG without a usable KVM device or when KVM already failed since this boot. */
    public Accel choose(Accel requested, Consumer<String> progress) {
        if (requested != Accel.AUTO) {
            return requested;
        }
        if (!Files.isReadable(kvmDevice) || !Files.isWritable(kvmDevice)) {
            progress.accept("no usable " + kvmDevice + ": using TCG (software emulation, slower)");
            return Accel.TCG;
        }
        if (kvmFailedThisBoot()) {
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
