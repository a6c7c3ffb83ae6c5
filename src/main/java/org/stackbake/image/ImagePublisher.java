package org.stackbake.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Supplier;
import org.stackbake.StackbakeException;
import org.stackbake.files.AtomicFiles;
import org.stackbake.files.CleanupOnAbort;
import org.stackbake.files.ProcessRunner;
import org.stackbake.files.Sha256;

/**
 * Turns the overlay into the standalone output image, all or nothing: converted into a hidden
 * temporary beside the output, verified, flushed and renamed, then its checksum, manifest and SBOM
 * written the same way. Any failure, or the JVM being stopped, removes what this run created, so
 * the output path never holds a partial image or an image without its sidecars.
 */
public final class ImagePublisher {
    private final QemuImg qemuImg;
    private final Path output;
    private final boolean force;
    private final boolean compress;

    /** Renders the SBOM once the image's digest is known (the document's namespace derives from it). */
    public interface SbomRenderer {
        byte[] render(Path image, String sha256);
    }

    public ImagePublisher(QemuImg qemuImg, Path output, boolean force, boolean compress) {
        this.qemuImg = qemuImg;
        this.output = output.toAbsolutePath().normalize();
        this.force = force;
        this.compress = compress;
    }

    public Path output() {
        return output;
    }

    /**
     * The cheap checks, for the build to run before any guest work (exit 2 on a problem); also
     * removes temporaries beside the output left by an earlier run that was killed.
     */
    public void checkDestination() throws IOException {
        Path dir = output.getParent();
        if (!Files.exists(dir)) {
            throw refused("output directory " + dir + " does not exist", "create it, or choose another -o / --output-dir");
        }
        if (!Files.isDirectory(dir)) {
            throw refused("output directory " + dir + " is not a directory", "choose another -o / --output-dir");
        }
        if (!Files.isWritable(dir)) {
            throw refused("output directory " + dir + " is not writable", "choose another -o / --output-dir");
        }
        if (Files.isDirectory(output)) {
            throw refused("output " + output + " is a directory", "give a file name with -o");
        }
        if (Files.exists(output, LinkOption.NOFOLLOW_LINKS) && !force) {
            throw refused("output " + output + " exists", "--force replaces it, or choose another -o");
        }
        for (Path target : new Path[] {output, Sidecars.checksumFile(output), Sidecars.manifestFile(output),
                Sidecars.sbomFile(output)}) {
            AtomicFiles.removeStale(target);
        }
    }

    /** Publishes {@code overlay}; {@code manifest} is everything but the output, which is filled in here. */
    public PublishedImage publish(Overlay overlay, BuildManifest manifest) throws IOException {
        return publish(overlay, () -> manifest, null);
    }

    /** As {@link #publish(Overlay, BuildManifest)}, the manifest asked for once the image is converted and verified. */
    public PublishedImage publish(Overlay overlay, Supplier<BuildManifest> manifest) throws IOException {
        return publish(overlay, manifest, null);
    }

    /**
     * As {@link #publish(Overlay, BuildManifest)}, asking for the manifest only once the image is
     * converted and verified, so it can record how long that took; with the SBOM
     * ({@code OUT.qcow2.spdx.json}) beside it when {@code sbom} is given.
     */
    public PublishedImage publish(Overlay overlay, Supplier<BuildManifest> manifest, SbomRenderer sbom) throws IOException {
        checkDestination();
        checkFreeSpace(overlay);
        try (CleanupOnAbort cleanup = new CleanupOnAbort(qemuImg::stopRunning)) {
            Path temp = cleanup.track(AtomicFiles.tempBeside(output));
            qemuImg.convert(overlay.path(), temp, compress);
            ImageInfo info = verifiedStandalone(temp);
            String sha256 = Sha256.of(temp);
            cleanup.moveIntoPlace(temp, output);

            BuildManifest complete = manifest.get().withOutput(
                    new BuildManifest.Output(output.toString(), sha256, info.virtualSize(), info.actualSize()));
            Path checksumFile = Sidecars.checksumFile(output);
            Path manifestFile = Sidecars.manifestFile(output);
            writeAtomically(cleanup, checksumFile, Sidecars.checksumLine(sha256, output).getBytes(StandardCharsets.US_ASCII));
            writeAtomically(cleanup, manifestFile, Sidecars.manifestJson(complete));
            if (sbom != null) {
                writeAtomically(cleanup, Sidecars.sbomFile(output), sbom.render(output, sha256));
            }
            cleanup.commit();
            return new PublishedImage(output, checksumFile, manifestFile, complete);
        } catch (IOException e) {
            throw StackbakeException.failure("publishing " + output + " failed: " + e.getMessage(),
                    "nothing was left at the output path; --verbose shows the cause", e);
        }
    }

    /** qemu-img measure's figure is the uncompressed size, an upper bound even with compression. */
    private void checkFreeSpace(Overlay overlay) throws IOException {
        long required;
        try {
            required = qemuImg.measureRequired(overlay.path());
        } catch (ProcessRunner.CommandFailedException e) {
            throw StackbakeException.failure("cannot size the output image: " + e.result().lastErrorLine(), "", e);
        }
        long available = Files.getFileStore(output.getParent()).getUsableSpace();
        if (required > available) {
            throw refused("not enough free space in " + output.getParent() + ": the image needs up to "
                    + human(required) + ", " + human(available) + " available", "free some space, or choose another -o");
        }
    }

    private ImageInfo verifiedStandalone(Path image) throws IOException {
        ImageInfo info = qemuImg.info(image);
        if (info.hasBackingFile()) {
            throw new IOException("converted image still has a backing file " + info.backingFilename());
        }
        ImageCheck check = qemuImg.check(image, "qcow2");
        if (!check.clean()) {
            throw new IOException("qemu-img check of the converted image failed: " + check.detail());
        }
        return info;
    }

    private static void writeAtomically(CleanupOnAbort cleanup, Path target, byte[] content) throws IOException {
        Path temp = cleanup.track(AtomicFiles.tempBeside(target));
        Files.write(temp, content);
        cleanup.moveIntoPlace(temp, target);
    }

    private static StackbakeException refused(String what, String hint) {
        return StackbakeException.invalidInput(what, hint);
    }

    static String human(long bytes) {
        String[] units = {"B", "KiB", "MiB", "GiB", "TiB"};
        double value = bytes;
        int unit = 0;
        while (value >= 1024 && unit < units.length - 1) {
            value /= 1024;
            unit++;
        }
        return String.format(Locale.ROOT, unit == 0 ? "%.0f %s" : "%.1f %s", value, units[unit]) + " (" + bytes + " bytes)";
    }
}
