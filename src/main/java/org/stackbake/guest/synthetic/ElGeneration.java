package org.stackbake.guest.synthetic;

import java.io.IOException;

/**
 * A generation of the bootable synthetic base: the EL release it is dressed as and the Debian release whose userland
 * carries that generation's servers (EL9: Debian 12's; EL10: Debian 13's, the database and broker of today's vendor
 * repositories). One generator makes both; what differs between them is here and in {@code bootable/<el>/}.
 *
 * @param distro        the EL identity laid over the userland
 * @param suite         the Debian suite mmdebstrap installs, also the name of its .deb cache folder
 * @param debianVersion Debian's major version, for the SYNTHETIC labels
 */
public enum ElGeneration {
    EL9(Distro.ROCKY_9, "bookworm", 12),
    EL10(Distro.ROCKY_10, "trixie", 13);

    private final Distro distro;
    private final String suite;
    private final int debianVersion;

    ElGeneration(Distro distro, String suite, int debianVersion) {
        this.distro = distro;
        this.suite = suite;
        this.debianVersion = debianVersion;
    }

    public Distro distro() {
        return distro;
    }

    public String suite() {
        return suite;
    }

    /** "Debian 13": what the labels call the userland. */
    public String debian() {
        return "Debian " + debianVersion;
    }

    /** "el10": the dist tag of the declared rpms and the folder of this generation's own resources. */
    public String el() {
        return "el" + distro.major();
    }

    /** This generation's own {@code bootable/<el>/NAME} when it has one, else the shared {@code bootable/NAME}. */
    String resource(String name) throws IOException {
        String own = "bootable/" + el() + "/" + name;
        return SyntheticResources.exists(own) ? own : "bootable/" + name;
    }
}
