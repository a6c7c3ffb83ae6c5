package org.stackbake.image;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
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
 * the output path never holds a partial image or an image without its sidecars. Publishing never
 * replaces what it did not expect: a new output is linked into place atomically only if nothing is
 * there (so a concurrent build's image survives), and --force replaces only the previous build's
 * image found when the build started.
 */
public final class ImagePublisher {
    private final QemuImg qemuImg;
    private final Path output;
    private final boolean force;
    private final OutputCompression compression;
    private final PackedBases packedBases;
    private boolean looked;
    /** The file key of the previous image found at the output by the first check, which --force may replace. */
    private Object found;

    /** Renders the SBOM once the image's digest is known (the document's namespace derives from it). */
    public interface SbomRenderer {
        byte[] render(Path image, String sha256);
    }

    public ImagePublisher(QemuImg qemuImg, Path output, boolean force, OutputCompression compression) {
        this(qemuImg, output, force, compression, null);
    }

    /** With {@code packedBases}, an overlay that changed little is committed into its base's packed copy (see PackedBases). */
    public ImagePublisher(QemuImg qemuImg, Path output, boolean force, OutputCompression compression, PackedBases packedBases) {
        this.qemuImg = qemuImg;
        this.output = output.toAbsolutePath().normalize();
        this.force = force;
        this.compression = compression;
        this.packedBases = packedBases;
    }

    public Path output() {
        return output;
    }

    /**
     * The cheap checks, for the build to run before any guest work (exit 2 on a problem); also
     * removes temporaries beside the output left by an earlier run that was killed. The first call
     * notes what is at the output; a later one (publishing calls it again) refuses if that changed,
     * since it is then another build's.
     */
    public void checkDestination() throws IOException {
        if (Files.isDirectory(output)) {
            throw refused("output " + output + " is a directory", "give a file name with -o");
        }
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
        Object now = fileKey(output);
        if (looked) {
            if (!Objects.equals(now, found)) {
                throw appearedMeanwhile();
            }
        } else {
            checkReplaceable(now != null);
            found = now;
            looked = true;
        }
        for (Path target : new Path[] {output, Sidecars.checksumFile(output), Sidecars.manifestFile(output),
                Sidecars.sbomFile(output)}) {
            AtomicFiles.removeStale(target);
        }
    }

    /**
     * --force replaces only a previous build: a regular file with its manifest beside it, and
     * sidecars that are regular files. Never a symlink (nor what it points to), a device, or a
     * file of another kind; without --force, nothing at all, sidecars included.
     */
    private void checkReplaceable(boolean exists) throws IOException {
        if (!exists) {
            for (Path sidecar : sidecars()) {
                if (Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS)) {
                    throw refused(sidecar + " exists without its image", "remove it, or choose another -o");
                }
            }
            return;
        }
        if (!force) {
            throw refused("output " + output + " exists", "--force replaces it, or choose another -o");
        }
        BasicFileAttributes attributes = Files.readAttributes(output, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isSymbolicLink()) {
            throw refused("output " + output + " is a symbolic link; --force does not replace it", "give the path of the file"
                    + " itself, or choose another -o");
        }
        if (!attributes.isRegularFile()) {
            throw refused("output " + output + " is not a regular file; --force does not replace it", "choose another -o");
        }
        if (!Files.isRegularFile(Sidecars.manifestFile(output), LinkOption.NOFOLLOW_LINKS)) {
            throw refused("output " + output + " is not an image stackbake built (no " + Sidecars.manifestFile(output).getFileName()
                    + " beside it); --force does not replace it", "--force replaces only a previous build; choose another -o");
        }
        for (Path sidecar : sidecars()) {
            if (Files.exists(sidecar, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(sidecar, LinkOption.NOFOLLOW_LINKS)) {
                throw refused(sidecar + " is not a regular file; --force does not replace it", "choose another -o");
            }
        }
    }

    private List<Path> sidecars() {
        return List.of(Sidecars.checksumFile(output), Sidecars.manifestFile(output), Sidecars.sbomFile(output));
    }

    /** The file's identity (device and inode), null when nothing is there; a symlink is itself, not its target. */
    private static Object fileKey(Path path) throws IOException {
        try {
            return Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS).fileKey();
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    private StackbakeException appearedMeanwhile() {
        return appearedMeanwhile("output " + output);
    }

    private static StackbakeException appearedMeanwhile(String what) {
        return StackbakeException.failure(what + " was written by someone else while this build ran; it was not replaced",
                "another build used the same -o; build again with another -o", null);
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
            Optional<Path> packed = packedBases == null ? Optional.empty() : packedBases.startFor(overlay, compression);
            if (packed.isPresent()) {
                Files.copy(packed.get(), temp, StandardCopyOption.REPLACE_EXISTING);
                qemuImg.commitInto(overlay.path(), overlay.base().image(), overlay.base().format(), temp);
            } else {
                qemuImg.convert(overlay.path(), temp, compression);
            }
            ImageInfo info = verifiedStandalone(temp);
            String sha256 = Sha256.of(temp);
            // Replacing is only for the previous build --force was given for; anything else must not be there.
            boolean replacing = found != null;
            if (replacing) {
                checkDestination();
                cleanup.moveIntoPlace(temp, output);
            } else {
                cleanup.linkIntoPlace(temp, output);
            }

            BuildManifest complete = manifest.get().withOutput(
                    new BuildManifest.Output(output.toString(), sha256, info.virtualSize(), info.actualSize(),
                            compression.text(), packed.isPresent()));
            Path checksumFile = Sidecars.checksumFile(output);
            Path manifestFile = Sidecars.manifestFile(output);
            writeAtomically(cleanup, checksumFile, Sidecars.checksumLine(sha256, output).getBytes(StandardCharsets.US_ASCII),
                    replacing);
            writeAtomically(cleanup, manifestFile, Sidecars.manifestJson(complete), replacing);
            if (sbom != null) {
                writeAtomically(cleanup, Sidecars.sbomFile(output), sbom.render(output, sha256), replacing);
            } else if (replacing) {
                Files.deleteIfExists(Sidecars.sbomFile(output)); // the replaced image's, not this one's
            }
            cleanup.commit();
            DefaultOutputName.release(output);
            return new PublishedImage(output, checksumFile, manifestFile, complete);
        } catch (FileAlreadyExistsException e) {
            throw appearedMeanwhile(e.getFile().equals(output.toString()) ? "output " + output : e.getFile());
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
        if (compression != OutputCompression.NONE && !compression.text().equals(info.compressionType())) {
            throw new IOException("converted image's compression type is " + info.compressionType() + ", not "
                    + compression.text() + " (does this qemu-img know " + compression.text() + "?)");
        }
        ImageCheck check = qemuImg.check(image, "qcow2");
        if (!check.clean()) {
            throw new IOException("qemu-img check of the converted image failed: " + check.detail());
        }
        return info;
    }

    private static void writeAtomically(CleanupOnAbort cleanup, Path target, byte[] content, boolean replace)
            throws IOException {
        Path temp = cleanup.track(AtomicFiles.tempBeside(target));
        Files.write(temp, content);
        if (replace) {
            cleanup.moveIntoPlace(temp, target);
        } else {
            cleanup.linkIntoPlace(temp, target);
        }
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
