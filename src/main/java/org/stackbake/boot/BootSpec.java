package org.stackbake.boot;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.stackbake.guest.api.Accel;

/**
 * What to boot and how: the image (never modified: the VM runs on a throw-away overlay), the
 * definition it was built from (empty: the one named in the image's .json manifest), the overall
 * time budget from power-on to the last probe, accelerator, guest memory, where the serial console
 * goes (empty: {@code IMAGE.console.log} beside the image, or a temp file when that directory is
 * not writable) and how the management NIC is wired.
 *
 * <p>For tests: {@code extraTcpPorts} are more guest ports on the management address to forward
 * from 127.0.0.1 (see {@link RunningNode#hostPort}); {@code inPlace} boots the qcow2 itself instead
 * of an overlay, so a second run boots what the first left behind (pass a disposable copy or
 * overlay of the built image, never the image). {@code laterBoot}: the disk already finished first
 * boot; expect first boot NOT to run again (its unit is skipped by the done marker), wait for the
 * node to come up instead and probe its services: what a reboot of a deployed node looks like.
 */
public record BootSpec(Path image, Optional<Path> definition, Duration timeout, Accel accel, int memoryMb,
                       Optional<Path> console, ManagementLink managementLink, List<Integer> extraTcpPorts,
                       boolean inPlace, boolean laterBoot) {

    public static final Duration DEFAULT_TIMEOUT = Duration.ofMinutes(20);
    public static final int DEFAULT_MEMORY_MB = 2048;

    public BootSpec {
        definition = definition == null ? Optional.empty() : definition;
        console = console == null ? Optional.empty() : console;
        managementLink = managementLink == null ? ManagementLink.userMode() : managementLink;
        extraTcpPorts = extraTcpPorts == null ? List.of() : List.copyOf(extraTcpPorts);
    }

    /** The defaults of the CLI: manifest's definition, 20 minutes, auto accelerator, 2048 MB, user-mode network. */
    public static BootSpec of(Path image) {
        return new BootSpec(image, Optional.empty(), DEFAULT_TIMEOUT, Accel.AUTO, DEFAULT_MEMORY_MB, Optional.empty(),
                ManagementLink.userMode(), List.of(), false, false);
    }

    public BootSpec withDefinition(Path def) {
        return new BootSpec(image, Optional.of(def), timeout, accel, memoryMb, console, managementLink, extraTcpPorts, inPlace, laterBoot);
    }

    public BootSpec withTimeout(Duration t) {
        return new BootSpec(image, definition, t, accel, memoryMb, console, managementLink, extraTcpPorts, inPlace, laterBoot);
    }

    public BootSpec withAccel(Accel a) {
        return new BootSpec(image, definition, timeout, a, memoryMb, console, managementLink, extraTcpPorts, inPlace, laterBoot);
    }

    public BootSpec withMemoryMb(int mb) {
        return new BootSpec(image, definition, timeout, accel, mb, console, managementLink, extraTcpPorts, inPlace, laterBoot);
    }

    public BootSpec withConsole(Path file) {
        return new BootSpec(image, definition, timeout, accel, memoryMb, Optional.of(file), managementLink, extraTcpPorts, inPlace, laterBoot);
    }

    public BootSpec withExtraTcpPorts(List<Integer> ports) {
        return new BootSpec(image, definition, timeout, accel, memoryMb, console, managementLink, ports, inPlace, laterBoot);
    }

    /** Boots the qcow2 itself (its changes stay): for a test's own disposable copy, booted twice. */
    public BootSpec bootedInPlace() {
        return new BootSpec(image, definition, timeout, accel, memoryMb, console, managementLink, extraTcpPorts, true, laterBoot);
    }

    /** Boots a disk whose first boot already finished (see {@code laterBoot}); implies {@link #bootedInPlace()}. */
    public BootSpec asLaterBoot() {
        return new BootSpec(image, definition, timeout, accel, memoryMb, console, managementLink, extraTcpPorts, true, true);
    }

    public BootSpec withImage(Path disk) {
        return new BootSpec(disk, definition, timeout, accel, memoryMb, console, managementLink, extraTcpPorts, inPlace, laterBoot);
    }

    public BootSpec withManagementLink(ManagementLink link) {
        return new BootSpec(image, definition, timeout, accel, memoryMb, console, link, extraTcpPorts, inPlace, laterBoot);
    }
}
