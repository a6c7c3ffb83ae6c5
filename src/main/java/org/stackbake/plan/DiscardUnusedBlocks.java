package org.stackbake.plan;

import org.stackbake.guest.api.GuestEditor;

/**
 * Runs last: discards the blocks no file uses on the mounted filesystems (fstrim), what the build
 * freed (a package cache, replaced files) and what the base left free but not zeroed, so the
 * output holds only the guest's data (as virt-sparsify --in-place would, without its own launch).
 */
public record DiscardUnusedBlocks() implements GuestOp {

    @Override
    public String describe() {
        return "discard unused blocks (fstrim)";
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        int filesystems = guest.discardUnusedBlocks();
        return new OpOutcome(filesystems + (filesystems == 1 ? " filesystem" : " filesystems"));
    }
}
