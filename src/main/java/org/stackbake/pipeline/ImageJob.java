package org.stackbake.pipeline;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.stackbake.guest.api.GuestOs;
import org.stackbake.image.BuildManifest;
import org.stackbake.image.ImagePublisher;
import org.stackbake.image.Overlay;
import org.stackbake.image.ResolvedBase;
import org.stackbake.plan.GuestOp;
import org.stackbake.release.Release;
import org.stackbake.render.FileTree;
import org.stackbake.render.NodeRenderer;
import org.stackbake.sbom.InstalledPackage;
import org.stackbake.spec.Definition;
import org.stackbake.spec.LoadedDefinition;

/**
 * One image on its way through the stages. What {@link Prepare} fixes is final; each later stage
 * fills in what it made. {@link #result} is set once the image is skipped, built or failed.
 */
final class ImageJob {
    final BuildRequest request;
    final LoadedDefinition loaded;
    final NodeRenderer renderer;
    final FileTree tree;
    final List<GuestOp> ops;
    final Release release;
    final String baseReference;
    /** The --repo directories, checked and absolute: packages come from these alone, offline. */
    final List<Path> repos;
    final Progress progress;

    /** Set by the stage that reserves the output, just before guest work. */
    ImagePublisher publisher;
    /** Set by {@link ResolveBases}. */
    ResolvedBase base;
    InputKey key;
    Overlay overlay;
    /** Set by {@link EditInOneLaunch}. */
    GuestOs os;
    List<InstalledPackage> rpms;
    ImageResult result;

    ImageJob(BuildRequest request, LoadedDefinition loaded, NodeRenderer renderer, FileTree tree, List<GuestOp> ops,
             Release release, String baseReference, List<Path> repos, Progress progress) {
        this.request = request;
        this.loaded = loaded;
        this.renderer = renderer;
        this.tree = tree;
        this.ops = ops;
        this.release = release;
        this.baseReference = baseReference;
        this.repos = repos;
        this.progress = progress;
    }

    String name() {
        return loaded.definition().name();
    }

    boolean installsAtBuild() {
        return loaded.definition().install() == Definition.Install.BUILD;
    }

    boolean pending() {
        return result == null;
    }

    void fail(Exception cause, List<BuildManifest.Step> shared) {
        String error = cause.getMessage() != null ? cause.getMessage() : cause.getClass().getSimpleName();
        progress.note("FAILED: " + error);
        result = ImageResult.failed(name(), request.definition(), cause, steps(shared));
    }

    /** The run's shared steps (base resolution, the launch), then this image's own. */
    List<BuildManifest.Step> steps(List<BuildManifest.Step> shared) {
        List<BuildManifest.Step> all = new ArrayList<>(shared);
        all.addAll(progress.steps());
        return all;
    }

    void closeOverlay() {
        if (overlay != null) {
            overlay.close();
        }
    }
}
