package org.stackbake.image;

import com.fasterxml.jackson.annotation.JsonCreator;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;

/**
 * What went into an image, written beside it as {@code OUT.qcow2.json}. The build fills in
 * everything but {@code output}, which the publisher adds once the image is in place.
 */
public record BuildManifest(String stackbakeVersion, Definition definition, String release, Base base,
        List<InjectedFile> files, List<String> packages, List<Step> steps, Output output, String inputKey,
        @JsonInclude(JsonInclude.Include.NON_NULL) List<PackageUpdate> updates,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<RepositoryDigest> repositories,
        @JsonInclude(JsonInclude.Include.NON_EMPTY) List<Artifact> artifacts) {

    /**
     * inputKey: see pipeline.InputKey; an unchanged key lets a later build skip.
     * updates: what the build's update changed (empty when nothing was to update), null with updates: none.
     * repositories: the online repositories the update read, with their repomd.xml digests (in the input key).
     * artifacts: the verified downloads installed (release tarballs of components with no RPM source).
     */
    @JsonCreator
    public BuildManifest {
        files = List.copyOf(files);
        packages = List.copyOf(packages);
        steps = List.copyOf(steps);
        updates = updates == null ? null : List.copyOf(updates);
        repositories = repositories == null ? List.of() : List.copyOf(repositories);
        artifacts = artifacts == null ? List.of() : List.copyOf(artifacts);
    }

    public BuildManifest(String stackbakeVersion, Definition definition, String release, Base base,
                         List<InjectedFile> files, List<String> packages, List<Step> steps, Output output, String inputKey) {
        this(stackbakeVersion, definition, release, base, files, packages, steps, output, inputKey, null, null, null);
    }

    public BuildManifest(String stackbakeVersion, Definition definition, String release, Base base,
                         List<InjectedFile> files, List<String> packages, List<Step> steps, Output output) {
        this(stackbakeVersion, definition, release, base, files, packages, steps, output, null);
    }

    public BuildManifest withOutput(Output output) {
        return new BuildManifest(stackbakeVersion, definition, release, base, files, packages, steps, output, inputKey,
                updates, repositories, artifacts);
    }

    public BuildManifest withInputKey(String key) {
        return new BuildManifest(stackbakeVersion, definition, release, base, files, packages, steps, output, key, updates,
                repositories, artifacts);
    }

    /** applied: null when the build updates nothing (updates: none); read: the online repositories it read. */
    public BuildManifest withUpdates(List<PackageUpdate> applied, List<RepositoryDigest> read) {
        return new BuildManifest(stackbakeVersion, definition, release, base, files, packages, steps, output, inputKey,
                applied, read, artifacts);
    }

    public BuildManifest withArtifacts(List<Artifact> installed) {
        return new BuildManifest(stackbakeVersion, definition, release, base, files, packages, steps, output, inputKey,
                updates, repositories, installed);
    }

    /** A verified download installed into the image: where from, its SHA-256, the guest paths it gave. */
    public record Artifact(String name, String component, String version, String url, String sha256, List<String> paths) {
        public Artifact {
            paths = List.copyOf(paths);
        }
    }

    public record Definition(String path, String sha256) {}

    /** {@code distro}/{@code distroVersion} come from the guest inspection, the rest from the resolver. */
    public record Base(String path, String sha256, String format, String distro, String distroVersion, boolean synthetic) {
        public static Base of(ResolvedBase base, String distro, String distroVersion) {
            return new Base(base.reference(), base.sha256(), base.format(), distro, distroVersion, base.synthetic());
        }
    }

    /** A file stackbake placed in the guest; a sensitive one (it holds secrets) has no digest. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record InjectedFile(String path, String mode, String owner, String sha256, boolean sensitive) {}

    public record Step(String name, long durationMs) {}

    /**
     * compression: how the image's clusters are compressed, zlib, zstd or none (see OutputCompression);
     * fromPackedBase: the image is its base's packed copy with the build's changes committed
     * uncompressed (see PackedBases), not one conversion of everything.
     */
    public record Output(String path, String sha256, long virtualSize, long actualSize, String compression,
                         boolean fromPackedBase) {

        public Output(String path, String sha256, long virtualSize, long actualSize, String compression) {
            this(path, sha256, virtualSize, actualSize, compression, false);
        }
    }
}
