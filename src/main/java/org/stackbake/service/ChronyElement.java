package org.stackbake.service;

import java.util.List;
import java.util.Optional;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionProblems;
import org.stackbake.spec.ElementChecks;
import org.stackbake.spec.Ipv4;
import org.stackbake.spec.Names;

/** chrony, on every node: /etc/chrony.conf from ntp:, serving time to the allowed subnets. */
public final class ChronyElement implements ServiceElement {
    public static final int NTP_PORT = 123;

    @Override
    public String name() {
        return "chrony";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return true;
    }

    @Override
    public List<String> accounts() {
        return List.of(name());
    }

    @Override
    public void validate(Definition def, DefinitionProblems problems) {
        var ntp = def.ntp();
        for (int i = 0; i < ntp.servers().size(); i++) {
            String server = ntp.servers().get(i);
            if (!Names.isHostname(server) && !Ipv4.isValid(server)) {
                problems.value("/ntp/servers/" + i, "invalid NTP server '" + server + "'", "a host name or an IPv4 address");
            }
        }
        if (ntp.pool() != null && !Names.isHostname(ntp.pool())) {
            problems.value("/ntp/pool", "invalid NTP pool '" + ntp.pool() + "'", "a host name, e.g. 2.rocky.pool.ntp.org");
        }
        for (int i = 0; i < ntp.allow().size(); i++) {
            problems.cidr("/ntp/allow/" + i, ntp.allow().get(i), "allowed subnet");
        }
    }

    @Override
    public List<String> roles(Definition def) {
        return List.of("chrony");
    }

    @Override
    public List<String> units(Definition def) {
        return List.of("chronyd.service");
    }

    @Override
    public List<ElementFile> files(Definition def, NodeModel node) {
        return List.of(ElementFile.of("etc/chrony.conf.ftl", "/etc/chrony.conf", 0644));
    }

    @Override
    public Optional<String> shellFragment() {
        return Optional.of(FirstbootStep.LIB_DIR + "chrony.sh.ftl");
    }

    @Override
    public List<FirstbootCheck> firstbootChecks(Definition def, NodeFacts node) {
        return List.of(new FirstbootCheck(name(), "chronyc tracking", "\"$STACKBAKE_CHRONYC\" tracking"));
    }

    @Override
    public Optional<ServiceCheck> verifyCheck() {
        return Optional.of(new ServiceCheck(name(), "/etc/chrony.conf", List.of("/usr/sbin/chronyd"),
                (chronyd, conf) -> List.of(chronyd, "-p", "-f", conf), "chronyd -p parsed /etc/chrony.conf"));
    }

    /** An NTP server only when it serves time (allow: non-empty). */
    @Override
    public List<Probe> probes(Definition def) {
        return def.ntp().allow().isEmpty() ? List.of() : List.of(Probe.of(name(), ProbeProtocol.NTP, NTP_PORT));
    }
}
