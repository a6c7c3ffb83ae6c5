package org.stackbake.render;

import java.util.List;

/**
 * Everything the templates see, with every derived value already computed (management address,
 * etcd URLs, memcached listen list, keyfile UUIDs): templates only place values, they never compute.
 * Optional services are null when the node does not run them.
 */
public record NodeModel(
        String name,
        String hostname,
        ReleaseModel release,
        String managementAddress,
        List<NicModel> nics,
        List<HostLine> hosts,
        String selinux,
        String firewalld,
        String cloudInit,
        NtpModel ntp,
        MariaDbModel mariadb,
        RabbitMqModel rabbitmq,
        MemcachedModel memcached,
        EtcdModel etcd,
        List<UserModel> users,
        List<String> packages,
        List<String> serviceUnits,
        List<SecretModel> secrets,
        String rootPasswordSecret,
        String install,
        List<RepositoryModel> repositories) {

    /** repoPackage is null for a release without an RDO release package. */
    public record ReleaseModel(String name, String version, String repoPackage) {}

    /** A repository of the definition: its dnf id (stackbake-NAME) and .repo values; gpgkey may be null. */
    public record RepositoryModel(String id, String name, String baseurl, String gpgkey, boolean enabled) {}

    public record NicModel(String id, String uuid, String interfaceName, String mac, String ipv4Method,
                           String address, String gateway, String dns, String ipv6Method, boolean management) {}

    public record HostLine(String address, String names) {}

    public record NtpModel(List<String> servers, String pool, List<String> allow, boolean serves) {}

    public record MariaDbModel(String bindAddress, int maxConnections, String defaultStorageEngine,
                               String innodbFilePerTable, String collationServer, String characterSetServer,
                               String rootPasswordSecret) {}

    public record RabbitMqModel(String user, String vhost, String passwordSecret) {}

    public record MemcachedModel(int port, int maxConnections, int cacheSizeMb, String listen) {}

    public record EtcdModel(String name, String dataDir, String clientUrl, String peerUrl, String initialCluster,
                            String clusterToken, String clusterState) {}

    public record UserModel(String name, List<String> groups, boolean sudo, List<String> sshAuthorizedKeys,
                            String passwordSecret, String shell) {}

    /** A secret as the guest sees it: its name and whether first boot generates it. Never its value. */
    public record SecretModel(String name, String source, boolean generated, int length) {}
}
