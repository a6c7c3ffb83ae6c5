package org.stackbake.cli;

import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import org.stackbake.pipeline.BuildRequest;
import org.stackbake.pipeline.Builder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Bake an image: inject the rendered tree and first-boot unit into a copy of the base"
                + " (one libguestfs appliance launch) and write a standalone qcow2 with .sha256, .json and the SBOM .spdx.json beside it.")
final class BuildCommand implements Callable<Integer> {

    @Parameters(index = "0", paramLabel = "DEF", description = "Image definition, e.g. images/dalmatian/controller.yaml.")
    Path definition;

    @Option(names = "--base", paramLabel = "IMAGE",
            description = "Base image: a qcow2/raw path (also .xz/.gz), a catalog name (rocky-9, centos-stream-10, ...:"
                    + " see base list; pulled and verified on first use), or synthetic:rocky-9 | synthetic:centos-stream-9"
                    + " | synthetic:debian-12 (test bases). Default: the definition's base.")
    String base;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.qcow2",
            description = "Output image. Default: <name>-<release>-<YYYYMMDD>.<n>.qcow2 in the current directory.")
    Path output;

    @Option(names = "--force", description = "Replace an existing output image.")
    boolean force;

    @Option(names = "--no-compress", description = "Write an uncompressed qcow2 (bigger, faster).")
    boolean noCompress;

    @Mixin
    AccelOption accel;

    @Mixin
    TemplatesOption templates;

    @Option(names = "--dry-run", description = "Print the plan of guest operations and stop.")
    boolean dryRun;

    @Option(names = "--repo", paramLabel = "DIR",
            description = "A local RPM repository (made with createrepo_c) to install the packages from, offline:"
                    + " the network stays off and only these repositories are used. Repeatable.")
    List<Path> repos = new ArrayList<>();

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        new Builder(spec.commandLine().getOut()::println, Clock.systemDefaultZone()).build(new BuildRequest(
                definition, base, output, force, !noCompress, accel.accel, templates.directory, dryRun, repos));
        return ExitCodes.OK;
    }
}
