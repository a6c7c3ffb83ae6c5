package org.stackbake.sbom;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.stackbake.guest.api.GuestSession;

/** Reads the installed packages with the fields an SBOM needs, by running the guest's own rpm. */
public final class RpmPackages {
    /** rpm expands \t and \n itself; EPOCHNUM is 0 where the package has no epoch. */
    public static final String QUERY_FORMAT =
            "%{NAME}\\t%{EPOCHNUM}\\t%{VERSION}\\t%{RELEASE}\\t%{ARCH}\\t%{LICENSE}\\t%{VENDOR}\\n";
    private static final Comparator<InstalledPackage> ORDER = Comparator.comparing(InstalledPackage::name)
            .thenComparing(InstalledPackage::arch).thenComparing(InstalledPackage::version)
            .thenComparing(InstalledPackage::release);

    private RpmPackages() {}

    /**
     * The guest's packages from ONE rpm query (a guest program start costs seconds under emulation). A
     * database no rpm can read falls back to the guest's name-version-release.arch listing, without
     * licenses or vendors.
     */
    public static List<InstalledPackage> read(GuestSession guest) {
        return guest.queryRpm(QUERY_FORMAT).map(RpmPackages::parse).orElseGet(() -> fromNvras(guest.installedPackages()));
    }

    /** What the manifest lists: name-version-release.arch, sorted. */
    public static List<String> nvras(List<InstalledPackage> packages) {
        return packages.stream().map(InstalledPackage::nvra).sorted().toList();
    }

    /** The progress line's detail. */
    public static String describe(List<InstalledPackage> packages) {
        return packages.size() + " packages" + (packages.stream().anyMatch(p -> p.license() != null) ? ""
                : " (names and versions only: no licenses in the database)");
    }

    public static List<InstalledPackage> parse(String queryOutput) {
        List<InstalledPackage> packages = new ArrayList<>();
        for (String line : queryOutput.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            String[] f = line.split("\t", -1);
            if (f.length != 7) {
                throw new IllegalArgumentException("unexpected rpm query line: " + line);
            }
            // gpg-pubkey entries are keys imported into rpm, not installed software.
            if (f[0].equals("gpg-pubkey")) {
                continue;
            }
            packages.add(new InstalledPackage(f[0], Integer.parseInt(f[1]), f[2], f[3], f[4], orNull(f[5]), orNull(f[6])));
        }
        packages.sort(ORDER);
        return packages;
    }

    /** name-version-release.arch: the last '.' ends the release, the last two '-' split name, version and release. */
    public static List<InstalledPackage> fromNvras(List<String> nvras) {
        List<InstalledPackage> packages = new ArrayList<>();
        for (String nvra : nvras) {
            int dot = nvra.lastIndexOf('.');
            int dash2 = nvra.lastIndexOf('-', dot);
            int dash1 = nvra.lastIndexOf('-', dash2 - 1);
            if (dot < 0 || dash2 < 0 || dash1 <= 0) {
                throw new IllegalArgumentException("not name-version-release.arch: " + nvra);
            }
            String name = nvra.substring(0, dash1);
            if (!name.equals("gpg-pubkey")) {
                packages.add(new InstalledPackage(name, 0, nvra.substring(dash1 + 1, dash2),
                        nvra.substring(dash2 + 1, dot), nvra.substring(dot + 1), null, null));
            }
        }
        packages.sort(ORDER);
        return packages;
    }

    private static String orNull(String field) {
        return field.isBlank() || field.equals("(none)") ? null : field;
    }
}
