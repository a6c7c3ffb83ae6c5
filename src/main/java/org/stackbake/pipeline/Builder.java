package org.stackbake.pipeline;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.stackbake.CacheDirs;
import org.stackbake.StackbakeException;
import org.stackbake.artifact.ArtifactStore;
import org.stackbake.Version;
import org.stackbake.base.BasePuller;
import org.stackbake.base.BasePulls;
import org.stackbake.image.BaseCache;
import org.stackbake.image.BaseResolver;
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
import org.stackbake.plan.GuestOp;
import org.stackbake.plan.OpOutcome;
import org.stackbake.plan.InstallArtifact;
import org.stackbake.plan.PlanMounts;
import org.stackbake.plan.Planner;
import org.stackbake.release.BaseCatalog;
import org.stackbake.release.BaseImage;
import org.stackbake.release.Release;
import org.stackbake.release.ReleaseCatalog;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodePackages;
import org.stackbake.render.NodeRenderer;
import org.stackbake.sbom.InstalledPackage;
import org.stackbake.sbom.RpmPackages;
import org.stackbake.sbom.SpdxDocument;
import org.stackbake.spec.Definition;
import org.stackbake.spec.DefinitionWarnings;
import org.stackbake.spec.DefinitionLoader;
import org.stackbake.spec.LoadedDefinition;
import org.stackbake.spec.Secret;
import org.stackbake.spec.SecretResolver;
import org.stackbake.guest.api.GuestBackend;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.GuestOs;
import org.stackbake.guest.api.Accel;
import org.stackbake.guest.api.GuestBackends;

/**
 * The build pipeline: definition → secrets → file tree → plan → overlay on the base → one
 * appliance running the plan → standalone qcow2 published atomically with its sidecars.
 */
public final class Builder {
    static final String PUBLISH_STEP = "convert to standalone qcow2 and publish";

    private final Consumer<String> out;
    private final Clock clock;
    private final Supplier<GuestBackend> backends;
    private final CacheDirs cacheDirs;
    private final QemuImg qemuImg = new QemuImg(new ProcessRunner());

    public Builder(Consumer<String> out, Clock clock) {
        this(out, clock, GuestBackends::load, CacheDirs.fromSystem());
    }

    /** With the guest backend (asked for only when a build needs a guest) and cache locations given. */
    Builder(Consumer<String> out, Clock clock, Supplier<GuestBackend> backends, CacheDirs cacheDirs) {
        this.out = out;
        this.clock = clock;
        this.backends = backends;
        this.cacheDirs = cacheDirs;
    }

