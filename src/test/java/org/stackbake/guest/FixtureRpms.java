package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Test RPMs built now with the host's rpmbuild: noarch, one file each, for repositories made with createrepo_c. */
final class FixtureRpms {
    private FixtureRpms() {}

    /** Builds NAME-VERSION-RELEASE.noarch.rpm under top/RPMS; requires is a spec line ("" for none). */
    static void build(Path top, String name, String version, String release, String requires, String file, String content)
            throws Exception {
        Path spec = Files.createDirectories(top.resolve("SPECS")).resolve(name + ".spec");
        String dir = file.substring(0, file.lastIndexOf('/'));
        Files.writeString(spec, """
                Name: %s
                Version: %s
                Release: %s
                Summary: stackbake test fixture
                License: MIT
                BuildArch: noarch
                %s

                %%description
                A stackbake test fixture: one file, nothing else.

                %%install
                mkdir -p %%{buildroot}%s
                echo '%s' > %%{buildroot}%s

                %%files
                %s
                """.formatted(name, version, release, requires, dir, content, file, file));
        run(List.of("rpmbuild", "--quiet", "--define", "_topdir " + top, "-bb", spec.toString()));
    }

    /** Copies every .rpm built under top into repo. */
    static void copyInto(Path top, Path repo) throws IOException {
        try (Stream<Path> rpms = Files.walk(top.resolve("RPMS"))) {
            for (Path rpm : rpms.filter(p -> p.toString().endsWith(".rpm")).toList()) {
                Files.copy(rpm, repo.resolve(rpm.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            }
        }
    }

    static void run(List<String> argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), argv + " timed out");
        assertEquals(0, process.exitValue(), argv + ": " + output);
    }
}
