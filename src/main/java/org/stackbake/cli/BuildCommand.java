package org.stackbake.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import org.stackbake.StackbakeException;
import org.stackbake.image.OutputCompression;
import org.stackbake.pipeline.BuildPipeline;
import org.stackbake.pipeline.BuildRequest;
import org.stackbake.pipeline.ImageResult;
import org.stackbake.spec.DefinitionCollector;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "build", mixinStandardHelpOptions = true,
        description = "Bake images: inject the rendered tree and first-boot unit into a copy of the base"
                + " and write a standalone qcow2 with .sha256, .json and the SBOM .spdx.json beside it. Several"
                + " definitions (or folders of them) share ONE libguestfs appliance launch. An image whose inputs"
                + " did not change since its last build is skipped.")
final class BuildCommand implements Callable<Integer> {

    @Parameters(arity = "1..*", paramLabel = "DEF|DIR",
            description = "Image definitions, e.g. images/epoxy/controller.yaml, or folders of them"
                    + " (every definition in it; included fragments such as site.yaml are not images).")
    List<Path> definitions;

    @Option(names = "--base", paramLabel = "IMAGE",
            description = "Base image: a qcow2/raw path (also .xz/.gz), a catalog name (rocky-9, centos-stream-10, ...:"
                    + " see base list; pulled and verified on first use), or synthetic:rocky-9 | synthetic:centos-stream-9"
                    + " | synthetic:debian-12 | synthetic:rocky-9-bootable | synthetic:rocky-10-bootable (test bases). Default: the definition's base.")
    String base;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT.qcow2",
            description = "Output image (one definition only). Default: <name>-<release>-<YYYYMMDD>.<n>.qcow2 in --output-dir.")
    Path output;

    @Option(names = "--output-dir", paramLabel = "DIR",
            description = "Where default-named outputs go (default: the current directory).")
    Path outputDir;

    @Option(names = "--force",
            description = "Replace the image a previous build wrote at -o (a file with its .json; one built from the same"
                    + " inputs is skipped instead, unless --rebuild).")
    boolean force;

    @Option(names = "--rebuild", description = "Build even when an output from the same inputs exists"
            + " (secret values are not inputs: after changing a password, rebuild).")
    boolean rebuild;

    @Option(names = "--compress", paramLabel = "zlib|zstd|none", defaultValue = "zlib",
            description = "Compression of the output's clusters: zlib (every reader), zstd (faster to write, needs"
                    + " qemu 5.1 or later to read; see README), none. Default: ${DEFAULT-VALUE}.")
    OutputCompression compress;

    @Option(names = "--no-compress", description = "Deprecated: the same as --compress none.")
    boolean noCompress;

    @Option(names = "--json", description = "One JSON object per image on stdout (progress goes to stderr).")
    boolean json;

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

    @Option(names = "--artifacts", paramLabel = "DIR",
            description = "A directory holding the verified downloads the images need (release tarballs of components with no RPM source),"
                    + " by their file names: nothing is downloaded. Default: download once into the cache.")
    Path artifacts;

    @Mixin
    VerboseOption verbose;

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    private OutputCompression compression() {
        if (!noCompress) {
            return compress;
        }
        if (spec.commandLine().getParseResult().hasMatchedOption("--compress") && compress != OutputCompression.NONE) {
            throw StackbakeException.invalidInput("--no-compress contradicts --compress " + compress.text(),
                    "give one of them (--no-compress is the same as --compress none)");
        }
        return OutputCompression.NONE;
    }

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        Consumer<String> progress = json ? err::println : out::println;
        BuildRequest options = new BuildRequest(definitions.get(0), base, output, force, compression(), accel.accel,
                templates.directory, dryRun, repos, rebuild, artifacts);
        List<ImageResult> results;
        try {
            results = new BuildPipeline(progress, err, Clock.systemDefaultZone())
                    .build(expand(definitions), outputDir == null ? Path.of("") : outputDir, options);
        } catch (Exception e) {
            Path definition = definitions.size() == 1 ? definitions.get(0) : null;
            report(out, List.of(ImageResult.failed(null, definition, ErrorMapper.oneLine(e), e, List.of())));
            throw e;
        }
        report(out, results);
        List<ImageResult> failed = results.stream().filter(r -> r.status() == ImageResult.Status.FAILED).toList();
        if (results.size() == 1 && !failed.isEmpty()) {
            throw failed.get(0).cause(); // one image: its own error, mapped by its kind
        }
        if (!failed.isEmpty()) {
            throw StackbakeException.failure(failed.size() + " of " + results.size() + " images failed: "
                    + failed.stream().map(r -> r.name() + " (" + r.error() + ")").collect(Collectors.joining("; ")),
                    "the other images were built or skipped and are in place; the lines marked FAILED say more", null);
        }
        return ExitCodes.OK;
    }

    /** Folders become the definitions in them; a file is kept as given (the loader says what is wrong with it). */
    private static List<Path> expand(List<Path> paths) throws IOException {
        List<Path> found = new ArrayList<>();
        for (Path path : paths) {
            found.addAll(Files.isDirectory(path) ? new DefinitionCollector().collect(List.of(path)) : List.of(path));
        }
        if (found.isEmpty()) {
            throw StackbakeException.invalidInput("no definitions in " + paths.stream().map(Path::toString)
                    .collect(Collectors.joining(", ")), "give .yaml definitions or folders holding them");
        }
        return found;
    }

    private void report(PrintWriter out, List<ImageResult> results) {
        if (json) {
            results.forEach(r -> out.println(JsonReport.line(r)));
            out.flush();
        }
    }
}
