package org.stackbake.spec;

import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Base64;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.stackbake.image.SyntheticBases;
import org.stackbake.spec.Definition.HostEntry;
import org.stackbake.spec.Definition.Nic;
import org.stackbake.spec.Definition.User;

/**
 * What a node can actually run, beyond syntax: usable addresses (no network, broadcast, loopback
 * or multicast address on a NIC or as a gateway), names that resolve to one place, accounts and
 * keys sshd and first boot accept, services that can all bind, and a base that can be a disk.
 * Rules that are judgements (service account names, weak key types) are listed in the README.
 */
final class NodeRules {
    /**
     * Accounts of the base system and of the OpenStack services a node may later get: a user of
     * that name would take over a daemon's account (a judgement: the EL base system's accounts,
     * every systemd-* one, the OpenStack services'; the elements add their own services' accounts).
     */
    static final Set<String> SYSTEM_ACCOUNTS = Set.of("bin", "daemon", "adm", "lp", "sync", "shutdown", "halt",
            "mail", "operator", "games", "ftp", "nobody", "dbus", "polkitd", "sshd", "tss", "unbound", "rpc", "rpcuser",
            "qemu", "nova", "neutron", "glance", "keystone", "cinder", "placement", "swift", "heat", "octavia", "apache",
            "nginx");
    /** Host names that mean this machine to every resolver. */
    private static final Set<String> LOCAL_NAMES = Set.of("localhost", "localhost.localdomain", "localhost4",
            "localhost6", "localhost4.localdomain4", "localhost6.localdomain6");
    private static final int MIN_RSA_BITS = 2048;

    private final Definition def;
    private final DefinitionProblems problems;
    private final LoadedDefinition loaded;
    private final ElementChecks elements;

    NodeRules(LoadedDefinition loaded, DefinitionProblems problems, ElementChecks elements) {
        this.loaded = loaded;
        this.elements = elements;
        this.def = loaded.definition();
        this.problems = problems;
    }

    void check() {
        nics();
        hosts();
        ports();
        users();
        base();
    }

    // ---- addresses ----

    /** Checks every static NIC address, gateway and DNS server, and the MACs. */
    private void nics() {
        Map<Integer, String> seen = new HashMap<>();
        for (int i = 0; i < def.network().size(); i++) {
            Nic nic = def.network().get(i);
            String at = "/network/" + i;
            if (nic.match() != null && nic.match().mac() != null && Names.isMac(nic.match().mac())) {
                mac(at + "/match/mac", nic.match().mac());
            }
            if (nic.ipv4() == null || nic.ipv4().isDisabled() || nic.ipv4().address() == null) {
                continue;
            }
            String ip = at + "/ipv4";
            Optional<Ipv4.Cidr> parsed = Ipv4.parseCidr(nic.ipv4().address());
            if (parsed.isEmpty()) {
                continue; // reported by the syntax check
            }
            Ipv4.Cidr cidr = parsed.get();
            if (cidr.prefix() == 0) {
                problems.value(ip + "/address", "prefix /0 in " + cidr + " makes every address on-link",
                        "give the NIC's own subnet, e.g. /24");
            }
            usable(ip + "/address", cidr.address(), "address", cidr);
            String other = seen.putIfAbsent(cidr.address(), at);
            if (other != null) {
                problems.value(ip + "/address", "two NICs with the address " + Ipv4.format(cidr.address()),
                        "first used at " + problems.where(other + "/ipv4/address") + "; each NIC needs its own address");
            }
            Optional<Integer> gateway = Ipv4.parse(nic.ipv4().gateway());
            if (gateway.isPresent()) {
                if (gateway.get() == cidr.address()) {
                    problems.value(ip + "/gateway", "gateway " + nic.ipv4().gateway() + " is the NIC's own address",
                            "the gateway is the router on the subnet, e.g. " + Ipv4.format(cidr.network() + 1));
                } else {
                    usable(ip + "/gateway", gateway.get(), "gateway", cidr);
                }
            }
            for (int d = 0; d < nic.ipv4().dns().size(); d++) {
                Optional<Integer> dns = Ipv4.parse(nic.ipv4().dns().get(d));
                if (dns.isPresent() && (dns.get() == 0 || isMulticastOrReserved(dns.get()))) {
                    problems.value(ip + "/dns/" + d, "DNS server " + Ipv4.format(dns.get()) + " is not a unicast address",
                            "a resolver's address, e.g. 192.168.8.2 or 127.0.0.1 for a local one");
                }
            }
        }
    }

