package org.stackbake;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * The packages form layers: a class may reference its own package and the packages below it,
 * never one above, so no two packages depend on each other. Checked on the source text, so fully
 * qualified names in code and comments count as much as imports. A failure names each offending
 * reference. Also: the guest boundary (guest.api, the pipeline reaching guests only through it),
 * one way commands fail (they throw; cli/ErrorMapper maps), and no output past the injected streams.
 */
@Tag("unit")
class PackageBoundariesTest {
    private static final Path MAIN = Path.of("src/main/java/org/stackbake");
    private static final Pattern REFERENCE = Pattern.compile("\\borg\\.stackbake\\.((?:[a-z]\\w*\\.)*)[A-Z]\\w*");

    /**
     * Lowest first ("" is org.stackbake itself: the exception type, cache locations, the version).
     * files: generic helpers. guest.api: the interfaces guests are reached through, which need
     * nothing; it sits below everything that reads a guest (the SBOM's package list, the elements'
     * checks, the plan's operations). image: disk images with qemu-img, overlays, publishing and
     * manifests, needing only files. sbom: package records and the SPDX document. firstboot: where
     * first boot lives in the guest (paths, limits), which the elements name. base (catalog pulls,
     * resolution) makes synthetic bases through guest.api.
     * artifact: verified downloads (base's downloader) that the plan's artifact op installs.
     */
    static final List<String> LAYERS = List.of("", "files", "guest.api", "image", "sbom", "release", "spec",
            "firstboot", "service", "render", "plan", "guest.synthetic", "guest", "base", "artifact", "boot", "pipeline", "cli");

    @Test
    void noClassReferencesAPackageAboveItsOwn() throws IOException {
        assertEquals(List.of(), upwardReferences(sources()), "upward references (move the class, or invert the dependency)");
    }

    @Test
    void noPackagesDependOnEachOther() throws IOException {
        assertEquals(List.of(), cycles(sources()));
    }

    @Test
    void theCheckNamesAnUpwardReferenceAndACycle() {
        Map<String, String> planted = Map.of(
                "image/BuildManifest.java", "package org.stackbake.image;\nimport org.stackbake.render.FileEntry;\n",
                "render/FileEntry.java", "package org.stackbake.render;\nimport org.stackbake.image.Sha256;\n");
        assertEquals(List.of("image/BuildManifest.java references org.stackbake.render.FileEntry (render is above image)"),
                upwardReferences(planted));
        assertEquals(List.of("image -> render (image/BuildManifest.java: org.stackbake.render.FileEntry)"
                + " -> image (render/FileEntry.java: org.stackbake.image.Sha256)"), cycles(planted));
        assertEquals(List.of("newpkg/A.java: package newpkg is in no layer (add it to LAYERS)"),
                upwardReferences(Map.of("newpkg/A.java", "class A {}")));
    }

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
    void commandsFailByThrowingForErrorMapperToMap() throws IOException {
        List<String> found = new ArrayList<>();
        sources().forEach((file, text) -> {
            if (file.startsWith("cli/") && !file.equals("cli/ErrorMapper.java")
                    && Pattern.compile("return\\s+ExitCodes\\.(?!OK\\b)").matcher(text).find()) {
                found.add(file);
            }
        });
        assertEquals(List.of(), found, "a command returns an error code instead of throwing");
    }

    @Test
    void onlyMainTouchesTheProcessStreams() throws IOException {
        List<String> found = new ArrayList<>();
        sources().forEach((file, text) -> {
            if (!file.equals("cli/Main.java") && Pattern.compile("System\\.(out|err)\\b")
                    .matcher(text.replaceAll("(?s)/\\*.*?\\*/", "")).find()) {
                found.add(file);
            }
        });
        assertEquals(List.of(), found, "output goes to the streams the command was given");
    }

