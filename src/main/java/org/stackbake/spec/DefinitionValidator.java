package org.stackbake.spec;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.spec.Definition.HostEntry;
import org.stackbake.spec.Definition.Nic;
import org.stackbake.spec.Definition.Repository;
import org.stackbake.spec.Definition.User;

/**
 * Checks the values of a loaded definition and reports every problem with its location. Rules
 * follow what the target files accept: RFC 1123 names for /etc/hosts, single-line text for
 * systemd environment files, secret names that exist. Each element checks its own part.
 */
final class DefinitionValidator {
    /** Without the elements' checks no definition could be trusted: their absence fails loudly. */
    private static final ElementChecks ELEMENTS = ServiceLoader.load(ElementChecks.class).findFirst()
            .orElseThrow(() -> new IllegalStateException("no " + ElementChecks.class.getName()
                    + " provider on the class path (META-INF/services)"));

    private final LoadedDefinition loaded;
    private final Definition def;
    private final DefinitionProblems checks;
    private final List<SpecProblem> problems;

    DefinitionValidator(LoadedDefinition loaded) {
        this.loaded = loaded;
        this.def = loaded.definition();
        this.checks = new DefinitionProblems(loaded);
        this.problems = checks.list();
    }

    List<SpecProblem> validate() {
        required();
        if (def.name() != null && !Names.isDefinitionName(def.name())) {
            value("/name", "invalid name '" + def.name() + "'", "lower-case letters, digits and '-': it names output files");
        }
        release();
        if (def.hostname() != null && !Names.isHostname(def.hostname())) {
            value("/hostname", "hostname '" + def.hostname() + "' is not a valid RFC 1123 host name",
                    "letters, digits and inner '-', dot-separated labels of at most 63 characters");
        }
        hosts();
        Optional<Ipv4.Cidr> management = network();
        hostnameResolves(management);
        elements(management);
        users();
        secrets();
        packages();
        repositories();
        updates();
        singleLine("/base", def.base());
        new NodeRules(loaded, checks, ELEMENTS).check();
        problems.sort(Comparator.comparing((SpecProblem p) -> p.location().file().toString())
                .thenComparingInt(p -> p.location().line()).thenComparingInt(p -> p.location().column()));
        return problems;
    }

    private void required() {
        if (def.name() == null) {
            missing("name");
        }
        if (def.release() == null) {
            missing("release");
        }
        if (def.hostname() == null) {
            missing("hostname");
        }
        if (def.network().isEmpty()) {
            missing("network");
        }
    }

    private void missing(String key) {
        problems.add(new SpecProblem(Location.of(loaded.path()), "missing required key '" + key + "'",
                "add '" + key + ":' at the top level (or in an included file)"));
    }

    private void release() {
        if (def.release() == null) {
            return;
        }
        ReleaseCatalog catalog = ReleaseCatalog.builtIn();
        if (catalog.find(def.release()).isEmpty()) {
            value("/release", "unknown release '" + def.release() + "'",
                    Suggestions.didYouMean(def.release(), catalog.names()).replace("known keys", "known releases"));
        } else {
            ReleaseSources.check(def, catalog.find(def.release()).get(), ELEMENTS.roles(def), checks);
        }
    }

    private void hosts() {
        Map<String, String> names = new HashMap<>();
        Map<String, String> addresses = new HashMap<>();
        for (int i = 0; i < def.hosts().size(); i++) {
            HostEntry host = def.hosts().get(i);
            String at = "/hosts/" + i;
            if (host.name() == null || host.address() == null) {
                value(at, "a hosts entry needs 'name' and 'address'", "e.g. {name: controller, address: 192.168.8.10}");
                continue;
            }
            if (!Names.isHostname(host.name())) {
                value(at + "/name", "host name '" + host.name() + "' is not a valid RFC 1123 host name",
                        "letters, digits and inner '-' only");
            } else if (names.putIfAbsent(host.name(), at) != null) {
                value(at + "/name", "duplicate host name '" + host.name() + "' in the hosts table",
                        "first defined at " + loaded.sources().value(names.get(host.name()) + "/name"));
            }
            if (!Ipv4.isValid(host.address())) {
                value(at + "/address", "invalid IPv4 address '" + host.address() + "'", "four numbers 0-255, e.g. 192.168.8.20");
            } else if (addresses.putIfAbsent(host.address(), at) != null) {
                value(at + "/address", "duplicate IP address " + host.address() + " in the hosts table",
                        "first used at " + loaded.sources().value(addresses.get(host.address()) + "/address"));
            }
            for (int a = 0; a < host.aliases().size(); a++) {
                if (!Names.isHostname(host.aliases().get(a))) {
                    value(at + "/aliases/" + a, "alias '" + host.aliases().get(a) + "' is not a valid RFC 1123 host name",
                            "letters, digits and inner '-', dot-separated labels");
                }
            }
        }
    }

