package org.stackbake.plan;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.stackbake.image.PackageUpdate;

/**
 * Reads what the guest's tools print around an update: the rpm database's versions before and
 * after, and {@code dnf updateinfo list}'s advisories, and tells which packages changed.
 */
final class UpdateListing {
    /** One package a line: NAME ARCH EPOCH:VERSION-RELEASE (EPOCHNUM is 0 when the package has none). */
    static final List<String> RPM_QUERY = List.of("rpm", "-qa", "--qf", "%{NAME} %{ARCH} %{EPOCHNUM}:%{VERSION}-%{RELEASE}\\n");
    /** dnf 4: "RLSA-2024:1234 Important/Sec. name-[epoch:]version-release.arch" (a date column may follow). */
    private static final Pattern ADVISORY = Pattern.compile("^(\\S+)\\s+\\S+\\s+(\\S+-\\S+-\\S+\\.\\S+)(\\s+.*)?$");

    private UpdateListing() {}

    /** name.arch → every epoch:version-release installed (several for install-only packages such as kernel). */
    static Map<String, Set<String>> versions(String rpmOutput) {
        Map<String, Set<String>> versions = new LinkedHashMap<>();
        for (String line : rpmOutput.lines().map(String::strip).filter(l -> !l.isEmpty()).toList()) {
            String[] fields = line.split(" ");
            if (fields.length != 3) {
                throw new IllegalArgumentException("unexpected rpm query line: " + line);
            }
            versions.computeIfAbsent(fields[0] + "." + fields[1], k -> new LinkedHashSet<>()).add(fields[2]);
        }
        return versions;
    }

    /** name.arch → the ids of the advisories that name an update of it, in dnf's order. */
    static Map<String, List<String>> advisories(String updateinfoOutput) {
        Map<String, List<String>> advisories = new LinkedHashMap<>();
        for (String line : updateinfoOutput.lines().map(String::strip).toList()) {
            Matcher m = ADVISORY.matcher(line);
            if (!m.matches()) {
                continue; // headers such as "Last metadata expiration check: ..."
            }
            String nevra = m.group(2);
            int archDot = nevra.lastIndexOf('.');
            String nevr = nevra.substring(0, archDot);
            int releaseDash = nevr.lastIndexOf('-');
            int versionDash = nevr.lastIndexOf('-', releaseDash - 1);
            if (versionDash <= 0) {
                continue;
            }
            List<String> ids = advisories.computeIfAbsent(nevr.substring(0, versionDash) + nevra.substring(archDot),
                    k -> new ArrayList<>());
            if (!ids.contains(m.group(1))) {
                ids.add(m.group(1));
            }
        }
        return advisories;
    }

    /** What the update changed: a new version of an installed package, or a package it brought in. */
    static List<PackageUpdate> changes(Map<String, Set<String>> before, Map<String, Set<String>> after,
                                       Map<String, List<String>> advisories) {
        List<PackageUpdate> changes = new ArrayList<>();
        after.forEach((nameArch, versions) -> {
            Set<String> previous = before.getOrDefault(nameArch, Set.of());
            Set<String> added = new LinkedHashSet<>(versions);
            added.removeAll(previous);
            if (added.isEmpty()) {
                return;
            }
            Set<String> replaced = new LinkedHashSet<>(previous);
            replaced.removeAll(versions);
            String from = !replaced.isEmpty() ? replaced.iterator().next()
                    : previous.isEmpty() ? null : List.copyOf(previous).get(previous.size() - 1);
            int dot = nameArch.lastIndexOf('.');
            for (String to : added) {
                changes.add(new PackageUpdate(nameArch.substring(0, dot), nameArch.substring(dot + 1), from, to,
                        advisories.getOrDefault(nameArch, List.of())));
            }
        });
        return changes;
    }
}
