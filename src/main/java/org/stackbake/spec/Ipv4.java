package org.stackbake.spec;

import java.util.Optional;
import java.util.regex.Pattern;

/** Strict dotted-quad IPv4 parsing and subnet arithmetic (no DNS look-ups, unlike InetAddress). */
public final class Ipv4 {
    private static final Pattern OCTET = Pattern.compile("0|[1-9][0-9]{0,2}");

    /** An address with a prefix length, e.g. 192.168.8.10/24. */
    public record Cidr(int address, int prefix) {
        public int network() {
            return address & mask();
        }

        public int mask() {
            return prefix == 0 ? 0 : -1 << (32 - prefix);
        }

        public boolean contains(int other) {
            return (other & mask()) == network();
        }

        public String addressText() {
            return format(address);
        }

        @Override
        public String toString() {
            return format(address) + "/" + prefix;
        }
    }

    public static Optional<Integer> parse(String text) {
        if (text == null) {
            return Optional.empty();
        }
        String[] parts = text.split("\\.", -1);
        if (parts.length != 4) {
            return Optional.empty();
        }
        int value = 0;
        for (String part : parts) {
            if (!OCTET.matcher(part).matches() || Integer.parseInt(part) > 255) {
                return Optional.empty();
            }
            value = (value << 8) | Integer.parseInt(part);
        }
        return Optional.of(value);
    }

    public static boolean isValid(String text) {
        return parse(text).isPresent();
    }

    /** Parses a/p; an absent prefix is an error here: addresses on NICs always need one. */
    public static Optional<Cidr> parseCidr(String text) {
        if (text == null || text.indexOf('/') < 0) {
            return Optional.empty();
        }
        String prefix = text.substring(text.indexOf('/') + 1);
        Optional<Integer> address = parse(text.substring(0, text.indexOf('/')));
        if (address.isEmpty() || !prefix.matches("[0-9]{1,2}") || Integer.parseInt(prefix) > 32) {
            return Optional.empty();
        }
        return Optional.of(new Cidr(address.get(), Integer.parseInt(prefix)));
    }

    public static String format(int address) {
        return ((address >>> 24) & 255) + "." + ((address >>> 16) & 255) + "." + ((address >>> 8) & 255) + "."
                + (address & 255);
    }

    private Ipv4() {}
}
