package org.stackbake.pipeline;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.stackbake.artifact.ArtifactStore;
import org.stackbake.CacheDirs;
import org.stackbake.base.Bases;
import org.stackbake.guest.api.GuestBackend;
import org.stackbake.guest.api.GuestBackends;
import org.stackbake.image.DefaultOutputName;
import org.stackbake.files.DigestCache;
import org.stackbake.image.ImagePublisher;
import org.stackbake.image.Overlay;
import org.stackbake.image.PackedBases;
import org.stackbake.files.ProcessRunner;
import org.stackbake.image.QemuImg;

/**
 * The build, for one image or many, as one sequence of stages:
 * <ol>
 * <li>{@link Prepare}: every definition loaded, rendered and planned (a bad one stops the run, exit 2);</li>
 * <li>{@link SkipUnchanged}: images whose output from the same inputs exists are skipped;</li>
 * <li>outputs reserved, {@link ResolveBases}: each base once, and an overlay per image;</li>
 * <li>{@link EditInOneLaunch}: every overlay edited in ONE appliance launch;</li>
 * <li>{@link Publish}: the overlays converted and published, in parallel.</li>
 * </ol>
 * One image failing after the launch leaves the others' outputs in place.
 */
public final class BuildPipeline {
    private final Consumer<String> out;
    private final PrintWriter err;
    private final Clock clock;
    private final Supplier<GuestBackend> backends;
    private final CacheDirs cacheDirs;

    /** out: progress lines; err: where a base download draws its progress meter. */
    public BuildPipeline(Consumer<String> out, PrintWriter err, Clock clock) {
        this(out, err, clock, GuestBackends::load, CacheDirs.fromSystem());
    }

    /** With the guest backend (asked for only when an image needs building) and cache locations given. */
    BuildPipeline(Consumer<String> out, PrintWriter err, Clock clock, Supplier<GuestBackend> backends,
                  CacheDirs cacheDirs) {
        this.out = out;
        this.err = err;
        this.clock = clock;
        this.backends = backends;
        this.cacheDirs = cacheDirs;
    }

    /**
     * Builds each definition with {@code options} (its -o only for a single definition); default
     * output names go to {@code outputDir}. Results in the order of {@code definitions}; empty for
     * a dry run, which prints the plans instead.
     */
    public List<ImageResult> build(List<Path> definitions, Path outputDir, BuildRequest options) throws Exception {
        List<ImageJob> jobs = new Prepare(out, options, ArtifactStore.of(cacheDirs, options.artifacts(), out)).all(definitions);
        if (options.dryRun()) {
            jobs.forEach(BuildPipeline::printPlan);
            return List.of();
        }
        InputKeys keys = new InputKeys(new DigestCache(cacheDirs.digests()), cacheDirs);
        List<ImageJob> toBuild = new SkipUnchanged(keys, outputDir).toBuild(jobs);
        if (!toBuild.isEmpty()) {
            reserveOutputs(toBuild, outputDir);
            build(toBuild, keys, options);
        }
        List<ImageResult> results = jobs.stream().map(j -> j.result).toList();
        if (results.size() > 1) {
            out.accept(summary(results));
        }
        return results;
    }

    /** One image: {@code request}'s definition to its -o or a default name in the current directory. */
    public ImageResult build(BuildRequest request) throws Exception {
        List<ImageResult> results = build(List.of(request.definition()), Path.of(""), request);
        return results.isEmpty() ? null : results.get(0);
    }

    /** The cheap checks of every output (exit 2) before any guest work. */
    private void reserveOutputs(List<ImageJob> jobs, Path outputDir) throws Exception {
        for (ImageJob job : jobs) {
            Path output = job.request.output() != null ? job.request.output()
                    : DefaultOutputName.next(outputDir, job.name(), job.release.name(), clock);
            // A qemu-img per image: the publishers run in parallel, each stops its own on an abort.
            QemuImg qemuImg = new QemuImg(new ProcessRunner());
            job.publisher = new ImagePublisher(qemuImg, output, job.request.force(), job.request.compress(),
                    new PackedBases(qemuImg, cacheDirs.packed()));
            job.publisher.checkDestination();
        }
    }

    private void build(List<ImageJob> jobs, InputKeys keys, BuildRequest options) throws Exception {
        GuestBackend backend = backends.get();
        Progress shared = new Progress(out);
        QemuImg qemuImg = new QemuImg(new ProcessRunner());
        new ResolveBases(new Bases(cacheDirs, qemuImg, out, err), keys, backend, options.accel(), shared).resolve(jobs);
        try {
            for (ImageJob job : jobs) {
                job.overlay = Overlay.create(qemuImg, job.base, cacheDirs.work());
            }
            new EditInOneLaunch(backend, options.accel(), shared).edit(jobs);
            new Publish(clock, shared.steps()).publish(jobs.stream().filter(ImageJob::pending).toList());
        } finally {
            jobs.forEach(ImageJob::closeOverlay);
        }
    }

    private static void printPlan(ImageJob job) {
        job.progress.note("plan (" + job.ops.size() + " operations, one appliance launch):");
        for (int i = 0; i < job.ops.size(); i++) {
            job.progress.note(String.format("  [%d/%d] %s", i + 1, job.ops.size(), job.ops.get(i).describe()));
        }
    }

    private static String summary(List<ImageResult> results) {
        long built = results.stream().filter(r -> r.status() == ImageResult.Status.BUILT).count();
        long skipped = results.stream().filter(r -> r.status() == ImageResult.Status.SKIPPED).count();
        List<String> failed = results.stream().filter(r -> r.status() == ImageResult.Status.FAILED)
                .map(ImageResult::name).toList();
        return results.size() + " images: " + built + " built, " + skipped + " unchanged (skipped), " + failed.size()
                + " failed" + (failed.isEmpty() ? "" : ": " + String.join(", ", failed));
    }
}