    /** Returns null for a dry run (the plan is printed). */
    public ImageResult build(BuildRequest request) throws Exception {
        Progress progress = new Progress(out);
        LoadedDefinition loaded = new DefinitionLoader().load(request.definition());
        List<Path> localRepos = LocalRepositories.check(request.repos());
        Map<String, Secret> secrets = SecretResolver.fromSystem().resolve(loaded);
        NodeRenderer renderer = new NodeRenderer(request.templates());
        FileTree tree = renderer.render(loaded, secrets);
        List<GuestOp> ops = new Planner().plan(loaded.definition(), tree, secrets, Instant.EPOCH, localRepos,
                ArtifactStore.of(cacheDirs, request.artifacts(), out));
        boolean installAtBuild = loaded.definition().install() == Definition.Install.BUILD;
        if (!installAtBuild && !localRepos.isEmpty()) {
            throw StackbakeException.invalidInput("--repo installs packages at build time, but "
                    + request.definition() + " says install: firstboot", "drop --repo, or set install: build");
        }
        if (installAtBuild && localRepos.isEmpty()) {
            // Offline, only the --repo directories are used: the repository warnings do not apply.
            DefinitionWarnings.of(loaded).forEach(w -> out.accept("warning: " + w.oneLine()));
        }
        out.accept("packages (" + (installAtBuild ? "installed by the build" : "installed at first boot") + "): "
                + String.join(" ", NodePackages.resolve(loaded.definition())));
        if (request.dryRun()) {
            printPlan(ops);
            return null;
        }
        Release release = ReleaseCatalog.builtIn().find(loaded.definition().release()).orElseThrow();
        String name = loaded.definition().name();
        String baseReference = baseReference(request, loaded);
        // Decided before anything is launched or resolved: an unchanged image costs only hashing.
        InputKeys keys = new InputKeys(new DigestCache(cacheDirs.digests()), cacheDirs);
        Optional<String> knownBase = keys.baseDigest(baseReference);
        if (knownBase.isPresent() && !request.rebuild()) {
            InputKey key = keys.of(loaded, renderer, release, knownBase.get(), request.compress(), localRepos);
            Optional<Path> unchanged = UnchangedOutput.find(request.output(), Path.of(""), name, release.name(), key);
            if (unchanged.isPresent()) {
                out.accept(UnchangedOutput.message(unchanged.get()));
                return ImageResult.skipped(name, request.definition(), unchanged.get(),
                        UnchangedOutput.recordedSha256(unchanged.get()), progress.steps());
            }
        }
        Path output = request.output() != null ? request.output()
                : DefaultOutputName.next(Path.of(""), name, release.name(), clock);
        ImagePublisher publisher = new ImagePublisher(qemuImg, output, request.force(), request.compress());
        publisher.checkDestination();

        GuestBackend backend = backends.get();
        ResolvedBase base = progress.step("resolve base " + baseReference, () -> resolveBase(baseReference, backend,
                request.accel()), b -> (b.synthetic() ? "SYNTHETIC test base, " : "") + b.format());
        String inputKey = keys.of(loaded, renderer, release,
                knownBase.isPresent() ? knownBase.get() : keys.baseDigest(baseReference).orElse(base.sha256()),
                request.compress(), localRepos).value();
        try (Overlay overlay = Overlay.create(qemuImg, base, cacheDirs.work())) {
            // The appliance network is on only for an online install: nothing else may leave the machine.
            boolean network = installAtBuild && localRepos.isEmpty();
            GuestResult guest = editGuest(backend, overlay, base, release, ops, request.accel(), network, progress);
            String definitionSha256 = Sha256.of(request.definition());
            // Asked for by the publisher once the image is converted, so the manifest holds every step.
            Supplier<BuildManifest> manifest = () -> new BuildManifest(Version.current(),
                    new BuildManifest.Definition(request.definition().toString(), definitionSha256),
                    release.name(), BuildManifest.Base.of(base, guest.os().distro(), guest.os().version()),
                    tree.entries().stream().map(BuildManifest.InjectedFile::of).toList(), guest.packages(),
                    progress.steps(), null).withInputKey(inputKey)
                    .withArtifacts(InstallArtifact.installed(ops).stream().map(BuildManifest.Artifact::of).toList());
            PublishedImage published = progress.step(PUBLISH_STEP, () -> publisher.publish(overlay, manifest,
                    (image, sha256) -> SpdxDocument.json(new SpdxDocument.Subject(image.getFileName().toString(), sha256,
                            guest.os().distro(), guest.os().version(), Version.current()), guest.rpms(),
                            InstallArtifact.installed(ops), clock.instant())));
            out.accept("built " + published.image() + " (sha256 " + published.manifest().output().sha256() + ")"
                    + (base.synthetic() ? " from a SYNTHETIC test base" : ""));
            return ImageResult.built(name, request.definition(), published, progress.steps());
        }
    }

    private record GuestResult(GuestOs os, List<String> packages, List<InstalledPackage> rpms) {}

    /** Exactly one appliance launch: inspect, refuse wrong guests, apply every op, list packages. */
    private GuestResult editGuest(GuestBackend backend, Overlay overlay, ResolvedBase base, Release release, List<GuestOp> ops, Accel accel,
                                  boolean network, Progress progress) throws Exception {
        GuestSession guest = progress.step("launch appliance and inspect" + (network ? " (network on)" : ""),
                () -> backend.open(overlay.path(), "qcow2", false, accel, progress::note, network,
                        PlanMounts.of(ops)),
                g -> g.os() + " via " + g.accelerator()
                        + (g.openTimings().isEmpty() ? "" : " (" + g.openTimings() + ")"));
        try (guest) {
            SupportedGuests.require(guest.os(), base.reference(), release);
            for (int i = 0; i < ops.size(); i++) {
                GuestOp op = ops.get(i);
                progress.step(String.format("[%d/%d] %s", i + 1, ops.size(), op.describe()), () -> op.apply(guest),
                        OpOutcome::detail);
            }
            List<InstalledPackage> rpms = progress.step("read the rpm database (manifest and SBOM)",
                    () -> RpmPackages.read(guest), RpmPackages::describe);
            return new GuestResult(guest.os(), RpmPackages.nvras(rpms), rpms);
        }
    }

