package org.stackbake.guest.synthetic;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * Makes an EL9-style rpm database ({@code /var/lib/rpm/rpmdb.sqlite}) that holds one empty noarch package.
 * libguestfs' package listing fails on a missing or empty database, so one real record is needed; the
 * package is built with rpmbuild and only registered ({@code --justdb}), nothing is installed.
 */
public final class RpmDatabase {

    public static final String DB_PATH = "/var/lib/rpm";

    private RpmDatabase() {
    }

    /** Builds the package under {@code work} and returns the staged root holding {@code var/lib/rpm/*}. */
    public static Path create(Path work, String name, String version, String release) throws IOException {
        Path rpmbuild = HostTools.require("rpmbuild", "rpm");
        Path rpm = HostTools.require("rpm", "rpm");
        Path top = Files.createDirectories(work.resolve("rpmbuild"));
        Path spec = Files.writeString(top.resolve(name + ".spec"), """
                Name: %s
                Version: %s
                Release: %s
                Summary: Synthetic %s record for a stackbake test base
                License: MIT
                BuildArch: noarch
                %%description
                Empty package registered in a synthetic test base made by stackbake; it owns no files.
                %%files
                """.formatted(name, version, release, name));
        HostTools.run(List.of(rpmbuild.toString(), "--quiet",
                "--define", "_topdir " + top, "--define", "_rpmdir " + top.resolve("out"),
                "-bb", spec.toString()));
        Path root = Files.createDirectories(work.resolve("rpmroot"));
        // _db_backend pinned so a host configured for bdb/ndb still writes what EL9's rpm 4.16 reads.
        HostTools.run(List.of(rpm.toString(), "--root", root.toString(), "--dbpath", DB_PATH,
                "--define", "_db_backend sqlite", "--justdb", "--nodeps", "--noscripts", "-i",
                builtPackage(top.resolve("out")).toString()));
        return root;
    }

    private static Path builtPackage(Path dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(p -> p.toString().endsWith(".rpm")).findFirst()
                    .orElseThrow(() -> new IOException("rpmbuild produced no package under " + dir));
        }
    }
}
