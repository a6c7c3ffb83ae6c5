package org.stackbake.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import org.stackbake.CacheDirs;
import org.stackbake.base.BasePuller;
import org.stackbake.base.BasePulls;
import org.stackbake.base.CachedBase;
import org.stackbake.base.PullRequest;
import org.stackbake.release.BaseCatalog;
import org.stackbake.release.BaseImage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(name = "base", mixinStandardHelpOptions = true,
        description = "The catalog of official cloud images and the local base cache ($XDG_CACHE_HOME/stackbake/bases).",
        subcommands = {BaseCommand.ListCommand.class, BaseCommand.PullCommand.class})
final class BaseCommand implements Runnable {

    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }

    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "Show the catalog and what is cached (file, size, verified sha256). Needs no network.")
    static final class ListCommand implements Callable<Integer> {
        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            Path dir = CacheDirs.fromSystem().bases();
            out.printf("%-18s %-10s %-3s %s%n", "NAME", "DISTRO", "EL", "URL");
            Map<String, String> namesByFile = new TreeMap<>();
            for (BaseImage base : BaseCatalog.builtIn().all()) {
                out.printf("%-18s %-10s %-3d %s%n", base.name(), base.distro(), base.elMajor(), base.imageUrl(null));
                namesByFile.put(base.fileName(), base.name());
            }
            out.println();
            List<CachedBase> cached = BasePuller.cached(dir);
            out.println("cache " + dir + (cached.isEmpty() ? ": empty" : ":"));
            if (!cached.isEmpty()) {
                out.printf("%-18s %-52s %14s %s%n", "NAME", "FILE", "SIZE", "SHA256");
                for (CachedBase entry : cached) {
                    String file = entry.file().getFileName().toString();
                    String name = namesByFile.getOrDefault(file.replaceFirst("\\.part$", ""), "-");
                    String digest = entry.partial() ? "(partial download: base pull resumes it)"
                            : entry.sha256() != null ? entry.sha256() : "(not pulled by stackbake)";
                    out.printf("%-18s %-52s %14d %s%n", name, file, entry.size(), digest);
                }
            }
            return ExitCodes.OK;
        }
    }

    @Command(name = "pull", mixinStandardHelpOptions = true,
            description = {"Download a base image into the cache, verified against its SHA-256 before it enters it.",
                "A catalog NAME uses the distribution's published checksum file; a URL needs --sha256 or --checksum-url.",
                "An interrupted download is resumed by pulling again."})
    static final class PullCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "NAME|URL", description = "A catalog name (see base list) or an http(s) URL.")
        String source;

        @Option(names = "--checksum-url", paramLabel = "URL",
                description = "A checksum file listing the image (BSD 'SHA256 (FILE) = HEX' or sha256sum 'HEX  FILE').")
        String checksumUrl;

        @Option(names = "--sha256", paramLabel = "HEX", description = "The image's expected SHA-256.")
        String sha256;

        @Option(names = "--mirror", paramLabel = "URL",
                description = "For a catalog name: replaces the catalog's site (e.g. https://dl.rockylinux.org/pub/rocky/);"
                        + " the image and checksum paths below it stay the same.")
        String mirror;

        @Mixin
        VerboseOption verbose;

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            BasePuller.Pulled pulled = BasePulls.atDefaultLocation(out::println, spec.commandLine().getErr())
                    .pull(new PullRequest(source, checksumUrl, sha256, mirror));
            out.println(pulled.file() + " " + pulled.size() + " bytes sha256 " + pulled.sha256());
            return ExitCodes.OK;
        }
    }
}
