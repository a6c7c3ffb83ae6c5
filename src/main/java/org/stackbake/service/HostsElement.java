package org.stackbake.service;

import java.util.List;
import org.stackbake.spec.Definition;

/** /etc/hosts from the hosts table: every node resolves every other without DNS. */
public final class HostsElement implements ServiceElement {

    @Override
    public String name() {
        return "hosts";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return true;
    }

    @Override
    public List<ElementFile> files(Definition def, NodeModel node) {
        return List.of(ElementFile.of("etc/hosts.ftl", "/etc/hosts", 0644));
    }
}
