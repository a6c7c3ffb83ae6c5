package org.stackbake.guest.api;

/**
 * One launched appliance with several disks attached, for building several images with
 * one launch. Exactly one disk's filesystems are mounted at a time: {@link #select} unmounts the
 * previous disk and mounts the chosen one. Closing syncs and shuts the appliance down, which is
 * when every disk holds its changes.
 */
public interface GuestDisks extends AutoCloseable {

    /** How many disks were attached, in the order given. */
    int count();

    /**
     * Mounts disk {@code index}'s filesystems and returns a session on it, valid until the next
     * select or close. Closing that session only unmounts. Throws when this disk's guest could
     * not be found (no OS, several OSes): the other disks stay usable.
     */
    default GuestSession select(int index) {
        return select(index, MountScope.ALL);
    }

    /** Like the above, mounting only the disk's filesystems in {@code scope}. */
    GuestSession select(int index, MountScope scope);

    /** Which accelerator the appliance ended up using ("kvm" or "tcg"). */
    String accelerator();

    /** How long opening took, e.g. "launch 21.3 s, detect 1.2 s". */
    default String openTimings() {
        return "";
    }

    @Override
    void close();
}