    /** Returns the management address when exactly one NIC can be identified as management. */
    private Optional<Ipv4.Cidr> network() {
        Map<String, String> ids = new HashMap<>();
        Map<String, String> matches = new HashMap<>();
        Ipv4.Cidr management = null;
        int explicitManagement = 0;
        for (int i = 0; i < def.network().size(); i++) {
            Nic nic = def.network().get(i);
            String at = "/network/" + i;
            if (nic.id() == null) {
                value(at, "a NIC needs an 'id' (its NetworkManager connection name)", "e.g. id: ens160");
            } else if (!Names.isConnectionId(nic.id())) {
                value(at + "/id", "NIC id '" + nic.id() + "' cannot be a keyfile name",
                        "letters, digits, '.', '_' and '-' (it names /etc/NetworkManager/system-connections/<id>.nmconnection)");
            } else if (ids.putIfAbsent(nic.id(), at) != null) {
                value(at + "/id", "two NICs with the same id '" + nic.id() + "'", "each NIC needs its own id");
            }
            String match = match(nic, at);
            if (match != null && matches.putIfAbsent(match, at) != null) {
                value(at + "/match", "two NICs with the same match (" + match + ")", "each NIC must match a different device");
            }
            Optional<Ipv4.Cidr> address = ipv4(nic, at);
            if (Boolean.TRUE.equals(nic.management())) {
                explicitManagement++;
                if (address.isEmpty() && nic.ipv4() != null && nic.ipv4().isDisabled()) {
                    value(at + "/management", "the management NIC needs a static IPv4 address",
                            "give it ipv4: {address: a.b.c.d/prefix}, or mark another NIC");
                }
            }
            if (address.isPresent() && (management == null || Boolean.TRUE.equals(nic.management()))) {
                management = address.get();
            }
        }
        if (explicitManagement > 1) {
            value("/network", "more than one NIC is marked 'management: true'", "mark exactly one");
        }
        return Optional.ofNullable(management);
    }

    private String match(Nic nic, String at) {
        if (nic.match() == null) {
            value(at, "a NIC needs 'match' with 'interface' or 'mac'", "e.g. match: {interface: ens160}");
            return null;
        }
        String name = nic.match().interfaceName();
        String mac = nic.match().mac();
        if ((name == null) == (mac == null)) {
            value(at + "/match", "match needs exactly one of 'interface' or 'mac'",
                    "e.g. match: {interface: ens160} or match: {mac: 52:54:00:12:34:56}");
            return null;
        }
        if (name != null && !Names.isInterface(name)) {
            value(at + "/match/interface", "invalid interface name '" + name + "'", "at most 15 letters, digits, '.', '_' or '-'");
        }
        if (mac != null && !Names.isMac(mac)) {
            value(at + "/match/mac", "invalid MAC address '" + mac + "'", "six hex pairs, e.g. 52:54:00:12:34:56");
        }
        return name != null ? "interface " + name : "mac " + mac.toLowerCase();
    }

