package org.stackbake.service;

import java.util.List;
import java.util.Optional;
import org.stackbake.firstboot.Firstboot;
import org.stackbake.spec.Definition;

/**
 * The recipe's base packages and first-boot step 05-packages: installs what the base lacks
 * (install-packages.sh: release repositories, then the node's packages), applies SELinux and
 * firewalld, enables and starts the node's servers.
 */
public final class PackagesElement implements ServiceElement {
    /** dnf over the network: repositories, then every package. */
    private static final int INSTALL_SECONDS = 1800;
    /** systemctl enable --now waits for each server to start (a message broker takes minutes under TCG). */
    private static final int START_SECONDS_PER_UNIT = 300;

    @Override
    public String name() {
        return "packages";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return true;
    }

    @Override
    public List<String> packages(Definition def) {
        return List.of("vim", "bash-completion");
    }

    @Override
    public List<ElementFile> files(Definition def, NodeModel node) {
        return List.of(ElementFile.of("usr/libexec/stackbake/install-packages.sh.ftl", Firstboot.INSTALL_PACKAGES_PATH, 0755));
    }

    @Override
    public Optional<FirstbootStep> firstbootStep(Definition def) {
        return Optional.of(FirstbootStep.of("05-packages", 0,
                INSTALL_SECONDS + START_SECONDS_PER_UNIT * Elements.units(def).size()));
    }
}
