package org.stackbake.guest.api;

/** What inspection found in a disk image. */
public record GuestOs(String type, String distro, int major, int minor, String productName, String packageFormat) {

    public String version() {
        return major + "." + minor;
    }

    @Override
    public String toString() {
        return distro + " " + version() + " (" + productName + ")";
    }
}
