package org.stackbake.plan;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.stackbake.firstboot.Firstboot;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodeModelFactory;
import org.stackbake.spec.Definition;
import org.stackbake.spec.Definition.FirewalldState;
import org.stackbake.spec.Secret;

/** Turns a definition and its rendered tree into the ordered guest operations of a build. */
public final class Planner {

    public List<GuestOp> plan(Definition def, FileTree tree, Map<String, Secret> secrets, Instant mtime) {
        List<GuestOp> ops = new ArrayList<>();
        ops.add(new UploadTree(tree, mtime));
        ops.add(new RemoveLegacyHostname());
        for (String unit : NodeModelFactory.serviceUnits(def)) {
            ops.add(new EnableUnit(unit, "multi-user.target"));
        }
        FirewalldState firewalld = def.security().firewalld();
        ops.add(firewalld == FirewalldState.ENABLED ? new EnableUnit("firewalld.service", "multi-user.target")
                : new DisableUnit("firewalld.service", firewalld == FirewalldState.MASKED));
        Secret root = def.rootPassword() == null ? null : secrets.get(def.rootPassword());
        if (root != null) {
            ops.add(new SetRootPasswordHash(root.sha512Crypt()));
        }
        if (tree.get(Firstboot.UNIT_PATH).isPresent()) {
            ops.add(new InstallFirstboot(Firstboot.UNIT_NAME, Firstboot.UNIT_WANTED_BY, Firstboot.STATE_DIR));
        }
        if (def.security().selinux() != Definition.SelinuxMode.DISABLED) {
            Set<String> touched = new LinkedHashSet<>();
            ops.forEach(op -> touched.addAll(op.touchedPaths()));
            ops.add(new Relabel(List.copyOf(touched), "targeted"));
        }
        return ops;
    }
}
