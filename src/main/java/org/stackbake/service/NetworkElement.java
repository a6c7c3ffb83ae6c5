package org.stackbake.service;

import java.util.List;
import java.util.Map;
import org.stackbake.spec.Definition;

/** One NetworkManager keyfile per NIC. */
public final class NetworkElement implements ServiceElement {
    private static final String KEYFILE_DIR = "/etc/NetworkManager/system-connections/";

    @Override
    public String name() {
        return "network";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return true;
    }

    /** NetworkManager ignores keyfiles not owned by root with mode 0600. */
    @Override
    public List<ElementFile> files(Definition def, NodeModel node) {
        return node.nics().stream().map(nic -> new ElementFile(KEYFILE_DIR + nic.id() + ".nmconnection", 0600, "root",
                "etc/NetworkManager/system-connections/connection.nmconnection.ftl", Map.of("node", node, "nic", nic)))
                .toList();
    }
}