    private Optional<Ipv4.Cidr> ipv4(Nic nic, String at) {
        Definition.Ipv4 ipv4 = nic.ipv4();
        if (ipv4 == null) {
            value(at, "a NIC needs 'ipv4': a static address or 'disabled'", "e.g. ipv4: {address: 192.168.8.10/24}");
            return Optional.empty();
        }
        String ip = at + "/ipv4";
        if (ipv4.isDisabled()) {
            if (ipv4.address() != null || ipv4.gateway() != null || !ipv4.dns().isEmpty()) {
                value(ip, "ipv4 'disabled' cannot have an address, gateway or dns",
                        "remove them, or give ipv4: {address: ...} instead of disabled");
            }
            return Optional.empty();
        }
        if (!Definition.Ipv4.MANUAL.equals(ipv4.method())) {
            value(ip, "invalid ipv4 method '" + ipv4.method() + "'", "use an address mapping, or 'disabled'");
            return Optional.empty();
        }
        if (ipv4.address() == null) {
            value(ip, "a static ipv4 needs 'address'", "e.g. address: 192.168.8.10/24");
            return Optional.empty();
        }
        Optional<Ipv4.Cidr> cidr = cidr(ip + "/address", ipv4.address(), "address");
        if (ipv4.gateway() != null) {
            Optional<Integer> gateway = Ipv4.parse(ipv4.gateway());
            if (gateway.isEmpty()) {
                value(ip + "/gateway", "invalid IPv4 gateway '" + ipv4.gateway() + "'", "four numbers 0-255");
            } else if (cidr.isPresent() && !cidr.get().contains(gateway.get())) {
                value(ip + "/gateway", "gateway " + ipv4.gateway() + " is outside the subnet "
                        + Ipv4.format(cidr.get().network()) + "/" + cidr.get().prefix(), "the gateway must be on the NIC's own subnet");
            }
        }
        for (int d = 0; d < ipv4.dns().size(); d++) {
            if (!Ipv4.isValid(ipv4.dns().get(d))) {
                value(ip + "/dns/" + d, "invalid IPv4 DNS server '" + ipv4.dns().get(d) + "'", "four numbers 0-255");
            }
        }
        return cidr;
    }

    private Optional<Ipv4.Cidr> cidr(String at, String text, String what) {
        return checks.cidr(at, text, what);
    }

    private void hostnameResolves(Optional<Ipv4.Cidr> management) {
        if (def.hostname() == null || def.hosts().isEmpty() || management.isEmpty()) {
            return;
        }
        String ip = management.get().addressText();
        Optional<HostEntry> own = def.hosts().stream().filter(h -> def.hostname().equals(h.name())).findFirst();
        if (own.isEmpty()) {
            value("/hostname", "hostname '" + def.hostname() + "' is not in the hosts table",
                    "add {name: " + def.hostname() + ", address: " + ip + "} to hosts: every node must resolve every other");
        } else if (!ip.equals(own.get().address())) {
            value("/hostname", "hosts table maps '" + def.hostname() + "' to " + own.get().address()
                    + " but its management address is " + ip, "make them agree");
        }
    }

    private void elements(Optional<Ipv4.Cidr> management) {
        boolean needsManagement = ELEMENTS.needManagementAddress(def);
        boolean anyAddress = def.network().stream().anyMatch(n -> n.ipv4() != null && n.ipv4().address() != null);
        if (needsManagement && management.isEmpty() && !anyAddress && !def.network().isEmpty()) {
            value("/network", "no NIC has a static IPv4 address, but the services need a management address",
                    "give the management NIC ipv4: {address: ...}");
        }
        ELEMENTS.check(def, checks);
    }

    private void users() {
        secretName("/rootPassword", def.rootPassword());
        for (int i = 0; i < def.users().size(); i++) {
            User user = def.users().get(i);
            String at = "/users/" + i;
            if (!Names.isUser(user.name())) {
                value(at + "/name", "invalid user name '" + user.name() + "'", "lower-case letters, digits, '_' and '-', 32 at most");
            }
            for (int g = 0; g < user.groups().size(); g++) {
                if (!Names.isUser(user.groups().get(g))) {
                    value(at + "/groups/" + g, "invalid group name '" + user.groups().get(g) + "'",
                            "lower-case letters, digits, '_' and '-', 32 at most");
                }
            }
            for (int k = 0; k < user.sshAuthorizedKeys().size(); k++) {
                String key = user.sshAuthorizedKeys().get(k);
                if (singleLine(at + "/sshAuthorizedKeys/" + k, key)
                        && !key.matches("(ssh-(rsa|ed25519|dss)|ecdsa-sha2-nistp\\d+|sk-\\S+) [A-Za-z0-9+/=]+( .*)?")) {
                    value(at + "/sshAuthorizedKeys/" + k, "not an SSH public key", "one line as in id_ed25519.pub: 'ssh-ed25519 AAAA... comment'");
                }
            }
            if (!user.shell().startsWith("/") || !singleLine(at + "/shell", user.shell())) {
                value(at + "/shell", "shell must be an absolute path", "e.g. /bin/bash");
            }
            secretName(at + "/password", user.password());
        }
    }

