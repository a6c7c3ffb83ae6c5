package org.stackbake.guest.api;

import java.nio.file.Path;

/**
 * A disk for {@link GuestBackend#openMany}. Disks given the same non-null {@code sameBytesAs} hold
 * identical bytes when attached (fresh overlays of one base): the guest is then found on the first
 * of them and the others are taken to be laid out the same, which saves a detection per disk.
 */
public record GuestDisk(Path path, String sameBytesAs) {

    /** A disk detected on its own. */
    public static GuestDisk of(Path path) {
        return new GuestDisk(path, null);
    }
}
