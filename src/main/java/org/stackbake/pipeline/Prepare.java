package org.stackbake.pipeline;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.stackbake.StackbakeException;
import org.stackbake.base.Bases;
import org.stackbake.plan.GuestOp;
import org.stackbake.plan.ArtifactFetcher;
import org.stackbake.plan.Planner;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodePackages;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.DefinitionWarnings;
import org.stackbake.spec.DistinctImages;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.Secret;
import org.stackbake.spec.SecretResolver;

/**
 * Stage 1: every definition loaded, its secrets resolved, its tree rendered and its guest
 * operations planned, before any work: one bad definition stops the run (exit 2) with nothing
 * written. Prints each image's warnings and packages.
 */
final class Prepare {
    private final Consumer<String> out;
    private final BuildRequest options;
    private final List<Path> repos;
    private final ArtifactFetcher artifacts;

    /** artifacts: where the plans' verified downloads come from (the cache, or --artifacts DIR). */
    Prepare(Consumer<String> out, BuildRequest options, ArtifactFetcher artifacts) {
        this.out = out;
        this.options = options;
        this.repos = LocalRepositories.check(options.repos());
        this.artifacts = artifacts;
    }

    List<ImageJob> all(List<Path> definitions) throws Exception {
        if (options.output() != null && definitions.size() > 1) {
            throw StackbakeException.invalidInput("-o names one image, but several definitions were given",
                    "use --output-dir DIR for several images (each gets its default name there)");
        }
        List<LoadedDefinition> loaded = new ArrayList<>();
        for (Path definition : definitions) {
            loaded.add(new DefinitionLoader().load(definition));
        }
        DistinctImages.require(definitions, loaded.stream().map(LoadedDefinition::definition).toList(), "builds");
        List<ImageJob> jobs = new ArrayList<>();
        for (int i = 0; i < definitions.size(); i++) {
            jobs.add(one(options.forDefinition(definitions.get(i)),
                    loaded.get(i), prefix(loaded, i)));
        }
        return jobs;
    }

    private ImageJob one(BuildRequest request, LoadedDefinition loaded, String prefix) throws Exception {
        Progress progress = new Progress(line -> out.accept(prefix + line));
        Map<String, Secret> secrets = SecretResolver.fromSystem().resolve(loaded);
        NodeRenderer renderer = new NodeRenderer(request.templates());
        FileTree tree = renderer.render(loaded, secrets);
        List<GuestOp> ops = new Planner().plan(loaded.definition(), tree, secrets, Instant.EPOCH, repos, artifacts);
        Release release = ReleaseCatalog.builtIn().find(loaded.definition().release()).orElseThrow();
        ImageJob job = new ImageJob(request, loaded, renderer, tree, ops, release,
                Bases.reference(request.base(), loaded), repos, progress);
        if (!job.installsAtBuild() && !repos.isEmpty()) {
            throw StackbakeException.invalidInput("--repo installs packages at build time, but "
                    + request.definition() + " says install: firstboot", "drop --repo, or set install: build");
        }
        if (job.installsAtBuild() && repos.isEmpty()) {
            // Offline, only the --repo directories are used: the repository warnings do not apply.
            DefinitionWarnings.of(loaded).forEach(w -> progress.note("warning: " + w.oneLine()));
        }
        progress.note("packages (" + (job.installsAtBuild() ? "installed by the build" : "installed at first boot")
                + "): " + String.join(" ", NodePackages.resolve(loaded.definition())));
        return job;
    }

    /** Lines of several images start with the image's name (and release, when two share a name). */
    private static String prefix(List<LoadedDefinition> all, int index) {
        if (all.size() == 1) {
            return "";
        }
        Set<String> names = new HashSet<>();
        boolean unique = all.stream().allMatch(l -> names.add(l.definition().name()));
        return "[" + all.get(index).definition().name() + (unique ? "" : "-" + all.get(index).definition().release())
                + "] ";
    }
}
