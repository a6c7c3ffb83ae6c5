package org.stackbake.cli;

import org.stackbake.guest.api.Accel;
import picocli.CommandLine.Option;

/** --accel, shared by every command that launches the libguestfs appliance. */
final class AccelOption {
    @Option(names = "--accel", paramLabel = "auto|kvm|tcg", defaultValue = "auto",
            description = "Appliance accelerator; auto tries KVM and falls back to TCG once. Default: ${DEFAULT-VALUE}.")
    Accel accel;
}
