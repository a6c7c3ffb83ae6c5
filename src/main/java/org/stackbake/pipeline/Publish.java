package org.stackbake.pipeline;

import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.TreeMap;
import org.stackbake.Version;
import org.stackbake.files.Sha256;
import org.stackbake.image.BuildManifest;
import org.stackbake.image.PublishedImage;
import org.stackbake.plan.UpdatePackages;
import org.stackbake.render.FileEntry;
import org.stackbake.plan.InstallArtifact;
import org.stackbake.release.ArtifactFile;
import org.stackbake.sbom.RpmPackages;
import org.stackbake.sbom.SpdxDocument;

/**
 * Stage 5: each edited overlay converted to a standalone qcow2 and published atomically with its
 * checksum, manifest and SBOM. qemu-img convert is single-threaded with compression: one per core.
 */
final class Publish {
    static final String STEP = "convert to standalone qcow2 and publish";

    private final Clock clock;
    private final List<BuildManifest.Step> shared;

    /** shared: the steps every image went through together (base resolution, the launch). */
    Publish(Clock clock, List<BuildManifest.Step> shared) {
        this.clock = clock;
        this.shared = shared;
    }

    void publish(List<ImageJob> jobs) throws InterruptedException {
        if (jobs.isEmpty()) {
            return;
        }
        int threads = Math.max(1, Math.min(jobs.size(), Runtime.getRuntime().availableProcessors()));
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            Map<ImageJob, Future<PublishedImage>> running = new HashMap<>();
            for (ImageJob job : jobs) {
                running.put(job, pool.submit(() -> publish(job)));
            }
            for (ImageJob job : jobs) {
                try {
                    job.result = ImageResult.built(job.name(), job.request.definition(), running.get(job).get(),
                            job.steps(shared));
                } catch (ExecutionException e) {
                    job.fail(e.getCause() instanceof Exception cause ? cause : e, shared);
                }
            }
        } finally {
            pool.shutdownNow();
        }
    }

    private static BuildManifest.InjectedFile injected(FileEntry entry) {
        return new BuildManifest.InjectedFile(entry.path(), entry.modeOctal(), entry.owner() + ":" + entry.group(),
                entry.sensitive() ? null : entry.sha256(), entry.sensitive());
    }

    /** A verified download as the manifest lists it: where from, its digest, the guest paths it gave. */
    private static BuildManifest.Artifact artifact(ArtifactFile file) {
        return new BuildManifest.Artifact(file.name(), file.component(), file.version(), file.url(), file.sha256(),
                new TreeMap<>(file.files()).values().stream().toList());
    }

    private PublishedImage publish(ImageJob job) throws Exception {
        String definitionSha256 = Sha256.of(job.request.definition());
        return job.progress.step(STEP, () -> {
            // Asked for once the image is converted, so the manifest holds every step, publishing included.
            PublishedImage published = job.publisher.publish(job.overlay, () -> new BuildManifest(Version.current(),
                    new BuildManifest.Definition(job.request.definition().toString(), definitionSha256),
                    job.release.name(), BuildManifest.Base.of(job.base, job.os.distro(), job.os.version()),
                    job.tree.entries().stream().map(Publish::injected).toList(),
                    RpmPackages.nvras(job.rpms), job.steps(shared), null)
                    .withInputKey(job.key.withRepositories(UpdatePackages.repositoriesIn(job.ops)).value())
                    .withUpdates(UpdatePackages.appliedIn(job.ops), UpdatePackages.repositoriesIn(job.ops))
                    .withArtifacts(InstallArtifact.installed(job.ops).stream().map(Publish::artifact).toList()),
                    (image, sha256) -> SpdxDocument.json(new SpdxDocument.Subject(image.getFileName().toString(), sha256,
                            job.os.distro(), job.os.version(), Version.current()), job.rpms,
                            UpdatePackages.appliedIn(job.ops, List.of()),
                            InstallArtifact.installed(job.ops).stream().map(Publish::artifact).toList(), clock.instant()));
            job.progress.note("built " + published.image() + " (sha256 " + published.manifest().output().sha256() + ")"
                    + (job.base.synthetic() ? " from a SYNTHETIC test base" : ""));
            return published;
        });
    }
}