    private void secrets() {
        def.secrets().forEach((name, ref) -> {
            String at = SourceMap.child("/secrets", name);
            if (!Names.isIdentifier(name)) {
                key(at, "invalid secret name '" + name + "'", "letters, digits and '_'");
            }
            if (ref == null || ref.kind() == null) {
                value(at, "secret '" + name + "' needs exactly one of env:, file: or generate: true", "e.g. {env: RABBIT_PASS}");
                return;
            }
            if (ref.env() != null && !Names.isEnvVar(ref.env())) {
                value(at + "/env", "invalid environment variable name '" + ref.env() + "'",
                        "letters, digits and '_', not starting with a digit");
            }
            range(at + "/length", ref.length(), 16, 128);
        });
    }

    private void packages() {
        for (int i = 0; i < def.packages().size(); i++) {
            String name = def.packages().get(i);
            if (!Names.isPackageName(name)) {
                value("/packages/" + i, "invalid package name '" + name + "'",
                        "an RPM package name: letters, digits, '.', '_', '+' and '-', not starting with '-'");
            }
        }
    }

    private void repositories() {
        Map<String, String> names = new HashMap<>();
        for (int i = 0; i < def.repositories().size(); i++) {
            Repository repo = def.repositories().get(i);
            String at = "/repositories/" + i;
            if (repo.name() == null || repo.baseurl() == null) {
                value(at, "a repository needs 'name' and 'baseurl'",
                        "e.g. {name: openstack, baseurl: https://mirror.example.com/openstack/el9/, gpgkey: https://...}");
                continue;
            }
            if (!Names.isRepositoryName(repo.name())) {
                value(at + "/name", "invalid repository name '" + repo.name() + "'",
                        "letters, digits, '.', '_' and '-' (it names /etc/yum.repos.d/stackbake-<name>.repo)");
            } else if (repo.name().startsWith(Repository.LOCAL_NAME_PREFIX)) {
                value(at + "/name", "repository name '" + repo.name() + "' is reserved",
                        "names starting with '" + Repository.LOCAL_NAME_PREFIX + "' are the build's --repo directories");
            } else if (names.putIfAbsent(repo.name(), at) != null) {
                value(at + "/name", "two repositories named '" + repo.name() + "'", "each repository needs its own name");
            }
            url(at + "/baseurl", repo.baseurl(), "baseurl");
            if (repo.gpgkey() != null) {
                url(at + "/gpgkey", repo.gpgkey(), "gpgkey");
            }
        }
    }

    /** Schemes dnf fetches from; anything else (or a line break) would make a broken .repo file. */
    private void url(String at, String text, String what) {
        String hint = "an http://, https:// or file:/// URL, e.g. https://mirror.example.com/openstack/el9/";
        if (!singleLine(at, text)) {
            return;
        }
        if (text.chars().anyMatch(Character::isWhitespace)) {
            value(at, "invalid " + what + " '" + text + "': it contains white space", hint);
            return;
        }
        try {
            URI uri = new URI(text);
            String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase();
            boolean ok = switch (scheme) {
                case "http", "https" -> uri.getHost() != null;
                case "file" -> uri.getPath() != null && uri.getPath().startsWith("/");
                default -> false;
            };
            if (!ok) {
                value(at, "invalid " + what + " '" + text + "'" + (scheme.isEmpty() ? ": no scheme"
                        : List.of("http", "https", "file").contains(scheme) ? "" : ": scheme '" + scheme + "' is not supported"), hint);
            }
        } catch (URISyntaxException e) {
            value(at, "invalid " + what + " '" + text + "': " + e.getReason(), hint);
        }
    }

    private void secretName(String at, String name) {
        checks.secretName(at, name);
    }

    private void range(String at, Integer number, int min, int max) {
        checks.range(at, number, min, max);
    }

    private boolean singleLine(String at, String text) {
        return checks.singleLine(at, text);
    }

    private void value(String pointer, String message, String hint) {
        checks.value(pointer, message, hint);
    }

    private void key(String pointer, String message, String hint) {
        checks.key(pointer, message, hint);
    }

    /** Updates run in the build's dnf, which runs only with install: build. */
    private void updates() {
        if (def.install() == Definition.Install.FIRSTBOOT && def.updates() != Definition.Updates.NONE) {
            value("/updates", "updates: " + def.updates().yaml() + " needs install: build (with install: firstboot"
                    + " the build runs no dnf)", "set install: build, or updates: none");
        }
    }
}
