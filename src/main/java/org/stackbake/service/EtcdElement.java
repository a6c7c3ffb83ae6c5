package org.stackbake.service;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stackbake.files.Escaping;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionProblems;
import org.stackbake.spec.ElementChecks;

/** etcd: /etc/etcd/etcd.conf (URLs on the management address) and its checks. */
public final class EtcdElement implements ServiceElement {
    private static final String UNIT = "etcd.service";

    public record Model(String name, String dataDir, String clientUrl, String peerUrl, String initialCluster,
                        String clusterToken, String clusterState) {}

    @Override
    public String name() {
        return "etcd";
    }

    @Override
    public boolean appliesTo(Definition def) {
        return def.services().etcd() != null;
    }

    @Override
    public List<ElementChecks.Port> ports(Definition def) {
        Definition.Etcd etcd = def.services().etcd();
        return List.of(new ElementChecks.Port(etcd.clientPort(), name() + " (clients)", "/services/etcd/clientPort"),
                new ElementChecks.Port(etcd.peerPort(), name() + " (peers)", "/services/etcd/peerPort"));
    }

    @Override
    public List<String> accounts() {
        return List.of(name());
    }

    @Override
    public void validate(Definition def, DefinitionProblems problems) {
        Definition.Etcd etcd = def.services().etcd();
        String at = "/services/etcd";
        problems.singleLine(at + "/name", etcd.name());
        problems.singleLine(at + "/clusterToken", etcd.clusterToken());
        problems.singleLine(at + "/dataDir", etcd.dataDir());
        if (!etcd.dataDir().startsWith("/")) {
            problems.value(at + "/dataDir", "dataDir must be an absolute path", "e.g. /var/lib/etcd/default.etcd");
        }
        problems.range(at + "/clientPort", etcd.clientPort(), 1, 65535);
        problems.range(at + "/peerPort", etcd.peerPort(), 1, 65535);
        if (!etcd.clusterState().equals("new") && !etcd.clusterState().equals("existing")) {
            problems.value(at + "/clusterState", "invalid clusterState '" + etcd.clusterState() + "'", "new or existing");
        }
    }

    @Override
    public boolean needsManagementAddress(Definition def) {
        return true;
    }

    @Override
    public List<String> roles(Definition def) {
        return List.of("etcd");
    }

    @Override
    public List<String> units(Definition def) {
        return List.of(UNIT);
    }

    @Override
    public Model model(Definition def, NodeFacts node) {
        Definition.Etcd etcd = def.services().etcd();
        String name = etcd.name() != null ? etcd.name() : def.hostname();
        String peer = "http://" + node.managementAddress() + ":" + etcd.peerPort();
        return new Model(name, etcd.dataDir(), "http://" + node.managementAddress() + ":" + etcd.clientPort(), peer,
                name + "=" + peer, etcd.clusterToken(), etcd.clusterState());
    }

    /** etcd.conf; the unit too when etcd comes from its release tarball (an RPM brings its own). */
    @Override
    public List<ElementFile> files(Definition def, NodeModel node) {
        List<ElementFile> files = new ArrayList<>(List.of(ElementFile.of("etc/etcd/etcd.conf.ftl", "/etc/etcd/etcd.conf", 0644),
                NetworkOnlineDropIn.forUnit(UNIT)));
        NodeSources.artifacts(def).stream().filter(a -> a.component().equals(name())).findFirst().ifPresent(artifact ->
                files.add(new ElementFile("/usr/lib/systemd/system/" + UNIT, 0644, "root",
                        "usr/lib/systemd/system/etcd.service.ftl", Map.of("artifact", artifact))));
        return files;
    }

    @Override
    public List<FirstbootCheck> firstbootChecks(Definition def, NodeFacts node) {
        String host = node.managementAddress();
        int port = def.services().etcd().clientPort();
        return List.of(new FirstbootCheck(name(), "port " + host + ":" + port,
                "port_open " + Escaping.shellQuote(host) + " " + port));
    }

    /** etcd validates its environment only on the way to starting (and --version exits before reading it). */
    @Override
    public Optional<ServiceCheck> verifyCheck() {
        return Optional.of(new ServiceCheck(name(), "/etc/etcd/etcd.conf", List.of("/usr/bin/etcd"),
                (etcd, conf) -> List.of(etcd, "--version"),
                "etcd --version ran; etcd cannot check /etc/etcd/etcd.conf without starting"));
    }

    @Override
    public List<Probe> probes(Definition def) {
        return List.of(Probe.of(name(), ProbeProtocol.HTTP_HEALTH, def.services().etcd().clientPort()));
    }
}