    @Test
    void theScannerSeesImportsAndQualifiedNames() {
        Matcher m = REFERENCE.matcher("import org.stackbake.image.AtomicFiles; org.stackbake.CacheDirs.fromSystem()");
        List<String> found = Stream.iterate(m.find(), ok -> ok, ok -> m.find()).map(ok -> pkg(m)).toList();
        assertEquals(List.of("image", ""), found);
    }

    /** "pkg/Class.java" (relative to org/stackbake) → its text without the package line. */
    private static Map<String, String> sources() throws IOException {
        Map<String, String> sources = new TreeMap<>();
        try (Stream<Path> files = Files.walk(MAIN)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                sources.put(MAIN.relativize(file).toString(), Files.readString(file));
            }
        }
        return sources;
    }

    private static String packageOf(String file) {
        int slash = file.lastIndexOf('/');
        return slash < 0 ? "" : file.substring(0, slash).replace('/', '.');
    }

    /** Each reference to a higher layer's class, as "file references name (p is above q)". */
    static List<String> upwardReferences(Map<String, String> sources) {
        List<String> found = new ArrayList<>();
        new TreeMap<>(sources).forEach((file, text) -> {
            String own = packageOf(file);
            if (!LAYERS.contains(own)) {
                found.add(file + ": package " + own + " is in no layer (add it to LAYERS)");
                return;
            }
            Set<String> seen = new TreeSet<>();
            Matcher m = REFERENCE.matcher(text.replaceAll("(?m)^package .*$", ""));
            while (m.find()) {
                String target = pkg(m);
                int layer = LAYERS.indexOf(target);
                if ((layer < 0 || layer > LAYERS.indexOf(own)) && seen.add(m.group())) {
                    found.add(file + " references " + m.group() + " (" + (layer < 0 ? target + " is in no layer"
                            : (target.isEmpty() ? "org.stackbake" : target) + " is above " + own) + ")");
                }
            }
        });
        return found;
    }

    /** Each cycle of package dependencies, with a reference that makes each edge. */
    static List<String> cycles(Map<String, String> sources) {
        Map<String, Map<String, String>> edges = new TreeMap<>(); // from → to → "file: reference"
        new TreeMap<>(sources).forEach((file, text) -> {
            String own = packageOf(file);
            Matcher m = REFERENCE.matcher(text.replaceAll("(?m)^package .*$", ""));
            while (m.find()) {
                if (!pkg(m).equals(own)) {
                    edges.computeIfAbsent(own, k -> new TreeMap<>()).putIfAbsent(pkg(m), file + ": " + m.group());
                }
            }
        });
        List<String> found = new ArrayList<>();
        Set<String> reported = new TreeSet<>();
        for (String start : edges.keySet()) {
            List<String> path = shortestPath(edges, start);
            if (path != null && reported.add(new TreeSet<>(path).toString())) {
                StringBuilder text = new StringBuilder(start);
                for (int i = 0; i < path.size(); i++) {
                    String from = i == 0 ? start : path.get(i - 1);
                    text.append(" -> ").append(path.get(i)).append(" (").append(edges.get(from).get(path.get(i))).append(")");
                }
                found.add(text.toString());
            }
        }
        return found;
    }

    /** The shortest way from start back to itself (the packages after start, ending with start), or null. */
    private static List<String> shortestPath(Map<String, Map<String, String>> edges, String start) {
        Map<String, String> cameFrom = new TreeMap<>();
        List<String> queue = new ArrayList<>(List.of(start));
        for (int i = 0; i < queue.size(); i++) {
            String at = queue.get(i);
            for (String next : edges.getOrDefault(at, Map.of()).keySet()) {
                if (next.equals(start)) {
                    List<String> path = new ArrayList<>(List.of(start));
                    for (String p = at; !p.equals(start); p = cameFrom.get(p)) {
                        path.add(0, p);
                    }
                    return path;
                }
                if (!cameFrom.containsKey(next)) {
                    cameFrom.put(next, at);
                    queue.add(next);
                }
            }
        }
        return null;
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
