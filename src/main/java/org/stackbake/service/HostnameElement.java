package org.stackbake.service;

import java.util.List;
import java.util.Optional;
import org.stackbake.spec.Definition;

/** The host name: /etc/hostname in the image, hostnamectl at first boot (static, transient, pretty). */
public final class HostnameElement implements ServiceElement {

    @Override
    public String name() {
        return "hostname";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return true;
    }

    @Override
    public List<ElementFile> files(Definition def, NodeModel node) {
        return List.of(ElementFile.of("etc/hostname.ftl", "/etc/hostname", 0644));
    }

    @Override
    public Optional<FirstbootStep> firstbootStep(Definition def) {
        return Optional.of(FirstbootStep.of("10-hostname", 0, 30));
    }
}
