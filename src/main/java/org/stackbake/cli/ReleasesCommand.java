package org.stackbake.cli;

import java.io.PrintWriter;
import java.util.concurrent.Callable;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import picocli.CommandLine.Command;

@Command(name = "releases", mixinStandardHelpOptions = true,
        description = "List the OpenStack releases stackbake can bake: whether RDO publishes their packages, RDO release"
                + " package and supported EL majors.")
final class ReleasesCommand implements Callable<Integer> {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        out.printf("%-10s %-8s %-10s %-38s %s%n", "RELEASE", "VERSION", "STATUS", "REPO PACKAGE", "EL");
        ReleaseCatalog catalog = ReleaseCatalog.builtIn();
        for (String name : catalog.names()) {
            Release release = catalog.find(name).orElseThrow();
            out.printf("%-10s %-8s %-10s %-38s %s%n", release.name(), release.version(), release.status().yaml(),
                    release.rdoRepoPackage().orElse("-"),
                    String.join(",", release.elMajors().stream().map(String::valueOf).toList()));
        }
        return ExitCodes.OK;
    }
}
