package org.stackbake.spec;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;

/**
 * One node's image definition after includes are merged. Mirrors the YAML one to one; defaults
 * live in the compact constructors, checks in {@link DefinitionValidator}, derived values in
 * {@code service.NodeModel}. A null service means that service is not on this node.
 */
public record Definition(
        String name,
        String release,
        String base,
        String hostname,
        List<HostEntry> hosts,
        List<Nic> network,
        Security security,
        CloudInit cloudInit,
        Ntp ntp,
        Services services,
        String rootPassword,
        List<User> users,
        Map<String, SecretRef> secrets,
        List<String> packages,
        Install install,
        List<Repository> repositories,
        Updates updates,
        Map<String, List<String>> packageNames,
        Map<String, ArtifactSource> artifacts) {

    public Definition {
        hosts = listOrEmpty(hosts);
        network = listOrEmpty(network);
        security = security == null ? new Security(null, null) : security;
        cloudInit = cloudInit == null ? CloudInit.NO_NETWORK : cloudInit;
        ntp = ntp == null ? new Ntp(null, null, null) : ntp;
        services = services == null ? new Services(null, null, null, null) : services;
        users = listOrEmpty(users);
        secrets = secrets == null ? Map.of() : secrets;
        packages = listOrEmpty(packages);
        install = install == null ? Install.BUILD : install;
        repositories = listOrEmpty(repositories);
        // Only a build that runs dnf can update: with install: firstboot the build stays offline.
        updates = updates != null ? updates : install == Install.BUILD ? Updates.SECURITY : Updates.NONE;
        packageNames = packageNames == null ? Map.of() : Map.copyOf(packageNames);
        artifacts = artifacts == null ? Map.of() : Map.copyOf(artifacts);
    }

    /** When the node's packages are installed: by the build (a golden image) or by first boot from the mirrors. */
    public enum Install {
        BUILD, FIRSTBOOT;

        @JsonValue
        public String yaml() {
            return name().toLowerCase();
        }
    }

    /**
     * Which updates of the base's packages the build applies with the guest's dnf: those with a
     * security advisory (the default with install: build), every available one, or none.
     */
    public enum Updates {
        SECURITY, ALL, NONE;

        @JsonValue
        public String yaml() {
            return name().toLowerCase();
        }
    }

    /**
     * An RPM repository of the definition's own, written as /etc/yum.repos.d/stackbake-NAME.repo and
     * used by the build's install. Without gpgkey its packages are not signature-checked.
     */
    public record Repository(String name, String baseurl, String gpgkey, Boolean enabled) {
        /** dnf repo ids are stackbake-NAME; the build names its --repo directories stackbake-local-N. */
        public static final String ID_PREFIX = "stackbake-";
        public static final String LOCAL_NAME_PREFIX = "local-";

        public Repository {
            enabled = enabled == null || enabled;
        }

        public String id() {
            return ID_PREFIX + name;
        }
    }

    /** Where a component's verified download comes from instead of the catalog's (a mirror), with its SHA-256. */
    public record ArtifactSource(String url, String sha256) {}

    public record HostEntry(String name, String address, List<String> aliases) {
        public HostEntry {
            aliases = listOrEmpty(aliases);
        }
    }

    /** A NIC: its NetworkManager connection id, how to find the device, and its addressing. */
    public record Nic(String id, Match match, Ipv4 ipv4, Ipv6Method ipv6, Boolean management) {}

    public record Match(@JsonProperty("interface") String interfaceName, String mac) {}

    /** Either {@code disabled} (up, no address: a provider NIC) or a static address. */
    public record Ipv4(String method, String address, String gateway, List<String> dns) {
        public static final String DISABLED = "disabled";
        public static final String MANUAL = "manual";

        @JsonCreator(mode = JsonCreator.Mode.PROPERTIES)
        public Ipv4(@JsonProperty("method") String method, @JsonProperty("address") String address,
                    @JsonProperty("gateway") String gateway, @JsonProperty("dns") List<String> dns) {
            this.method = method == null ? MANUAL : method;
            this.address = address;
            this.gateway = gateway;
            this.dns = listOrEmpty(dns);
        }

        @JsonCreator(mode = JsonCreator.Mode.DELEGATING)
        public static Ipv4 ofMethod(String method) {
            return new Ipv4(method, null, null, null);
        }

        public boolean isDisabled() {
            return DISABLED.equals(method);
        }
    }

    public enum Ipv6Method {
        AUTO("auto"), IGNORE("ignore"), DISABLED("disabled");

        private final String yaml;

        Ipv6Method(String yaml) {
            this.yaml = yaml;
        }

        @JsonValue
        public String yaml() {
            return yaml;
        }
    }

    public record Security(SelinuxMode selinux, FirewalldState firewalld) {
        public Security {
            selinux = selinux == null ? SelinuxMode.PERMISSIVE : selinux;
            firewalld = firewalld == null ? FirewalldState.DISABLED : firewalld;
        }
    }

    public enum SelinuxMode {
        ENFORCING, PERMISSIVE, DISABLED;

        @JsonValue
        public String yaml() {
            return name().toLowerCase();
        }
    }

    public enum FirewalldState {
        ENABLED, DISABLED, MASKED;

        @JsonValue
        public String yaml() {
            return name().toLowerCase();
        }
    }

    /** keep: leave cloud-init alone; no-network: it must not touch NICs, /etc/hosts, hostname; disabled: off. */
    public enum CloudInit {
        KEEP("keep"), NO_NETWORK("no-network"), DISABLED("disabled");

        private final String yaml;

        CloudInit(String yaml) {
            this.yaml = yaml;
        }

        @JsonValue
        public String yaml() {
            return yaml;
        }
    }

    /** NTP sources (servers and an optional pool) and the subnets this node serves time to. */
    public record Ntp(List<String> servers, String pool, List<String> allow) {
        public Ntp {
            servers = listOrEmpty(servers);
            allow = listOrEmpty(allow);
        }
    }

    public record Services(MariaDb mariadb, RabbitMq rabbitmq, Memcached memcached, Etcd etcd) {}

    /**
     * openstack.cnf values; bindAddress defaults to the management address. skipNameResolve
     * (default true): the server never looks up client addresses in DNS, so an unreachable DNS
     * server cannot stall every connection; grants then match addresses, not names.
     */
    public record MariaDb(String bindAddress, Integer maxConnections, String defaultStorageEngine,
                          Boolean innodbFilePerTable, String collationServer, String characterSetServer,
                          String rootPassword, Boolean skipNameResolve) {
        public MariaDb {
            skipNameResolve = skipNameResolve == null || skipNameResolve;
            maxConnections = maxConnections == null ? 4096 : maxConnections;
            defaultStorageEngine = defaultStorageEngine == null ? "innodb" : defaultStorageEngine;
            innodbFilePerTable = innodbFilePerTable == null || innodbFilePerTable;
            collationServer = collationServer == null ? "utf8_general_ci" : collationServer;
            characterSetServer = characterSetServer == null ? "utf8" : characterSetServer;
            rootPassword = rootPassword == null ? "mariadb_root" : rootPassword;
        }
    }

    public record RabbitMq(String user, String password, String vhost) {
        public RabbitMq {
            user = user == null ? "openstack" : user;
            password = password == null ? "rabbitmq_openstack" : password;
            vhost = vhost == null ? "/" : vhost;
        }
    }

    /** listen defaults to loopback (IPv4 and IPv6) plus this node's hostname. */
    public record Memcached(List<String> listen, Integer port, Integer maxConnections, Integer cacheSizeMb) {
        public Memcached {
            listen = listOrEmpty(listen);
            port = port == null ? 11211 : port;
            maxConnections = maxConnections == null ? 1024 : maxConnections;
            cacheSizeMb = cacheSizeMb == null ? 64 : cacheSizeMb;
        }
    }

    /** name defaults to the hostname; URLs are derived from the management address. */
    public record Etcd(String name, String clusterToken, String dataDir, Integer clientPort, Integer peerPort,
                       String clusterState) {
        public Etcd {
            clusterToken = clusterToken == null ? "etcd-cluster-01" : clusterToken;
            dataDir = dataDir == null ? "/var/lib/etcd/default.etcd" : dataDir;
            clientPort = clientPort == null ? 2379 : clientPort;
            peerPort = peerPort == null ? 2380 : peerPort;
            clusterState = clusterState == null ? "new" : clusterState;
        }
    }

    /** A login; password names a secret and becomes a SHA-512 crypt hash, never plain text. */
    public record User(String name, List<String> groups, Boolean sudo, List<String> sshAuthorizedKeys,
                       String password, String shell) {
        public User {
            groups = listOrEmpty(groups);
            sudo = sudo != null && sudo;
            sshAuthorizedKeys = listOrEmpty(sshAuthorizedKeys);
            shell = shell == null ? "/bin/bash" : shell;
        }
    }

    private static <T> List<T> listOrEmpty(List<T> list) {
        return list == null ? List.of() : List.copyOf(list);
    }
}