    ResolvedBase resolveBase(String reference, GuestBackend backend, Accel accel) throws IOException {
        BaseCache cache = new BaseCache(cacheDirs.bases());
        // A catalog name means the verified download in the cache, pulled on first use; a file of that name wins.
        Optional<BaseImage> catalogBase = BaseCatalog.builtIn().find(reference);
        if (catalogBase.isPresent() && !Files.exists(Path.of(reference))) {
            Path pulled = BasePulls.in(cacheDirs.bases(), out, new PrintWriter(System.err, true))
                    .ensure(catalogBase.get());
            ResolvedBase base = baseResolver(cache, backend, accel).resolve(pulled.toString());
            if (base.image().equals(pulled.toAbsolutePath().normalize())) { // not a decompressed copy
                BasePuller.requireUnchanged(pulled, base.sha256());
            }
            return base;
        }
        return baseResolver(cache, backend, accel).resolve(reference);
    }

    private BaseResolver baseResolver(BaseCache cache, GuestBackend backend, Accel accel) {
        Path syntheticDir = cacheDirs.synthetic();
        return new BaseResolver(qemuImg, cache, flavor -> {
            Path image = cacheDirs.syntheticBase(flavor);
            if (!Files.isRegularFile(image)) {
                if (!backend.syntheticFlavors().contains(flavor)) {
                    throw StackbakeException.invalidInput("unknown synthetic base '" + flavor + "'",
                            "known: " + String.join(", ", backend.syntheticFlavors()));
                }
                Files.createDirectories(syntheticDir);
                out.accept("making SYNTHETIC test base " + flavor + " once (cached in " + syntheticDir + ")");
                backend.createSyntheticBase(flavor, image, accel, out);
                cacheDirs.sweepOlderSyntheticBases(flavor)
                        .forEach(old -> out.accept("removed " + old + " (an older generation of this synthetic base)"));
            }
            return image;
        }, new DigestCache(cacheDirs.digests()));
    }

    static String baseReference(BuildRequest request, LoadedDefinition loaded) {
        if (request.base() != null) {
            return request.base();
        }
        String fromDefinition = loaded.definition().base();
        if (fromDefinition != null && isCatalogName(fromDefinition)
                && !Files.exists(loaded.baseDirFor("/base").resolve(fromDefinition))) {
            return fromDefinition;
        }
        if (fromDefinition != null && (fromDefinition.startsWith(BaseResolver.SYNTHETIC_PREFIX)
                || Files.exists(loaded.baseDirFor("/base").resolve(fromDefinition)))) {
            return fromDefinition.startsWith(BaseResolver.SYNTHETIC_PREFIX) ? fromDefinition
                    : loaded.baseDirFor("/base").resolve(fromDefinition).toString();
        }
        throw StackbakeException.invalidInput("no base image: give --base PATH (a qcow2/raw cloud image, a catalog"
                + " name such as rocky-9, or synthetic:rocky-9 for the test base)", "the definition's base '"
                + fromDefinition + "' is neither a file nor a catalog name (" + String.join(", ",
                BaseCatalog.builtIn().names()) + ")");
    }

    private static boolean isCatalogName(String reference) {
        return BaseCatalog.builtIn().find(reference).isPresent();
    }

    private void printPlan(List<GuestOp> ops) {
        out.accept("plan (" + ops.size() + " operations, one appliance launch):");
        for (int i = 0; i < ops.size(); i++) {
            out.accept(String.format("  [%d/%d] %s", i + 1, ops.size(), ops.get(i).describe()));
        }
    }
}
