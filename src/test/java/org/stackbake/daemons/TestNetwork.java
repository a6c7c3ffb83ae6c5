package org.stackbake.daemons;

import java.util.List;

/**
 * Two namespaces joined by a veth: "controller" carries the controller's management address
 * (192.168.8.10/24 from controller.yaml) and "node" the compute node's (192.168.8.20/24), each
 * with its own rendered /etc/hosts, so the rendered configs run unchanged. Both ends also carry an
 * address outside every allowed subnet (10.99.0.1 and 10.99.0.2) to probe what must be refused.
 */
final class TestNetwork implements AutoCloseable {
    static final String CONTROLLER_OUTSIDE = "10.99.0.1";
    static final String NODE_OUTSIDE = "10.99.0.2";

    private final NetNamespace controller;
    private final NetNamespace node;

    private TestNetwork(NetNamespace controller, NetNamespace node) {
        this.controller = controller;
        this.node = node;
    }

    static TestNetwork start(String tag) {
        NetNamespace controller = NetNamespace.create(tag + "c");
        NetNamespace node = null;
        try {
            node = NetNamespace.create(tag + "n");
            controller.writeEtc("hosts", Rendered.text(Rendered.controller(), "/etc/hosts"));
            node.writeEtc("hosts", Rendered.text(Rendered.compute(), "/etc/hosts"));
            controller.connect(node,
                    List.of(Rendered.managementCidr(Rendered.DEFINITIONS.resolve("controller.yaml")), CONTROLLER_OUTSIDE + "/24"),
                    List.of(Rendered.managementCidr(Rendered.DEFINITIONS.resolve("compute.yaml")), NODE_OUTSIDE + "/24"));
            return new TestNetwork(controller, node);
        } catch (RuntimeException | AssertionError e) {
            if (node != null) {
                node.close();
            }
            controller.close();
            throw e;
        }
    }

    NetNamespace controller() {
        return controller;
    }

    NetNamespace node() {
        return node;
    }

    @Override
    public void close() {
        try {
            node.close();
        } finally {
            controller.close();
        }
    }
}
