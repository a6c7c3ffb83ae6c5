package org.stackbake.guest.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes an EL9-style rpm database ({@code /var/lib/rpm/rpmdb.sqlite}) of empty noarch packages built with the
 * host's rpmbuild and only registered ({@code --justdb}): nothing is installed. libguestfs' package listing fails
 * on a missing or empty database, so at least one real record is needed.
 */
public final class RpmDatabase {

    public static final String DB_PATH = "/var/lib/rpm";

    /** One empty package to declare: its name-version-release and what else it provides. */
    public record Declared(String name, String version, String release, List<String> provides) {

        public Declared(String name, String version, String release) {
            this(name, version, release, List.of());
        }
    }

    private RpmDatabase() {
    }

    /** Builds the package under {@code work} and returns the staged root holding {@code var/lib/rpm/*}. */
    public static Path create(Path work, String name, String version, String release) throws IOException {
        Path rpm = HostTools.require("rpm", "rpm");
        Path packages = build(work, List.of(new Declared(name, version, release)));
        Path root = Files.createDirectories(work.resolve("rpmroot"));
        // _db_backend pinned so a host configured for bdb/ndb still writes what EL9's rpm 4.16 reads.
        HostTools.run(List.of(rpm.toString(), "--root", root.toString(), "--dbpath", DB_PATH,
                "--define", "_db_backend sqlite", "--justdb", "--nodeps", "--noscripts", "-i",
                builtPackages(packages).get(0).toString()));
        return root;
    }

    /** Builds each package as an empty noarch .rpm with the host's rpmbuild; returns the directory holding them. */
    public static Path build(Path work, List<Declared> packages) throws IOException {
        Path rpmbuild = HostTools.require("rpmbuild", "rpm");
        Path top = Files.createDirectories(work.resolve("rpmbuild"));
        Path out = top.resolve("out");
        for (Declared p : packages) {
            StringBuilder provides = new StringBuilder();
            p.provides().forEach(capability -> provides.append("Provides: ").append(capability).append('\n'));
            Path spec = Files.writeString(top.resolve(p.name() + ".spec"), """
                    Name: %s
                    Version: %s
                    Release: %s
                    Summary: Synthetic %s record for a stackbake test base
                    License: MIT
                    BuildArch: noarch
                    %s%%description
                    Empty package registered in a synthetic test base made by stackbake; it owns no files.
                    %%files
                    """.formatted(p.name(), p.version(), p.release(), p.name(), provides));
            HostTools.run(List.of(rpmbuild.toString(), "--quiet",
                    "--define", "_topdir " + top, "--define", "_rpmdir " + out, "-bb", spec.toString()));
        }
        if (builtPackages(out).size() != packages.size()) {
            throw new IOException("rpmbuild made " + builtPackages(out).size() + " packages under " + out + ", expected "
                    + packages.size());
        }
        return out;
    }

    private static List<Path> builtPackages(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            throw new IOException("rpmbuild produced no package under " + dir);
        }
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".rpm")).sorted().toList();
        }
    }
}