    /** A host's own address: not 0.x, loopback, multicast or reserved, nor its subnet's network or broadcast address. */
    private void usable(String at, int address, String what, Ipv4.Cidr subnet) {
        String text = Ipv4.format(address);
        // The example must be usable itself: a loopback (or multicast, ...) subnet has no host address to offer.
        int example = subnet.network() + 1;
        String hint = unusableKind(example).isEmpty() ? "give a host address of the subnet, e.g. " + Ipv4.format(example)
                : "give the NIC an address of its own network, e.g. 192.168.8.10/24";
        Optional<String> kind = unusableKind(address);
        if (kind.isPresent()) {
            problems.value(at, what + " " + text + " is " + kind.get() + ", which no NIC can use", hint);
        } else if (subnet.prefix() <= 30 && subnet.contains(address) && address == subnet.network()) {
            problems.value(at, what + " " + text + " is the network address of " + Ipv4.format(subnet.network()) + "/"
                    + subnet.prefix(), hint);
        } else if (subnet.prefix() <= 30 && subnet.contains(address) && address == (subnet.network() | ~subnet.mask())) {
            problems.value(at, what + " " + text + " is the broadcast address of " + Ipv4.format(subnet.network()) + "/"
                    + subnet.prefix(), hint);
        }
    }

    private static Optional<String> unusableKind(int address) {
        int first = address >>> 24;
        if (first == 0) {
            return Optional.of("a 'this network' address (0.0.0.0/8)");
        }
        if (first == 127) {
            return Optional.of("a loopback address");
        }
        if (first >= 224 && first <= 239) {
            return Optional.of("a multicast address");
        }
        if (first >= 240) {
            return Optional.of(address == -1 ? "the broadcast address" : "a reserved address (240.0.0.0/4)");
        }
        return Optional.empty();
    }

    private static boolean isMulticastOrReserved(int address) {
        return (address >>> 24) >= 224;
    }

    private void mac(String at, String mac) {
        int first = Integer.parseInt(mac.substring(0, 2), 16);
        String lower = mac.toLowerCase(Locale.ROOT);
        String hint = "the NIC's own (unicast) MAC, e.g. 52:54:00:12:34:56";
        if (lower.equals("00:00:00:00:00:00")) {
            problems.value(at, "MAC address " + mac + " is all zeros", hint);
        } else if (lower.equals("ff:ff:ff:ff:ff:ff")) {
            problems.value(at, "MAC address " + mac + " is the broadcast address", hint);
        } else if ((first & 1) == 1) {
            problems.value(at, "MAC address " + mac + " is a multicast address (first octet odd)", hint);
        }
    }

    // ---- names ----

