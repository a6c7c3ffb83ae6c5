package org.stackbake.guest.api;

/** What inspection found in a disk image. */
public record GuestOs(String type, String distro, int major, int minor, String productName, String packageFormat) {

    /** The file every synthetic test base carries, saying what it is (its packages are not EL's). */
    public static final String SYNTHETIC_MARKER = "/etc/stackbake-synthetic-base";

    public String version() {
        return major + "." + minor;
    }

    @Override
    public String toString() {
        return distro + " " + version() + " (" + productName + ")";
    }
}
