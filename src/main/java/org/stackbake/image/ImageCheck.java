package org.stackbake.image;

/**
 * The outcome of {@code qemu-img check}, kept as its exit code: 0 clean, 1 the check could not
 * run (e.g. unreadable header or missing backing file), 2 corruption, 3 only leaked clusters.
 */
public record ImageCheck(int exitCode, String detail) {

    /** Nothing wrong at all: what a freshly published image must show. */
    public boolean clean() {
        return exitCode == 0;
    }

    /** Safe to read: leaked clusters waste space but never hold guest data. */
    public boolean dataIntact() {
        return exitCode == 0 || exitCode == 3;
    }
}
