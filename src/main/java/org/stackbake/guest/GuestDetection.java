package org.stackbake.guest;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackbake.guest.api.GuestOs;

/**
 * The pure decisions of the targeted guest detection ({@link TargetedDetection}): parse os-release and
 * fstab, pick the root among the mounted candidates, name the guest as libguestfs inspection would.
 * Whatever it cannot decide it says why, and the caller falls back to the full inspection.
 */
final class GuestDetection {
    /** Types worth mounting to look for a root; swap, vfat and unknown ones are never a Linux root. */
    static final Set<String> ROOT_TYPES = Set.of("xfs", "ext4", "btrfs");
    private static final Set<String> PSEUDO_TYPES = Set.of("swap", "tmpfs", "proc", "sysfs", "devpts", "devtmpfs",
            "nfs", "nfs4", "cifs", "none", "bind", "auto");
    private static final Pattern VERSION = Pattern.compile("(\\d+)(?:\\.(\\d+))?.*");

    /** A mounted candidate filesystem; osRelease and fstab are null when the file is absent. */
    record Candidate(String device, String osRelease, String fstab) {
        boolean isRoot() {
            return osRelease != null && fstab != null;
        }
    }

    /** One fstab line: what to mount (UUID=…, LABEL=… or a device), where, which type, options. */
    record FstabEntry(String spec, String mountpoint, String type, String options) {}

    /** Either the root found or why none could be decided. */
    record Decision(Candidate root, String undecided) {
        static Decision undecided(String why) {
            return new Decision(null, why);
        }
    }

    private GuestDetection() {}

    /** KEY=value lines, values unquoted; comments and malformed lines ignored (os-release(5)). */
    static Map<String, String> parseOsRelease(String text) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            int eq = trimmed.indexOf('=');
            if (trimmed.isEmpty() || trimmed.startsWith("#") || eq <= 0) {
                continue;
            }
            String value = trimmed.substring(eq + 1).strip();
            if (value.length() >= 2 && (value.startsWith("\"") && value.endsWith("\"")
                    || value.startsWith("'") && value.endsWith("'"))) {
                value = value.substring(1, value.length() - 1).replaceAll("\\\\([\"'$`\\\\])", "$1");
            }
            fields.put(trimmed.substring(0, eq), value);
        }
        return fields;
    }

    /** Non-comment fstab lines with at least spec, mount point and type (fstab(5)). */
    static List<FstabEntry> parseFstab(String text) {
        List<FstabEntry> entries = new ArrayList<>();
        for (String line : text.split("\n")) {
            String trimmed = line.strip();
            if (trimmed.isEmpty() || trimmed.startsWith("#")) {
                continue;
            }
            String[] f = trimmed.split("\\s+");
            if (f.length >= 3) {
                entries.add(new FstabEntry(f[0], f[1].replace("\\040", " "), f[2], f.length > 3 ? f[3] : "defaults"));
            }
        }
        return entries;
    }

    /** Exactly one candidate holding both /etc/os-release and /etc/fstab is the root. */
    static Decision chooseRoot(List<Candidate> candidates) {
        List<Candidate> roots = candidates.stream().filter(Candidate::isRoot).toList();
        if (roots.size() > 1) {
            return Decision.undecided(roots.size() + " filesystems hold /etc/os-release and /etc/fstab ("
                    + String.join(", ", roots.stream().map(Candidate::device).toList()) + ")");
        }
        if (roots.isEmpty()) {
            boolean fstabOnly = candidates.stream().anyMatch(c -> c.fstab() != null);
            return Decision.undecided(fstabOnly ? "a filesystem holds /etc/fstab but no /etc/os-release"
                    : "no filesystem holds /etc/os-release and /etc/fstab");
        }
        return new Decision(roots.get(0), null);
    }

    /**
     * The entries to mount, or why they cannot be mounted by name here: swap and pseudo filesystems are
     * skipped; btrfs subvolumes and PARTUUID/PARTLABEL are left to the full inspection; "/" is required.
     */
    static Optional<String> unmountable(List<FstabEntry> entries) {
        boolean hasRoot = false;
        for (FstabEntry e : mountable(entries)) {
            if (e.options().contains("subvol")) {
                return Optional.of("fstab mounts a btrfs subvolume at " + e.mountpoint());
            }
            if (!e.spec().startsWith("UUID=") && !e.spec().startsWith("LABEL=") && !e.spec().startsWith("/dev/")) {
                return Optional.of("fstab names " + e.mountpoint() + " by " + e.spec());
            }
            hasRoot |= e.mountpoint().equals("/");
        }
        return hasRoot ? Optional.empty() : Optional.of("fstab has no entry for /");
    }

    /** Real filesystems at absolute mount points, shortest mount point first so /boot lands on /. */
    static List<FstabEntry> mountable(List<FstabEntry> entries) {
        return entries.stream()
                .filter(e -> e.mountpoint().startsWith("/") && !PSEUDO_TYPES.contains(e.type())
                        && !e.options().contains("bind"))
                .sorted(java.util.Comparator.comparingInt(e -> e.mountpoint().length()))
                .toList();
    }

    /**
     * The guest as libguestfs inspection names it: distro from ID, version from VERSION_ID (Debian's
     * minor from /etc/debian_version, which libguestfs prefers), product from PRETTY_NAME. Empty when
     * ID or a numeric VERSION_ID is missing.
     */
    static Optional<GuestOs> guestOs(Map<String, String> osRelease, String debianVersion) {
        String id = osRelease.get("ID");
        Matcher version = VERSION.matcher(osRelease.getOrDefault("VERSION_ID", ""));
        if (id == null || id.isEmpty() || !version.matches()) {
            return Optional.empty();
        }
        int major = Integer.parseInt(version.group(1));
        int minor = version.group(2) == null ? 0 : Integer.parseInt(version.group(2));
        String distro = distro(id);
        if (distro.equals("debian") && debianVersion != null) {
            Matcher dv = VERSION.matcher(debianVersion.strip());
            if (dv.matches() && Integer.parseInt(dv.group(1)) == major && dv.group(2) != null) {
                minor = Integer.parseInt(dv.group(2));
            }
        }
        String product = osRelease.getOrDefault("PRETTY_NAME", osRelease.getOrDefault("NAME", "unknown"));
        return Optional.of(new GuestOs("linux", distro, major, minor, product, packageFormat(distro)));
    }

    /** libguestfs's names where they differ from os-release's ID. */
    private static String distro(String id) {
        return switch (id) {
            case "ol" -> "oraclelinux";
            case "arch" -> "archlinux";
            case "opensuse", "opensuse-leap", "opensuse-tumbleweed" -> "opensuse";
            default -> id;
        };
    }

    private static String packageFormat(String distro) {
        return switch (distro) {
            case "rocky", "centos", "rhel", "almalinux", "fedora", "oraclelinux", "opensuse", "sles" -> "rpm";
            case "debian", "ubuntu" -> "deb";
            default -> "unknown";
        };
    }
}
