package org.stackbake.guest;

import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;
import org.apache.commons.codec.digest.DigestUtils;
import org.stackbake.CacheDirs;
import org.stackbake.files.AtomicFiles;

/**
 * Makes the appliance's qemu die with the process that launched it, even on SIGKILL.
 *
 * <p>libguestfs's recovery process is not enough: it polls with {@code kill(parent, 0)} every two
 * seconds, and a SIGKILLed parent stays a zombie, which that probe still finds alive, until its own
 * parent reaps it; a CI runner or supervisor that does not reap at once keeps qemu running.
 * Instead the appliance is started through a tiny wrapper, set as the handle's hypervisor, that
 * execs qemu under {@code setpriv --pdeathsig KILL}: the kernel sends SIGKILL to qemu the moment
 * the thread that forked it dies, with no polling. That thread is the one calling
 * {@code launch()}, which for stackbake is the thread that also closes the session.
 *
 * <p>Without setpriv (util-linux) the handle keeps its own hypervisor and the recovery process.
 */
final class ParentDeathHv {
    private static final List<Path> SETPRIV = List.of(Path.of("/usr/bin/setpriv"), Path.of("/bin/setpriv"));

    private ParentDeathHv() {}

    static void apply(GuestFS g) throws LibGuestFSException {
        Optional<Path> setpriv = SETPRIV.stream().filter(Files::isExecutable).findFirst();
        if (setpriv.isEmpty()) {
            return;
        }
        try {
            g.set_hv(wrapper(CacheDirs.fromSystem().applianceWrappers(), setpriv.get(), g.get_hv()).toString());
        } catch (IOException e) {
            // The recovery process still stops qemu in the common case; a build is not worth failing for this.
        }
    }

    /**
     * The wrapper for {@code hv}, written once per content and qemu build (named by their hash) so
     * concurrent runs share it. It carries qemu's mtime: libguestfs caches what it learnt by probing a
     * hypervisor under the hypervisor file's size and mtime, so every wrapper of one qemu build (in
     * any cache directory) hits that cache, and a qemu upgrade gets a new wrapper that is probed
     * anew. A wrapper with a fresh mtime made libguestfs probe qemu again on each new cache
     * directory; the two heap-corruption aborts CI saw came from such a run.
     */
    static Path wrapper(Path dir, Path setpriv, String hv) throws IOException {
        String script = "#!/bin/sh\n"
                + "# Written by stackbake: the libguestfs appliance's qemu, killed when the process that launched it dies.\n"
                + "exec " + quote(setpriv.toString()) + " --pdeathsig KILL -- " + quote(hv) + " \"$@\"\n";
        Path qemu = Path.of(hv);
        FileTime qemuTime = Files.exists(qemu) ? Files.getLastModifiedTime(qemu) : null;
        String build = qemuTime == null ? "" : Files.size(qemu) + " " + qemuTime.toMillis();
        Path wrapper = dir.resolve("qemu-pdeathsig-" + DigestUtils.sha256Hex(script + build).substring(0, 16));
        if (!Files.isExecutable(wrapper)) {
            Files.createDirectories(dir);
            AtomicFiles.write(wrapper, script.getBytes(StandardCharsets.UTF_8), PosixFilePermissions.fromString("rwxr-xr-x"));
            if (qemuTime != null) {
                Files.setLastModifiedTime(wrapper, qemuTime);
            }
        }
        return wrapper;
    }

    private static String quote(String word) {
        return "'" + word.replace("'", "'\\''") + "'";
    }
}
