package org.stackbake.service;

import java.util.List;
import org.stackbake.spec.Definition;

/**
 * SELinux (mode in /etc/selinux/config, OpenStack's policy package). Step 05-packages applies the
 * mode and the firewalld state at first boot; the build's plan applies firewalld to the image.
 */
public final class SecurityElement implements ServiceElement {

    @Override
    public String name() {
        return "security";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return true;
    }

    @Override
    public List<String> roles(Definition def) {
        return List.of("openstack-selinux");
    }

    @Override
    public List<ElementFile> files(Definition def, NodeModel node) {
        return List.of(ElementFile.of("etc/selinux/config.ftl", "/etc/selinux/config", 0644));
    }
}
