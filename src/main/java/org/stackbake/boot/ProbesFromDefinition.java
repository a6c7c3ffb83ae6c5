package org.stackbake.boot;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.stackbake.service.Probe;
import org.stackbake.service.ProbeProtocol;
import org.stackbake.spec.Definition;

/**
 * TEMPORARY: the probes of a node, derived here from its {@code services:} and {@code ntp.allow}
 * until {@code org.stackbake.service.Elements} (which declares them per service element) is
 * merged; then callers take the probes from the elements and this class goes away.
 */
public final class ProbesFromDefinition {

    public static List<Probe> of(Definition def) {
        List<Probe> probes = new ArrayList<>();
        Definition.Services s = def.services();
        if (s.mariadb() != null) {
            probes.add(Probe.of("mariadb", ProbeProtocol.MYSQL_HANDSHAKE, 3306));
        }
        if (s.rabbitmq() != null) {
            probes.add(new Probe("rabbitmq", ProbeProtocol.AMQP, 5672,
                    Optional.of(new Probe.Login(s.rabbitmq().user(), s.rabbitmq().password()))));
        }
        if (s.memcached() != null) {
            probes.add(Probe.of("memcached", ProbeProtocol.MEMCACHED_STATS, s.memcached().port()));
        }
        if (s.etcd() != null) {
            probes.add(Probe.of("etcd", ProbeProtocol.ETCD_HEALTH, s.etcd().clientPort()));
        }
        if (!def.ntp().allow().isEmpty()) {
            probes.add(Probe.of("chrony", ProbeProtocol.NTP, 123));
        }
        return List.copyOf(probes);
    }

    private ProbesFromDefinition() {}
}
