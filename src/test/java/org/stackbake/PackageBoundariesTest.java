package org.stackbake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The guest boundary has no cycle: guest.api depends only on root classes of org.stackbake, the
 * pipeline reaches guests only through guest.api, and the libguestfs side never calls the pipeline.
 * Checked on the source text, so fully qualified names in code count as much as imports.
 */
class PackageBoundariesTest {
    private static final Path MAIN = Path.of("src/main/java/org/stackbake");
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.stackbake\\.((?:[a-z]\\w*\\.)*)[A-Z]");

    @Test
    void guestApiDependsOnlyOnRootClasses() throws IOException {
        Set<String> packages = referencedPackages(MAIN.resolve("guest/api"));
        packages.removeAll(Set.of("", "guest.api"));
        assertEquals(Set.of(), packages, "guest.api may use only org.stackbake.* root classes and itself");
    }

    @Test
    void pipelineReachesGuestsOnlyThroughTheApi() throws IOException {
        Set<String> packages = referencedPackages(MAIN.resolve("pipeline"));
        assertFalse(packages.stream().anyMatch(p -> p.equals("guest") || p.startsWith("guest.") && !p.equals("guest.api")),
                "pipeline references " + packages);
    }

    @Test
    void theGuestImplementationNeverCallsThePipelineOrTheCli() throws IOException {
        Set<String> packages = referencedPackages(MAIN.resolve("guest"));
        assertFalse(packages.contains("pipeline") || packages.contains("cli"), "guest references " + packages);
    }

    @Test
    void theScannerSeesImportsAndQualifiedNames() {
        Matcher m = REFERENCE.matcher("import org.stackbake.image.AtomicFiles; org.stackbake.CacheDirs.fromSystem()");
        List<String> found = Stream.iterate(m.find(), ok -> ok, ok -> m.find()).map(ok -> pkg(m)).toList();
        assertEquals(List.of("image", ""), found);
    }

    private static String pkg(Matcher m) {
        return m.group(1).isEmpty() ? "" : m.group(1).substring(0, m.group(1).length() - 1);
    }

    /** Packages (relative to org.stackbake, "" for the root) referenced by the Java files under dir, recursively. */
    private static Set<String> referencedPackages(Path dir) throws IOException {
        Set<String> packages = new TreeSet<>();
        try (Stream<Path> files = Files.walk(dir)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                Matcher m = REFERENCE.matcher(Files.readString(file).replaceAll("(?m)^package .*$", ""));
                while (m.find()) {
                    packages.add(pkg(m));
                }
            }
        }
        return packages;
    }
}
