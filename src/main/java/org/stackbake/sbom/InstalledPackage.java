package org.stackbake.sbom;

/**
 * One package from the guest's rpm database. {@code license} and {@code vendor} are null when rpm
 * has none ("(none)") or when only the name-version-release.arch listing could be read.
 */
public record InstalledPackage(String name, int epoch, String version, String release, String arch, String license,
                               String vendor) {

    /** name-version-release.arch, as rpm -qa prints it (and as the manifest lists packages). */
    public String nvra() {
        return name + "-" + version + "-" + release + "." + arch;
    }
}
