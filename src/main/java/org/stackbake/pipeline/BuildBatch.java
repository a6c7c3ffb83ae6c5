package org.stackbake.pipeline;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.stackbake.CacheDirs;
import org.stackbake.StackbakeException;
import org.stackbake.Version;
import org.stackbake.guest.api.GuestBackend;
import org.stackbake.guest.api.GuestBackends;
import org.stackbake.guest.api.GuestDisk;
import org.stackbake.guest.api.GuestDisks;
import org.stackbake.guest.api.GuestOs;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.image.BuildManifest;
import org.stackbake.image.DefaultOutputName;
import org.stackbake.image.DigestCache;
import org.stackbake.image.ImagePublisher;
import org.stackbake.image.Overlay;
import org.stackbake.image.ProcessRunner;
import org.stackbake.image.PublishedImage;
import org.stackbake.image.QemuImg;
import org.stackbake.image.ResolvedBase;
import org.stackbake.image.Sha256;
import org.stackbake.artifact.ArtifactStore;
import org.stackbake.plan.GuestOp;
import org.stackbake.plan.OpOutcome;
import org.stackbake.plan.InstallArtifact;
import org.stackbake.plan.PlanMounts;
import org.stackbake.plan.Planner;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.render.FileTree;
import org.stackbake.sbom.InstalledPackage;
import org.stackbake.sbom.RpmPackages;
import org.stackbake.sbom.SpdxDocument;
import org.stackbake.render.NodeRenderer;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.Secret;
import org.stackbake.spec.SecretResolver;
import org.stackbake.spec.SpecException;

/**
 * Several images with ONE appliance launch: every definition is loaded, rendered and keyed first
 * (a bad one stops the run before any work, exit 2); unchanged images are skipped; the rest get an
 * overlay each, all attached to one appliance and edited one after the other; then the overlays are
 * converted and published in parallel. One image failing leaves the others' outputs in place.
 */
public final class BuildBatch {
    private final Consumer<String> out;
    private final Clock clock;
    private final Supplier<GuestBackend> backends;
    private final CacheDirs cacheDirs;
    private final QemuImg qemuImg = new QemuImg(new ProcessRunner());

    public BuildBatch(Consumer<String> out, Clock clock) {
        this(out, clock, GuestBackends::load, CacheDirs.fromSystem());
    }

    /** With the guest backend (asked for only when an image needs building) and cache locations given. */
    BuildBatch(Consumer<String> out, Clock clock, Supplier<GuestBackend> backends, CacheDirs cacheDirs) {
        this.out = out;
        this.clock = clock;
        this.backends = backends;
        this.cacheDirs = cacheDirs;
    }

    /** One image of the batch, from its definition to its result. */
    private static final class Image {
        final BuildRequest request;
        final LoadedDefinition loaded;
        final NodeRenderer renderer;
        final FileTree tree;
        final List<GuestOp> ops;
        final Release release;
        final String baseReference;
        Progress progress;
        Path output;
        ImagePublisher publisher;
        ResolvedBase base;
        InputKey key;
        Overlay overlay;
        BuildManifest manifest;
        GuestOs os;
        List<InstalledPackage> rpms;
        ImageResult result;

        Image(BuildRequest request, LoadedDefinition loaded, NodeRenderer renderer, FileTree tree, List<GuestOp> ops,
              Release release, String baseReference) {
            this.request = request;
            this.loaded = loaded;
            this.renderer = renderer;
            this.tree = tree;
            this.ops = ops;
            this.release = release;
            this.baseReference = baseReference;
        }

        String name() {
            return loaded.definition().name();
        }

        void fail(String error, List<BuildManifest.Step> shared) {
            result = ImageResult.failed(name(), request.definition(), error, steps(shared));
        }

        List<BuildManifest.Step> steps(List<BuildManifest.Step> shared) {
            List<BuildManifest.Step> all = new ArrayList<>(shared);
            all.addAll(progress.steps());
            return all;
        }
    }

    /** Results in the order of {@code definitions}; empty for a dry run. */
    public List<ImageResult> build(List<Path> definitions, Path outputDir, BuildRequest options) throws Exception {
        List<Image> images = prepare(definitions, options);
        if (options.dryRun()) {
            images.forEach(image -> printPlan(image));
            return List.of();
        }
        InputKeys keys = new InputKeys(new DigestCache(cacheDirs.digests()), cacheDirs);
        List<Image> toBuild = new ArrayList<>();
        for (Image image : images) {
            if (!skipIfUnchanged(image, keys, outputDir)) {
                toBuild.add(image);
            }
        }
        if (!toBuild.isEmpty()) {
            buildAll(toBuild, keys, outputDir, options);
        }
        List<ImageResult> results = images.stream().map(i -> i.result).toList();
        out.accept(summary(results));
        return results;
    }

