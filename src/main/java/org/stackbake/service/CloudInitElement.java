package org.stackbake.service;

import java.util.ArrayList;
import java.util.List;
import org.stackbake.spec.Definition;
import org.stackbake.spec.Definition.CloudInit;

/** cloud-init: left alone (keep), kept off networking, hosts and hostname (no-network), or disabled. */
public final class CloudInitElement implements ServiceElement {

    @Override
    public String name() {
        return "cloud-init";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return true;
    }

    @Override
    public List<ElementFile> files(Definition def, NodeModel node) {
        List<ElementFile> files = new ArrayList<>();
        if (def.cloudInit() != CloudInit.KEEP) {
            files.add(ElementFile.of("etc/cloud/cloud.cfg.d/99-stackbake.cfg.ftl", "/etc/cloud/cloud.cfg.d/99-stackbake.cfg", 0644));
        }
        if (def.cloudInit() == CloudInit.DISABLED) {
            files.add(ElementFile.empty("/etc/cloud/cloud-init.disabled", 0644));
        }
        return files;
    }
}
