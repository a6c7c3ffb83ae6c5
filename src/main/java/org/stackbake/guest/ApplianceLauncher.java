package org.stackbake.guest;

import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;
import java.util.Arrays;
import java.util.function.Consumer;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.AccelMemory;

/**
 * The one place a libguestfs appliance is launched, for builds, verify and synthetic bases alike.
 * It owns the accelerator policy: {@code auto} means KVM unless the {@link AccelMemory} says KVM
 * failed on this host since boot; a failed KVM launch is retried once with TCG and remembered.
 * Every appliance's qemu dies with this process ({@link ParentDeathHv}).
 */
final class ApplianceLauncher {
    static final String DEBUG_HINT = "run again with LIBGUESTFS_DEBUG=1 LIBGUESTFS_TRACE=1 for the appliance log";

    /** Adds the drives to a fresh handle before launch. */
    interface Drives {
        void addTo(GuestFS g) throws LibGuestFSException;
    }

    /** A launched handle and the accelerator it runs with ("kvm" or "tcg"). */
    record Appliance(GuestFS g, String accelerator) {}

    /** One launch attempt: a launched handle, or a {@link StackbakeException} caused by libguestfs's error. */
    interface LaunchAttempt {
        GuestFS launch(Drives drives, boolean tcg);
    }

    private final AccelMemory memory;
    private final Consumer<String> progress;
    private final LaunchAttempt attempt;

    ApplianceLauncher(AccelMemory memory, Consumer<String> progress) {
        this(memory, progress, ApplianceLauncher::launchOnce);
    }

    /** With another launch attempt: tests check the KVM→TCG policy without an appliance. */
    ApplianceLauncher(AccelMemory memory, Consumer<String> progress, LaunchAttempt attempt) {
        this.memory = memory;
        this.progress = progress;
        this.attempt = attempt;
    }

    /** A line for the build's progress, e.g. that detection fell back to the full inspection. */
    void note(String line) {
        progress.accept(line);
    }

    Appliance launch(Accel requested, Drives drives) {
        Accel accel = memory.choose(requested, progress);
        if (accel == Accel.TCG || accel == Accel.AUTO && envForcesTcg()) {
            return new Appliance(attempt.launch(drives, true), "tcg");
        }
        try {
            return new Appliance(attempt.launch(drives, false), "kvm");
        } catch (StackbakeException e) {
            if (accel == Accel.KVM) {
                throw e;
            }
            Throwable why = e.getCause() != null ? e.getCause() : e;
            progress.accept("KVM appliance launch failed (" + why.getMessage().lines().findFirst().orElse("")
                    + "); retrying once with TCG (software emulation, slower)");
            Appliance tcg = new Appliance(attempt.launch(drives, true), "tcg");
            // Only once TCG worked: a host where nothing launches has learnt nothing about KVM.
            memory.recordKvmFailure(true);
            return tcg;
        }
    }

    private static boolean envForcesTcg() {
        String settings = System.getenv("LIBGUESTFS_BACKEND_SETTINGS");
        return settings != null && Arrays.asList(settings.split(":")).contains("force_tcg");
    }

    private static GuestFS launchOnce(Drives drives, boolean tcg) {
        GuestFS g = null;
        try {
            g = new GuestFS();
            g.set_backend_settings(tcg ? new String[] {"force_tcg"} : new String[] {"force_kvm"});
            ParentDeathHv.apply(g);
            drives.addTo(g);
            g.launch();
            return g;
        } catch (LibGuestFSException e) {
            closeQuietly(g);
            throw StackbakeException.failure("the libguestfs appliance did not start (" + (tcg ? "TCG" : "KVM") + "): "
                    + e.getMessage().lines().findFirst().orElse(""), DEBUG_HINT, e);
        }
    }

    static void closeQuietly(GuestFS g) {
        if (g != null) {
            try {
                g.close();
            } catch (LibGuestFSException ignored) {
                // Already failing; the first error is the one to report.
            }
        }
    }
}