    private List<Image> prepare(List<Path> definitions, BuildRequest options) throws SpecException {
        List<Image> images = new ArrayList<>();
        Set<String> outputs = new HashSet<>();
        for (Path definition : definitions) {
            BuildRequest request = options.forDefinition(definition);
            LoadedDefinition loaded = new DefinitionLoader().load(definition);
            Map<String, Secret> secrets = SecretResolver.fromSystem().resolve(loaded);
            NodeRenderer renderer = new NodeRenderer(request.templates());
            FileTree tree = renderer.render(loaded, secrets);
            List<GuestOp> ops = new Planner().plan(loaded.definition(), tree, secrets, Instant.EPOCH, List.of(),
                    ArtifactStore.of(cacheDirs, request.artifacts(), out));
            if (!request.repos().isEmpty()) {
                throw StackbakeException.invalidInput("--repo is not supported for several images in one launch yet",
                        "build each definition on its own with --repo");
            }
            Release release = ReleaseCatalog.builtIn().find(loaded.definition().release()).orElseThrow();
            if (!outputs.add(loaded.definition().name() + "-" + release.name())) {
                throw StackbakeException.invalidInput(definition + ": another definition also builds "
                        + loaded.definition().name() + " of " + release.name(),
                        "give definitions with distinct name/release pairs");
            }
            images.add(new Image(request, loaded, renderer, tree, ops, release, Builder.baseReference(request, loaded)));
        }
        Set<String> names = new HashSet<>();
        boolean unique = images.stream().allMatch(i -> names.add(i.name()));
        for (Image image : images) {
            String prefix = "[" + image.name() + (unique ? "" : "-" + image.release.name()) + "] ";
            image.progress = new Progress(line -> out.accept(prefix + line));
        }
        return images;
    }

    private boolean skipIfUnchanged(Image image, InputKeys keys, Path outputDir) throws IOException {
        if (image.request.rebuild()) {
            return false;
        }
        Optional<String> knownBase = keys.baseDigest(image.baseReference);
        if (knownBase.isEmpty()) {
            return false;
        }
        InputKey key = keys.of(image.loaded, image.renderer, image.release, knownBase.get(), image.request.compress());
        Optional<Path> unchanged = UnchangedOutput.find(null, outputDir, image.name(), image.release.name(), key);
        if (unchanged.isEmpty()) {
            return false;
        }
        image.progress.note(UnchangedOutput.message(unchanged.get()));
        image.result = ImageResult.skipped(image.name(), image.request.definition(), unchanged.get(),
                UnchangedOutput.recordedSha256(unchanged.get()), image.progress.steps());
        return true;
    }

    private void buildAll(List<Image> images, InputKeys keys, Path outputDir, BuildRequest options) throws Exception {
        for (Image image : images) {
            image.output = DefaultOutputName.next(outputDir, image.name(), image.release.name(), clock);
            image.publisher = new ImagePublisher(qemuImg, image.output, false, image.request.compress());
            image.publisher.checkDestination();
        }
        GuestBackend backend = backends.get();
        Progress shared = new Progress(out);
        Builder resolver = new Builder(out, clock, () -> backend, cacheDirs);
        Map<String, ResolvedBase> bases = new HashMap<>();
        for (Image image : images) {
            if (!bases.containsKey(image.baseReference)) {
                bases.put(image.baseReference, shared.step("resolve base " + image.baseReference,
                        () -> resolver.resolveBase(image.baseReference, backend, options.accel()),
                        b -> (b.synthetic() ? "SYNTHETIC test base, " : "") + b.format()));
            }
            image.base = bases.get(image.baseReference);
            image.key = keys.of(image.loaded, image.renderer, image.release,
                    keys.baseDigest(image.baseReference).orElse(image.base.sha256()), image.request.compress());
        }
        try {
            for (Image image : images) {
                image.overlay = Overlay.create(qemuImg, image.base, cacheDirs.work());
            }
            editAll(images, backend, options, shared);
            publishAll(images.stream().filter(i -> i.result == null).toList(), shared.steps());
        } finally {
            for (Image image : images) {
                if (image.overlay != null) {
                    image.overlay.close();
                }
            }
        }
    }

    /** The one appliance launch; an image whose edits fail is marked failed and the next one goes on. */
    private void editAll(List<Image> images, GuestBackend backend, BuildRequest options, Progress shared) throws Exception {
        // On only when an image installs its packages from the network at build time.
        boolean network = images.stream().anyMatch(i -> i.loaded.definition().install() == Definition.Install.BUILD);
        GuestDisks disks;
        try {
            disks = shared.step("launch appliance and inspect (" + images.size() + " disks)",
                    // Fresh overlays of one base hold the same bytes: the guest is detected once per base.
                    () -> backend.openMany(images.stream().map(i -> new GuestDisk(i.overlay.path(),
                                    i.base.image().toString())).toList(), "qcow2", false,
                            options.accel(), shared::note, network),
                    d -> "one appliance via " + d.accelerator()
                            + (d.openTimings().isEmpty() ? "" : " (" + d.openTimings() + ")"));
        } catch (StackbakeException e) {
            // Nothing was edited; every image reports the launch failure and the run goes on to its summary.
            shared.note("FAILED: " + e.getMessage());
            images.forEach(i -> i.fail(e.getMessage(), shared.steps()));
            return;
        }
        Map<Image, BuildManifest> edited = new HashMap<>();
        Map<Path, List<InstalledPackage>> packagesOfBase = new HashMap<>();
        try (disks) {
            for (int d = 0; d < images.size(); d++) {
                Image image = images.get(d);
                try {
                    edited.put(image, edit(image, disks, d, packagesOfBase));
                } catch (InterruptedException e) {
                    throw e;
                } catch (Exception e) {
                    image.progress.note("FAILED: " + message(e));
                    image.fail(message(e), shared.steps());
                }
            }
        } catch (StackbakeException e) {
            // The shutdown that writes every disk back failed: no overlay can be trusted.
            images.stream().filter(i -> i.result == null).forEach(i -> i.fail(e.getMessage(), shared.steps()));
            return;
        }
        edited.forEach((image, manifest) -> image.manifest = manifest);
    }