    private void hosts() {
        if (def.hostname() != null && LOCAL_NAMES.contains(def.hostname().toLowerCase(Locale.ROOT))) {
            problems.value("/hostname", "hostname '" + def.hostname() + "' names every machine's loopback",
                    "give the node its own name, e.g. controller");
        }
        // Without hosts: at all, /etc/hosts is left as the base has it; an empty table given explicitly cannot hold the hostname.
        if (def.hosts().isEmpty() && loaded.sources().has("/hosts") && def.hostname() != null) {
            problems.value("/hosts", "the hosts table is empty, but it must list hostname '" + def.hostname() + "'",
                    "add {name: " + def.hostname() + ", address: <its management address>}: every node must resolve every other");
        }
        Map<String, String[]> names = new LinkedHashMap<>(); // lower-case name → {pointer, exact name, address}
        for (int i = 0; i < def.hosts().size(); i++) {
            HostEntry host = def.hosts().get(i);
            String at = "/hosts/" + i;
            if (host.name() == null || host.address() == null) {
                continue;
            }
            Ipv4.parse(host.address()).flatMap(NodeRules::unusableKind).ifPresent(kind -> problems.value(at + "/address",
                    "host address " + host.address() + " is " + kind + ", which other nodes cannot reach",
                    "the node's own address on the cluster network"));
            if (LOCAL_NAMES.contains(host.name().toLowerCase(Locale.ROOT))) {
                problems.value(at + "/name", "host name '" + host.name() + "' names every machine's loopback",
                        "/etc/hosts already maps localhost; list the cluster's nodes");
            }
            name(at + "/name", host.name(), host.address(), names, false);
            for (int a = 0; a < host.aliases().size(); a++) {
                name(at + "/aliases/" + a, host.aliases().get(a), host.address(), names, true);
            }
        }
    }

    /** One name per place: an alias may not shadow another entry, nor two names differ only in case. */
    private void name(String at, String name, String address, Map<String, String[]> names, boolean alias) {
        if (name == null) {
            return;
        }
        String[] first = names.putIfAbsent(name.toLowerCase(Locale.ROOT), new String[] {at, name, address});
        if (first == null) {
            return;
        }
        String where = "first at " + problems.where(first[0]);
        if (!first[1].equals(name) && !first[2].equals(address)) {
            problems.value(at, "names '" + first[1] + "' and '" + name + "' differ only in case but have different addresses",
                    "host names are case-insensitive: " + where);
        } else if (alias && first[1].equals(name)) {
            problems.value(at, "alias '" + name + "' shadows the name '" + first[1] + "' of " + first[2],
                    "each name may appear once in the hosts table: " + where);
        }
    }

    // ---- services ----

    /** One service per TCP port: sshd's and the node's services' (each element names its own). */
    private void ports() {
        Map<Integer, String> taken = new LinkedHashMap<>(Map.of(22, "sshd"));
        for (ElementChecks.Port port : elements.ports(def)) {
            String other = taken.putIfAbsent(port.number(), port.owner());
            if (other != null) {
                problems.value(port.pointer() == null ? "/services" : port.pointer(), "two services on port " + port.number()
                        + ": " + other + " and " + port.owner(), "give " + port.owner() + " another port");
            }
        }
    }

    // ---- users and keys ----

    private void users() {
        Map<String, String> seen = new HashMap<>();
        for (int i = 0; i < def.users().size(); i++) {
            User user = def.users().get(i);
            String at = "/users/" + i;
            if (user.name() == null) {
                continue;
            }
            if (user.name().equals("root")) {
                problems.value(at + "/name", "user 'root' is set by rootPassword, not users:",
                        "rootPassword: SECRET gives root its one password; users: adds new accounts");
            } else if (SYSTEM_ACCOUNTS.contains(user.name()) || elements.accounts().contains(user.name())
                    || user.name().startsWith("systemd-")) {
                problems.value(at + "/name", "user name '" + user.name() + "' is a system or service account",
                        "choose a personal name, e.g. ops (see README.md, 'Definition format')");
            }
            String first = seen.putIfAbsent(user.name(), at);
            if (first != null) {
                problems.value(at + "/name", "user '" + user.name() + "' appears twice",
                        "first at " + problems.where(first + "/name") + "; merge the two entries");
            }
            for (int k = 0; k < user.sshAuthorizedKeys().size(); k++) {
                sshKey(at + "/sshAuthorizedKeys/" + k, user.sshAuthorizedKeys().get(k));
            }
        }
    }

