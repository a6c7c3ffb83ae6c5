package org.stackbake.service;

import org.stackbake.spec.Definition;
import org.stackbake.spec.Definition.Nic;
import org.stackbake.spec.Ipv4;

/** Values derived once per node that elements build on. */
public record NodeFacts(String hostname, String managementAddress) {

    public static NodeFacts of(Definition def) {
        Nic nic = managementNic(def);
        return new NodeFacts(def.hostname(),
                nic == null ? null : Ipv4.parseCidr(nic.ipv4().address()).orElseThrow().addressText());
    }

    /** The NIC marked management, else the first with a static address. */
    public static Nic managementNic(Definition def) {
        return def.network().stream().filter(n -> Boolean.TRUE.equals(n.management())).findFirst()
                .or(() -> def.network().stream().filter(n -> n.ipv4() != null && !n.ipv4().isDisabled()).findFirst())
                .orElse(null);
    }
}
