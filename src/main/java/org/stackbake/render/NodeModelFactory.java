package org.stackbake.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.stackbake.release.PackageSupply;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.release.VendorRepository;
import org.stackbake.service.NodeModel.HostLine;
import org.stackbake.service.NodeModel.NicModel;
import org.stackbake.service.NodeModel.NtpModel;
import org.stackbake.service.NodeModel.SecretModel;
import org.stackbake.service.NodeModel.UserModel;
import org.stackbake.service.Elements;
import org.stackbake.service.NodeSources;
import org.stackbake.service.NodeFacts;
import org.stackbake.service.NodeModel;
import org.stackbake.service.ServiceElement;
import org.stackbake.spec.Definition;
import org.stackbake.spec.Definition.Nic;
import org.stackbake.spec.SecretRef;

/** Derives the template model from a validated definition; each element adds its own model. */
public final class NodeModelFactory {

    public NodeModel create(Definition def) {
        Release release = ReleaseCatalog.builtIn().find(def.release())
                .orElseThrow(() -> new IllegalArgumentException("unknown release " + def.release()));
        PackageSupply supply = NodeSources.supply(def);
        Nic managementNic = NodeFacts.managementNic(def);
        NodeFacts facts = NodeFacts.of(def);
        Map<String, Object> services = new LinkedHashMap<>();
        for (ServiceElement element : Elements.of(def)) {
            Object model = element.model(def, facts);
            if (model != null) {
                services.put(element.name(), model);
            }
        }
        return new NodeModel(
                def.name(),
                def.hostname(),
                new NodeModel.ReleaseModel(release.name(), release.version(), supply.releasePackage()),
                facts.managementAddress(),
                def.network().stream().map(nic -> nic(def, nic, nic == managementNic)).toList(),
                hosts(def),
                def.security().selinux(),
                def.security().firewalld(),
                def.cloudInit(),
                new NtpModel(def.ntp().servers(), def.ntp().pool(), def.ntp().allow(), !def.ntp().allow().isEmpty()),
                services,
                def.users().stream().map(u -> new UserModel(u.name(), u.groups(), u.sudo(), u.sshAuthorizedKeys(),
                        u.password(), u.shell())).toList(),
                NodePackages.resolve(def),
                Elements.units(def),
                def.secrets().entrySet().stream().sorted(Map.Entry.comparingByKey())
                        .map(e -> new SecretModel(e.getKey(), e.getValue().describe(),
                                e.getValue().kind() == SecretRef.Kind.GENERATE, e.getValue().length()))
                        .toList(),
                def.rootPassword(),
                def.install().yaml(),
                repositories(def, supply));
    }

    /**
     * The definition's repositories, then the vendors' repositories the node's sources need, except
     * those a definition's repository of the same name replaces (an internal mirror).
     */
    static List<NodeModel.RepositoryModel> repositories(Definition def, PackageSupply supply) {
        List<NodeModel.RepositoryModel> repos = new ArrayList<>();
        Set<String> own = new HashSet<>();
        for (Definition.Repository r : def.repositories()) {
            own.add(r.name());
            repos.add(new NodeModel.RepositoryModel(r.id(), r.name(), r.name(), r.baseurl(), r.gpgkey(), r.enabled(),
                    Map.of(), false));
        }
        for (VendorRepository r : supply.repositories()) {
            String baseurl = r.baseurlFor(supply.elMajor());
            if (!own.contains(r.name()) && baseurl != null) {
                repos.add(new NodeModel.RepositoryModel(Definition.Repository.ID_PREFIX + r.name(), r.name(), r.title(),
                        baseurl, r.gpgkey().isEmpty() ? null : String.join(" ", r.gpgkey()), true, r.options(), true));
            }
        }
        return repos;
    }

    /** Same definition name and NIC id give the same UUID, so rebuilt images keep connection identity. */
    static String connectionUuid(Definition def, Nic nic) {
        return UUID.nameUUIDFromBytes(("stackbake:" + def.name() + ":" + nic.id()).getBytes(StandardCharsets.UTF_8))
                .toString();
    }

    private static NicModel nic(Definition def, Nic nic, boolean management) {
        var ipv4 = nic.ipv4();
        boolean disabled = ipv4.isDisabled();
        Definition.Ipv6Method ipv6 = nic.ipv6() != null ? nic.ipv6()
                : disabled ? Definition.Ipv6Method.DISABLED : Definition.Ipv6Method.AUTO;
        String dns = ipv4.dns().isEmpty() ? null : String.join(";", ipv4.dns()) + ";";
        return new NicModel(nic.id(), connectionUuid(def, nic), nic.match().interfaceName(),
                nic.match().mac() == null ? null : nic.match().mac().toUpperCase(),
                disabled ? "disabled" : "manual", disabled ? null : ipv4.address(), ipv4.gateway(), dns,
                ipv6.yaml(), management);
    }

    private static List<HostLine> hosts(Definition def) {
        return def.hosts().stream().map(h -> {
            List<String> names = new ArrayList<>(List.of(h.name()));
            names.addAll(h.aliases());
            return new HostLine(h.address(), String.join(" ", names));
        }).toList();
    }
}
