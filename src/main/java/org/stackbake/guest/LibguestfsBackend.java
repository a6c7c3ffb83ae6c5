package org.stackbake.guest;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;
import org.stackbake.StackbakeException;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.AccelMemory;
import org.stackbake.guest.api.GuestBackend;
import org.stackbake.guest.api.GuestDisk;
import org.stackbake.guest.api.GuestDisks;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.MountScope;

/** The libguestfs implementation of {@link GuestBackend}, loaded by name (see GuestBackends). */
public final class LibguestfsBackend implements GuestBackend {
    private final AccelMemory memory;

    public LibguestfsBackend() throws ClassNotFoundException {
        this(AccelMemory.atDefaultLocation());
    }

    public LibguestfsBackend(AccelMemory memory) throws ClassNotFoundException {
        this.memory = memory;
        // Runs GuestFS's static initialiser now, which loads the JNI library: a missing
        // libguestfs_jni.so surfaces here as a LinkageError, before any work starts.
        Class.forName("com.redhat.et.libguestfs.GuestFS", true, getClass().getClassLoader());
    }

    @Override
    public GuestSession open(Path disk, String format, boolean readOnly, Accel accel, Consumer<String> progress,
                             boolean network, MountScope scope) {
        return LibguestfsSession.open(new ApplianceLauncher(memory, progress), disk, format, readOnly, accel, network,
                scope);
    }

    @Override
    public GuestDisks openMany(List<GuestDisk> disks, String format, boolean readOnly, Accel accel, Consumer<String> progress,
                               boolean network) {
        return LibguestfsDisks.open(new ApplianceLauncher(memory, progress), disks, format, readOnly, accel, network);
    }

    @Override
    public List<String> syntheticFlavors() {
        return Arrays.stream(SyntheticBase.Flavor.values()).map(SyntheticBase.Flavor::id).toList();
    }

    @Override
    public void createSyntheticBase(String flavor, Path target, Accel accel, Consumer<String> progress) {
        SyntheticBase.Flavor chosen = SyntheticBase.Flavor.byId(flavor).orElseThrow(() -> StackbakeException.invalidInput(
                "unknown synthetic base '" + flavor + "'", "known: " + String.join(", ", syntheticFlavors())));
        try {
            SyntheticBase.create(chosen, target, SyntheticBase.Extras.NONE, new ApplianceLauncher(memory, progress), accel);
        } catch (IOException e) {
            throw StackbakeException.failure("creating synthetic base " + flavor + " failed: " + e.getMessage(),
                    "LIBGUESTFS_DEBUG=1 shows the appliance log", e);
        }
    }
}
