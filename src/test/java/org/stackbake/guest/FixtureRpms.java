package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/** Fixture RPMs built with the host's rpmbuild (one file each), and a createrepo_c repository of them. */
final class FixtureRpms {
    private final Path top;

    /** Builds under {@code top} (an rpmbuild _topdir). */
    FixtureRpms(Path top) {
        this.top = top;
    }

    /** A noarch RPM holding {@code file} with {@code content}; {@code requires} is a spec line or "". */
    FixtureRpms rpm(String name, String version, String release, String requires, String file, String content)
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
        return this;
    }

    /** Every RPM built so far, in a repository made with createrepo_c at {@code repo}. */
    Path repository(Path repo) throws Exception {
        Files.createDirectories(repo);
        try (Stream<Path> rpms = Files.walk(top.resolve("RPMS"))) {
            for (Path rpm : rpms.filter(p -> p.toString().endsWith(".rpm")).toList()) {
                Files.copy(rpm, repo.resolve(rpm.getFileName()));
            }
        }
        run(List.of("createrepo_c", "--quiet", repo.toString()));
        return repo;
    }

    private static void run(List<String> argv) throws Exception {
        Process process = new ProcessBuilder(argv).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(process.waitFor(2, TimeUnit.MINUTES), argv + " timed out");
        assertEquals(0, process.exitValue(), argv + ": " + output);
    }
}
