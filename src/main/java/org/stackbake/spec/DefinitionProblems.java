package org.stackbake.spec;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Collects the problems of one definition, each placed at the YAML location of a JSON pointer.
 * The validator and every service element report through it with the same wording rules.
 */
public final class DefinitionProblems {
    private final LoadedDefinition loaded;
    private final List<SpecProblem> problems = new ArrayList<>();

    DefinitionProblems(LoadedDefinition loaded) {
        this.loaded = loaded;
    }

    public Definition definition() {
        return loaded.definition();
    }

    List<SpecProblem> list() {
        return problems;
    }

    /** A problem with the value at {@code pointer}. */
    public void value(String pointer, String message, String hint) {
        problems.add(new SpecProblem(loaded.sources().value(pointer), message, hint));
    }

    /** A problem with the key at {@code pointer} (e.g. a bad map key). */
    public void key(String pointer, String message, String hint) {
        problems.add(new SpecProblem(loaded.sources().key(pointer), message, hint));
    }

    /** Where the value at {@code pointer} is, for "first defined at" hints. */
    public Location where(String pointer) {
        return loaded.sources().value(pointer);
    }

    public void range(String at, Integer number, int min, int max) {
        if (number != null && (number < min || number > max)) {
            value(at, "value " + number + " is out of range", "between " + min + " and " + max);
        }
    }

    /** Text that lands in a line-based file (env file, config) cannot carry line breaks or NUL. */
    public boolean singleLine(String at, String text) {
        if (text != null && text.chars().anyMatch(c -> c == '\n' || c == '\r' || c == 0)) {
            value(at, "value contains a line break, which '" + at.substring(at.lastIndexOf('/') + 1) + "' cannot carry",
                    "its target file is line-based: write it on one line");
            return false;
        }
        return true;
    }

    public void identifier(String at, String text) {
        if (!Names.isIdentifier(text)) {
            value(at, "invalid value '" + text + "'", "letters, digits and '_' only");
        }
    }

    /** {@code name} must be declared under secrets:. */
    public void secretName(String at, String name) {
        Definition def = loaded.definition();
        if (name != null && !def.secrets().containsKey(name)) {
            value(at, "unknown secret '" + name + "'" + (at.endsWith("/rootPassword") || at.endsWith("/password")
                    ? " (named by " + at.substring(1).replace('/', '.') + ")" : ""),
                    Suggestions.didYouMean(name, def.secrets().keySet()).replace("known keys", "defined secrets")
                            + "; declare it under secrets:, e.g. " + name + ": {generate: true}");
        }
    }

    /** A CIDR; a bad address and a bad prefix get their own message, so it says which part is wrong. */
    public Optional<Ipv4.Cidr> cidr(String at, String text, String what) {
        Optional<Ipv4.Cidr> cidr = Ipv4.parseCidr(text);
        if (cidr.isPresent()) {
            return cidr;
        }
        int slash = text.indexOf('/');
        if (slash < 0) {
            value(at, "invalid CIDR '" + text + "': no prefix length", "write the " + what + " as a.b.c.d/prefix, e.g. 192.168.8.10/24");
        } else if (!Ipv4.isValid(text.substring(0, slash))) {
            value(at, "invalid IPv4 address '" + text.substring(0, slash) + "' in " + what + " '" + text + "'", "four numbers 0-255");
        } else {
            value(at, "invalid prefix length '/" + text.substring(slash + 1) + "' in " + what + " '" + text + "'", "a number from 0 to 32");
        }
        return Optional.empty();
    }

    /** A bind address must be one the node has: a NIC's static address, loopback, or 0.0.0.0 (all). */
    public void bindAddress(String at, String address, String who) {
        Optional<Integer> parsed = Ipv4.parse(address);
        List<Integer> nics = loaded.definition().network().stream()
                .filter(n -> n.ipv4() != null && n.ipv4().address() != null)
                .flatMap(n -> Ipv4.parseCidr(n.ipv4().address()).stream()).map(Ipv4.Cidr::address).toList();
        if (parsed.isEmpty() || parsed.get() == 0 || (parsed.get() >>> 24) == 127 || nics.contains(parsed.get())) {
            return;
        }
        value(at, who + " would bind " + address + ", which no NIC of this node has",
                "one of the node's addresses " + nics.stream().map(Ipv4::format).toList() + ", 127.0.0.1 or 0.0.0.0");
    }

    /** A listen address: an IP literal, or a host name that /etc/hosts (the hosts table) resolves. */
    public void listenAddress(String at, String address, String who) {
        boolean literal = Ipv4.isValid(address) || address.matches("[0-9A-Fa-f:]*:[0-9A-Fa-f:]*");
        if (!literal && !Names.isHostname(address)) {
            value(at, "invalid listen address '" + address + "'", "an IPv4 or IPv6 address or a host name");
        } else if (!literal && !address.equals("localhost") && loaded.definition().hosts().stream()
                .noneMatch(h -> address.equals(h.name()) || h.aliases().contains(address))) {
            value(at, who + " listen name '" + address + "' is not in the hosts table",
                    who + " resolves it through /etc/hosts at start and exits if it cannot");
        }
    }
}
