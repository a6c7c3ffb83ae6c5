package org.stackbake.guest.api;

import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;

/** Access to disk images through libguestfs; the implementation is loaded only when a build needs it. */
public interface GuestBackend {

    /**
     * Launches one appliance on the disk, inspects it and mounts its filesystems. The backend picks
     * the accelerator for {@code accel} (AUTO: KVM, or TCG once KVM failed here) and says so on progress.
     */
    default GuestSession open(Path disk, String format, boolean readOnly, Accel accel, Consumer<String> progress) {
        return open(disk, format, readOnly, accel, progress, false);
    }

    /** Like the above; with network set, the appliance has user-mode networking so guest programs (dnf) reach mirrors. */
    default GuestSession open(Path disk, String format, boolean readOnly, Accel accel, Consumer<String> progress,
                              boolean network) {
        return open(disk, format, readOnly, accel, progress, network, MountScope.ALL);
    }

    /** Like the above, mounting only the guest's filesystems in {@code scope}. */
    GuestSession open(Path disk, String format, boolean readOnly, Accel accel, Consumer<String> progress,
                      boolean network, MountScope scope);

    /**
     * Launches ONE appliance with every disk attached (same format), for building or checking
     * several images at the price of one launch; see {@link GuestDisks}.
     */
    GuestDisks openMany(List<GuestDisk> disks, String format, boolean readOnly, Accel accel, Consumer<String> progress,
                         boolean network);

    /** Flavors that {@link #createSyntheticBase} can make, e.g. rocky-9. */
    List<String> syntheticFlavors();

    /** Makes a synthetic test base of the flavor at target (qcow2). */
    void createSyntheticBase(String flavor, Path target, Accel accel, Consumer<String> progress);
}
