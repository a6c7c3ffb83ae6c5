package org.stackbake.service;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.util.List;
import java.util.Map;
import org.stackbake.spec.Definition.CloudInit;
import org.stackbake.spec.Definition.FirewalldState;
import org.stackbake.spec.Definition.SelinuxMode;

/**
 * Everything the templates see, with every derived value already computed (management address,
 * keyfile UUIDs, and each service element's model): templates only place values, they never compute.
 * Each element that has a model publishes it at the top level under its name
 * ({@code <name>.<value>}); a service the node does not run is absent ({@code node.<name>??}).
 */
public record NodeModel(
        String name,
        String hostname,
        ReleaseModel release,
        String managementAddress,
        List<NicModel> nics,
        List<HostLine> hosts,
        SelinuxMode selinux,
        FirewalldState firewalld,
        CloudInit cloudInit,
        NtpModel ntp,
        @JsonIgnore Map<String, Object> services,
        List<UserModel> users,
        List<String> packages,
        List<String> serviceUnits,
        List<SecretModel> secrets,
        String rootPasswordSecret,
        String install,
        List<RepositoryModel> repositories) {

    public NodeModel {
        services = Map.copyOf(services);
    }

    /** The element models, flattened into the template model beside the node's own values. */
    @JsonAnyGetter
    public Map<String, Object> serviceModels() {
        return services;
    }

    /** The model an element published, or null when the node does not get that element. */
    public <T> T service(String name, Class<T> type) {
        return type.cast(services.get(name));
    }

    /** repoPackage is null for a release without an RDO release package. */
    public record ReleaseModel(String name, String version, String repoPackage) {}

    /**
     * A repository of the definition, or a vendor's from the release catalog (vendor true): its dnf id
     * (stackbake-NAME) and .repo values; gpgkey (space-separated URLs) may be null, options are extra
     * dnf options (name, value).
     */
    public record RepositoryModel(String id, String name, String title, String baseurl, String gpgkey, boolean enabled,
                                  Map<String, String> options, boolean vendor) {
        public RepositoryModel {
            options = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(options));
        }
    }

    public record NicModel(String id, String uuid, String interfaceName, String mac, String ipv4Method,
                           String address, String gateway, String dns, String ipv6Method, boolean management) {}

    public record HostLine(String address, String names) {}

    public record NtpModel(List<String> servers, String pool, List<String> allow, boolean serves) {}

    public record UserModel(String name, List<String> groups, boolean sudo, List<String> sshAuthorizedKeys,
                            String passwordSecret, String shell) {}

    /** A secret as the guest sees it: its name and whether first boot generates it. Never its value. */
    public record SecretModel(String name, String source, boolean generated, int length) {}
}
