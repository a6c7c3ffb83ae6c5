package org.stackbake.service;

import java.util.List;
import org.stackbake.spec.Definition;

/** The OpenStack command-line client, on every node. */
public final class OpenStackClientElement implements ServiceElement {

    @Override
    public String name() {
        return "openstack-client";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return true;
    }

    @Override
    public List<String> roles(Definition def) {
        return List.of("openstack-client");
    }
}
