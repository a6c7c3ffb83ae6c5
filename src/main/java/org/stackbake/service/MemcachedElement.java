package org.stackbake.service;

import java.util.List;
import java.util.Optional;
import org.stackbake.files.Escaping;
import org.stackbake.service.NodeModel;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionProblems;
import org.stackbake.spec.ElementChecks;
import org.stackbake.spec.Ipv4;

/** memcached: /etc/sysconfig/memcached and its checks. */
public final class MemcachedElement implements ServiceElement {
    private static final String UNIT = "memcached.service";

    /**
     * memcached has no config check, but its option parser stops at -h only after parsing every option
     * before it: unknown options, missing arguments and a bad -c fail. The argv is EL's memcached.service
     * ExecStart; sh reads the env file (our quoted values mean the same to sh as to systemd), and set -f
     * because systemd does not glob $OPTIONS.
     */
    private static final String OPTIONS_CHECK = "set -f; . \"$2\"; "
            + "exec \"$1\" -p \"$PORT\" -u \"$USER\" -m \"$CACHESIZE\" -c \"$MAXCONN\" $OPTIONS -h";

    /** The addresses memcached listens on, in order; {@link #option()} is its -l value. */
    public record ListenList(List<String> addresses) {
        public ListenList {
            addresses = List.copyOf(addresses);
        }

        public String option() {
            return String.join(",", addresses);
        }

        /** Where a local client reaches it: loopback when it listens there, else its first address. */
        public String localAddress() {
            return addresses.contains("127.0.0.1") ? "127.0.0.1" : addresses.get(0);
        }
    }

    /** listen is the -l option text; listenList the typed list. */
    public record Model(int port, int maxConnections, int cacheSizeMb, String listen, ListenList listenList) {}

    @Override
    public String name() {
        return "memcached";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return def.services().memcached() != null;
    }

    @Override
    public List<ElementChecks.Port> ports(Definition def) {
        return List.of(new ElementChecks.Port(def.services().memcached().port(), name(), "/services/memcached/port"));
    }

    @Override
    public List<String> accounts() {
        return List.of(name());
    }

    @Override
    public void validate(Definition def, DefinitionProblems problems) {
        Definition.Memcached mc = def.services().memcached();
        String at = "/services/memcached";
        for (int i = 0; i < mc.listen().size(); i++) {
            problems.listenAddress(at + "/listen/" + i, mc.listen().get(i), name());
            if (Ipv4.isValid(mc.listen().get(i))) {
                problems.bindAddress(at + "/listen/" + i, mc.listen().get(i), name());
            }
        }
        problems.range(at + "/port", mc.port(), 1, 65535);
        problems.range(at + "/maxConnections", mc.maxConnections(), 1, 1_000_000);
        problems.range(at + "/cacheSizeMb", mc.cacheSizeMb(), 1, 1_048_576);
    }

    @Override
    public boolean needsManagementAddress(Definition def) {
        return def.services().memcached().listen().isEmpty();
    }

    @Override
    public List<String> roles(Definition def) {
        return List.of("memcached", "memcached-python");
    }

    @Override
    public List<String> units(Definition def) {
        return List.of(UNIT);
    }

    /** Loopback for local clients plus the hostname, which /etc/hosts maps to the management address. */
    static ListenList listen(Definition def) {
        Definition.Memcached mc = def.services().memcached();
        return new ListenList(mc.listen().isEmpty() ? List.of("127.0.0.1", "::1", def.hostname()) : mc.listen());
    }

    @Override
    public Model model(Definition def, NodeFacts node) {
        Definition.Memcached mc = def.services().memcached();
        ListenList listen = listen(def);
        return new Model(mc.port(), mc.maxConnections(), mc.cacheSizeMb(), listen.option(), listen);
    }

    @Override
    public List<ElementFile> files(Definition def, NodeModel node) {
        return List.of(ElementFile.of("etc/sysconfig/memcached.ftl", "/etc/sysconfig/memcached", 0644),
                NetworkOnlineDropIn.forUnit(UNIT));
    }

    @Override
    public List<FirstbootCheck> firstbootChecks(Definition def, NodeFacts node) {
        String host = listen(def).localAddress();
        int port = def.services().memcached().port();
        return List.of(new FirstbootCheck(name(), "port " + host + ":" + port,
                "port_open " + Escaping.shellQuote(host) + " " + port));
    }

    @Override
    public Optional<ServiceCheck> verifyCheck() {
        return Optional.of(new ServiceCheck(name(), "/etc/sysconfig/memcached", List.of("/usr/bin/memcached"),
                (memcached, conf) -> List.of("/bin/sh", "-c", OPTIONS_CHECK, "sh", memcached, conf),
                "memcached accepted the options of /etc/sysconfig/memcached"));
    }

    @Override
    public List<Probe> probes(Definition def) {
        return List.of(Probe.of(name(), ProbeProtocol.TEXT_STATS, def.services().memcached().port()));
    }
}