    private BuildManifest edit(Image image, GuestDisks disks, int index, Map<Path, List<InstalledPackage>> packagesOfBase)
            throws Exception {
        Progress progress = image.progress;
        try (GuestSession guest = progress.step("mount", () -> disks.select(index, PlanMounts.of(image.ops)),
                g -> g.os().toString())) {
            SupportedGuests.require(guest.os(), image.base.reference(), image.release);
            for (int i = 0; i < image.ops.size(); i++) {
                GuestOp op = image.ops.get(i);
                progress.step(String.format("[%d/%d] %s", i + 1, image.ops.size(), op.describe()), () -> op.apply(guest),
                        OpOutcome::detail);
            }
            // Without a build-time install no op touches the rpm database: it is the base's, read once per base.
            boolean installs = image.loaded.definition().install() == Definition.Install.BUILD;
            List<InstalledPackage> known = installs ? null : packagesOfBase.get(image.base.image());
            image.rpms = known != null ? known : progress.step("read the rpm database (manifest and SBOM)",
                    () -> RpmPackages.read(guest), RpmPackages::describe);
            if (known != null) {
                progress.note("rpm database: the base's, as read for an earlier image (" + RpmPackages.describe(known) + ")");
            } else if (!installs) {
                packagesOfBase.put(image.base.image(), image.rpms);
            }
            List<String> packages = RpmPackages.nvras(image.rpms);
            image.os = guest.os();
            return new BuildManifest(Version.current(),
                    new BuildManifest.Definition(image.request.definition().toString(), Sha256.of(image.request.definition())),
                    image.release.name(), BuildManifest.Base.of(image.base, guest.os().distro(), guest.os().version()),
                    image.tree.entries().stream().map(BuildManifest.InjectedFile::of).toList(), packages,
                    List.of(), null).withInputKey(image.key.value())
                    .withArtifacts(InstallArtifact.installed(image.ops).stream().map(BuildManifest.Artifact::of).toList());
        }
    }

    /** qemu-img convert is single-threaded with compression: one per core. */
    private void publishAll(List<Image> images, List<BuildManifest.Step> shared) throws InterruptedException {
        if (images.isEmpty()) {
            return;
        }
        int threads = Math.max(1, Math.min(images.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Map<Image, Future<PublishedImage>> running = new HashMap<>();
            for (Image image : images) {
                running.put(image, pool.submit(() -> publish(image, shared)));
            }
            for (Image image : images) {
                try {
                    PublishedImage published = running.get(image).get();
                    image.result = ImageResult.built(image.name(), image.request.definition(), published,
                            image.steps(shared));
                } catch (ExecutionException e) {
                    image.progress.note("FAILED: " + message(e.getCause()));
                    image.fail(message(e.getCause()), shared);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private PublishedImage publish(Image image, List<BuildManifest.Step> shared) throws Exception {
        ImagePublisher publisher = new ImagePublisher(new QemuImg(new ProcessRunner()), image.output, false,
                image.request.compress());
        return image.progress.step(Builder.PUBLISH_STEP, () -> {
            BuildManifest manifest = image.manifest;
            // Asked for once the image is converted, so the manifest holds every step, publishing included.
            PublishedImage published = publisher.publish(image.overlay, () -> new BuildManifest(
                    manifest.stackbakeVersion(), manifest.definition(), manifest.release(), manifest.base(),
                    manifest.files(), manifest.packages(), image.steps(shared), null, manifest.inputKey(), manifest.artifacts()),
                    (file, sha256) -> SpdxDocument.json(new SpdxDocument.Subject(file.getFileName().toString(), sha256,
                            image.os.distro(), image.os.version(), Version.current()), image.rpms,
                            InstallArtifact.installed(image.ops), clock.instant()));
            image.progress.note("built " + published.image() + " (sha256 " + published.manifest().output().sha256() + ")"
                    + (image.base.synthetic() ? " from a SYNTHETIC test base" : ""));
            return published;
        });
    }

    private void printPlan(Image image) {
        image.progress.note("plan (" + image.ops.size() + " operations, one appliance launch for all images):");
        for (int i = 0; i < image.ops.size(); i++) {
            image.progress.note(String.format("  [%d/%d] %s", i + 1, image.ops.size(), image.ops.get(i).describe()));
        }
    }

    private static String message(Throwable e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
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
