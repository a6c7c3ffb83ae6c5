package org.stackbake.plan;

import org.stackbake.guest.api.GuestEditor;

/**
 * One typed edit of the guest, applied in plan order. {@link #describe()} is the progress line
 * and must never contain a secret.
 */
public sealed interface GuestOp permits UploadTree, RemoveLegacyHostname, EnableUnit, DisableUnit, SetRootPasswordHash,
        InstallFirstboot, Relabel, InstallPackages, UpdatePackages, InstallArtifact {

    String describe();

    OpOutcome apply(GuestEditor guest);

    /** The guest paths this op creates or changes, so the relabel step knows what to fix. */
    default java.util.List<String> touchedPaths() {
        return java.util.List.of();
    }
}
