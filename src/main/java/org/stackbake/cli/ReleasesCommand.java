package org.stackbake.cli;

import java.io.PrintWriter;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.stackbake.release.PackageSource;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import picocli.CommandLine.Command;

@Command(name = "releases", mixinStandardHelpOptions = true,
        description = "List the OpenStack releases stackbake can bake: version, SLURP, lifecycle today, and per EL major"
                + " where each package role comes from (RDO release package, vendor repository, distribution, artifact).")
final class ReleasesCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        ReleaseCatalog catalog = ReleaseCatalog.builtIn();
        LocalDate today = LocalDate.now(ZoneOffset.UTC);
        for (String name : catalog.names()) {
            Release release = catalog.find(name).orElseThrow();
            out.printf("%s %s%s: %s%n", release.name(), release.version(), release.slurp() ? " (SLURP)" : "",
                    release.lifecycleOn(today).describe());
            for (int major : release.elMajors()) {
                out.printf("  EL %d: %s%n", major, sources(catalog, release.sources(major)));
            }
        }
        return ExitCodes.OK;
    }

    /** Each role (by name) with its source and package names, "not installed" when left out on purpose, "NO SOURCE" when none is known. */
    private static String sources(ReleaseCatalog catalog, Map<String, String> sources) {
        Map<String, String> byRole = new TreeMap<>();
        catalog.roleNames().forEach(role -> byRole.put(role, "NO SOURCE"));
        sources.forEach((role, source) -> byRole.put(role, source == null ? "not installed" : source + describe(catalog, role, source)));
        return byRole.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(", "));
    }

    private static String describe(ReleaseCatalog catalog, String role, String source) {
        PackageSource s = catalog.source(source).orElseThrow();
        if (s.artifact() != null) {
            return " [artifact]";
        }
        return " [" + String.join(" ", s.packages().getOrDefault(role, java.util.List.of()))
                + (s.releasePackage() != null ? " via " + s.releasePackage() : "") + "]";
    }
}
