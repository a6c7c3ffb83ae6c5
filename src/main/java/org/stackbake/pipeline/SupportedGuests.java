package org.stackbake.pipeline;

import java.util.Set;
import org.stackbake.StackbakeException;
import org.stackbake.release.Release;
import org.stackbake.guest.api.GuestOs;

/** Which inspected guests a release can be baked onto: RHEL-family Linux of a major the catalog has sources for. */
final class SupportedGuests {
    static final Set<String> RHEL_FAMILY = Set.of("rocky", "centos", "rhel", "almalinux");

    static void require(GuestOs os, String baseReference, Release release) {
        if (!"linux".equals(os.type()) || !RHEL_FAMILY.contains(os.distro())) {
            throw StackbakeException.invalidInput("base " + baseReference + " is " + os.type() + "/" + os.distro() + " "
                    + os.version() + ", not a RHEL-family Linux", "use a Rocky, AlmaLinux, CentOS Stream or RHEL cloud image");
        }
        if (!release.supportsElMajor(os.major())) {
            throw StackbakeException.invalidInput("base " + baseReference + " is " + os.distro() + " " + os.version()
                    + ", but the release catalog has package sources for OpenStack " + release.name() + " on EL "
                    + release.elMajors() + " only", "use a base of a supported major version, or another release");
        }
    }

    private SupportedGuests() {}
}
