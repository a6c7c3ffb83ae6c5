package org.stackbake.render;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.render.NodeModel.EtcdModel;
import org.stackbake.render.NodeModel.HostLine;
import org.stackbake.render.NodeModel.MariaDbModel;
import org.stackbake.render.NodeModel.MemcachedModel;
import org.stackbake.render.NodeModel.NicModel;
import org.stackbake.render.NodeModel.NtpModel;
import org.stackbake.render.NodeModel.RabbitMqModel;
import org.stackbake.render.NodeModel.SecretModel;
import org.stackbake.render.NodeModel.UserModel;
import org.stackbake.spec.Definition;
import org.stackbake.spec.Definition.Nic;
import org.stackbake.spec.Ipv4;
import org.stackbake.spec.SecretRef;

/** Derives the template model from a validated definition. */
public final class NodeModelFactory {

    public NodeModel create(Definition def) {
        Release release = ReleaseCatalog.builtIn().find(def.release())
                .orElseThrow(() -> new IllegalArgumentException("unknown release " + def.release()));
        Nic managementNic = managementNic(def);
        String management = managementNic == null ? null
                : Ipv4.parseCidr(managementNic.ipv4().address()).orElseThrow().addressText();
        var services = def.services();
        return new NodeModel(
                def.name(),
                def.hostname(),
                new NodeModel.ReleaseModel(release.name(), release.version(), release.rdoRepoPackage().orElse(null)),
                management,
                def.network().stream().map(nic -> nic(def, nic, nic == managementNic)).toList(),
                hosts(def),
                def.security().selinux().yaml(),
                def.security().firewalld().yaml(),
                def.cloudInit().yaml(),
                new NtpModel(def.ntp().servers(), def.ntp().pool(), def.ntp().allow(), !def.ntp().allow().isEmpty()),
                services.mariadb() == null ? null : mariadb(services.mariadb(), management),
                services.rabbitmq() == null ? null : new RabbitMqModel(services.rabbitmq().user(),
                        services.rabbitmq().vhost(), services.rabbitmq().password()),
                services.memcached() == null ? null : memcached(services.memcached(), def.hostname()),
                services.etcd() == null ? null : etcd(services.etcd(), def.hostname(), management),
                def.users().stream().map(u -> new UserModel(u.name(), u.groups(), u.sudo(), u.sshAuthorizedKeys(),
                        u.password(), u.shell())).toList(),
                NodePackages.resolve(def),
                serviceUnits(def),
                def.secrets().entrySet().stream().sorted(java.util.Map.Entry.comparingByKey())
                        .map(e -> new SecretModel(e.getKey(), e.getValue().describe(),
                                e.getValue().kind() == SecretRef.Kind.GENERATE, e.getValue().length()))
                        .toList(),
                def.rootPassword(),
                def.install().yaml(),
                def.repositories().stream().map(r -> new NodeModel.RepositoryModel(r.id(), r.name(), r.baseurl(),
                        r.gpgkey(), r.enabled())).toList());
    }

    /** The NIC marked management, else the first with a static address. */
    static Nic managementNic(Definition def) {
        return def.network().stream().filter(n -> Boolean.TRUE.equals(n.management())).findFirst()
                .or(() -> def.network().stream().filter(n -> n.ipv4() != null && !n.ipv4().isDisabled()).findFirst())
                .orElse(null);
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

    private static MariaDbModel mariadb(Definition.MariaDb db, String management) {
        return new MariaDbModel(db.bindAddress() != null ? db.bindAddress() : management, db.maxConnections(),
                db.defaultStorageEngine(), db.innodbFilePerTable() ? "on" : "off", db.collationServer(),
                db.characterSetServer(), db.rootPassword());
    }

    /** Loopback for local clients plus the hostname, which /etc/hosts maps to the management address. */
    private static MemcachedModel memcached(Definition.Memcached mc, String hostname) {
        List<String> listen = mc.listen().isEmpty() ? List.of("127.0.0.1", "::1", hostname) : mc.listen();
        return new MemcachedModel(mc.port(), mc.maxConnections(), mc.cacheSizeMb(), String.join(",", listen));
    }

    private static EtcdModel etcd(Definition.Etcd etcd, String hostname, String management) {
        String name = etcd.name() != null ? etcd.name() : hostname;
        String peer = "http://" + management + ":" + etcd.peerPort();
        return new EtcdModel(name, etcd.dataDir(), "http://" + management + ":" + etcd.clientPort(), peer,
                name + "=" + peer, etcd.clusterToken(), etcd.clusterState());
    }

    /** The recipe's packages for this node's role, in install order. */
    static List<String> packages(Definition def) {
        Set<String> packages = new LinkedHashSet<>(List.of("vim", "bash-completion", "chrony",
                "python3-openstackclient", "openstack-selinux"));
        var services = def.services();
        if (services.mariadb() != null) {
            packages.addAll(List.of("mariadb", "mariadb-server", "python3-PyMySQL"));
        }
        if (services.rabbitmq() != null) {
            packages.add("rabbitmq-server");
        }
        if (services.memcached() != null) {
            packages.addAll(List.of("memcached", "python3-memcached"));
        }
        if (services.etcd() != null) {
            packages.add("etcd");
        }
        return List.copyOf(packages);
    }

    /**
     * The node's server units in start order: chronyd always, then the recipe's services the node
     * runs. The build enables them (when the base has them) and first boot enables and starts them.
     */
    public static List<String> serviceUnits(Definition def) {
        List<String> units = new ArrayList<>(List.of("chronyd.service"));
        var services = def.services();
        if (services.mariadb() != null) {
            units.add("mariadb.service");
        }
        if (services.rabbitmq() != null) {
            units.add("rabbitmq-server.service");
        }
        if (services.memcached() != null) {
            units.add("memcached.service");
        }
        if (services.etcd() != null) {
            units.add("etcd.service");
        }
        return List.copyOf(units);
    }
}
