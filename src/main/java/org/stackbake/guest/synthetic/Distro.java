package org.stackbake.guest.synthetic;

/**
 * What a synthetic base imitates.
 *
 * @param id          flavor id, also the resource folder holding its os-release
 * @param redHat      EL9 layout (xfs, /boot partition, rpm database, SELinux) rather than Debian's
 * @param cloudUser   the cloud image's default user (cloud-init's default_user)
 * @param releaseFile {@code /etc/<vendor>-release}, the file redhat-release and system-release point to
 * @param releaseLine its one line, e.g. "Rocky Linux release 9.6 (Blue Onyx)"
 * @param releaseRpm  the package recorded in the rpm database, as name-version-release (EL only)
 */
public record Distro(String id, boolean redHat, String cloudUser, String releaseFile, String releaseLine,
                     Rpm releaseRpm) {

    public record Rpm(String name, String version, String release) {
    }

    public static final Distro ROCKY_9 = new Distro("rocky-9", true, "rocky", "rocky-release",
            "Rocky Linux release 9.6 (Blue Onyx)", new Rpm("rocky-release", "9.6", "1.3.el9"));
    public static final Distro ROCKY_10 = new Distro("rocky-10", true, "rocky", "rocky-release",
            "Rocky Linux release 10.1 (Red Quartz)", new Rpm("rocky-release", "10.1", "1.4.el10"));
    public static final Distro CENTOS_STREAM_9 = new Distro("centos-stream-9", true, "cloud-user",
            "centos-release", "CentOS Stream release 9", new Rpm("centos-stream-release", "9.0", "26.el9"));
    public static final Distro DEBIAN_12 = new Distro("debian-12", false, "debian", "debian_version", "12.11",
            null);

    /** EL's major version, "9" or "10" (EL only): system-release-cpe, the dist tag. */
    public String major() {
        return releaseRpm.version().replaceFirst("\\..*", "");
    }

    /** "Rocky Linux 9.6": the release line without "release" and the code name, as GRUB's menu names it. */
    public String shortName() {
        return releaseLine.replace(" release", "").replaceFirst(" \\(.*\\)$", "");
    }

    /** The distro name libguestfs inspection reports, used in cloud.cfg and the EFI directory. */
    public String vendor() {
        return id.substring(0, id.indexOf('-'));
    }
}