    /** The key's blob must decode and name the same type; DSA and short RSA keys are refused (a judgement). */
    private void sshKey(String at, String line) {
        String[] parts = line == null ? new String[0] : line.trim().split(" +", 3);
        if (parts.length < 2 || line.indexOf('\n') >= 0) {
            return; // reported by the syntax check
        }
        String type = parts[0];
        if (type.equals("ssh-dss")) {
            problems.value(at, "DSA (ssh-dss) keys are refused: weak, and OpenSSH no longer accepts them",
                    "use an ed25519 key: ssh-keygen -t ed25519");
            return;
        }
        byte[] blob;
        try {
            blob = Base64.getDecoder().decode(parts[1]);
        } catch (IllegalArgumentException e) {
            problems.value(at, "SSH key of type " + type + " is not valid base64", "paste the whole line of the .pub file");
            return;
        }
        ByteBuffer in = ByteBuffer.wrap(blob);
        Optional<String> inner = string(in).map(bytes -> new String(bytes, StandardCharsets.US_ASCII))
                .filter(t -> t.matches("[a-z0-9@.-]{1,64}"));
        if (inner.isEmpty() || !inner.get().equals(type)) {
            problems.value(at, "SSH key says " + type + " but its data is " + inner.map(t -> "a " + t + " key")
                    .orElse("not an SSH key"), "paste the whole line of the .pub file, unchanged");
            return;
        }
        if (type.equals("ssh-rsa")) {
            Optional<byte[]> exponent = string(in);
            Optional<byte[]> modulus = exponent.isPresent() ? string(in) : Optional.empty();
            if (modulus.isEmpty()) {
                problems.value(at, "SSH key of type ssh-rsa is truncated", "paste the whole line of the .pub file");
            } else if (new BigInteger(1, modulus.get()).bitLength() < MIN_RSA_BITS) {
                problems.value(at, "RSA key of " + new BigInteger(1, modulus.get()).bitLength() + " bits is refused (fewer than "
                        + MIN_RSA_BITS + ")", "use an ed25519 key, or RSA of 3072 bits or more");
            }
        }
    }

    /** An SSH wire-format string: uint32 length, then that many bytes. */
    private static Optional<byte[]> string(ByteBuffer in) {
        if (in.remaining() < 4) {
            return Optional.empty();
        }
        int length = in.getInt();
        if (length < 0 || length > in.remaining()) {
            return Optional.empty();
        }
        byte[] bytes = new byte[length];
        in.get(bytes);
        return Optional.of(bytes);
    }

    // ---- base ----

    /** What can be told without opening it: a known synthetic flavor, and a file that can hold a disk. */
    private void base() {
        String base = def.base();
        if (base == null) {
            return;
        }
        String prefix = "synthetic:";
        if (base.startsWith(prefix)) {
            if (!SyntheticBases.FLAVORS.contains(base.substring(prefix.length()))) {
                problems.value("/base", "unknown synthetic base '" + base + "'", "one of: " + String.join(", ",
                        SyntheticBases.FLAVORS.stream().map(f -> prefix + f).toList()));
            }
            return;
        }
        Path file = loaded.baseDirFor("/base").resolve(base);
        if (!Files.exists(file, LinkOption.NOFOLLOW_LINKS) && !Files.exists(file)) {
            return; // a catalog name, or a file of another machine: the build says which
        }
        if (Files.isDirectory(file)) {
            problems.value("/base", "base '" + base + "' is a directory", "give a qcow2 or raw image file, or a catalog name");
        } else if (!Files.isRegularFile(file)) {
            problems.value("/base", "base '" + base + "' is not a regular file (a device or a pipe)",
                    "give a qcow2 or raw image file, or a catalog name");
        } else if (file.toFile().length() == 0) {
            problems.value("/base", "base '" + base + "' is an empty file", "give a qcow2 or raw image file, or a catalog name");
        }
    }
}
