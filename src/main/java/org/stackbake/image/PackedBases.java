package org.stackbake.image;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import org.stackbake.files.AtomicFiles;

/**
 * Standalone compressed copies of bases ({@code <base sha256>.<compression>.qcow2}), each made once
 * with one qemu-img convert. A build whose overlay changed little publishes a copy of its base's
 * with the overlay's clusters committed into it, so it never compresses the unchanged gigabyte
 * again: the cost of compressing the base is paid by its first build only. The changed clusters
 * are stored uncompressed, so an overlay holding more than {@link #MAX_DELTA_SHARE} of the packed
 * size (a build-time package install) is converted whole instead. The least recently used copies
 * beyond {@link #KEEP} are deleted. A cache directory that cannot be made or written only means a
 * whole conversion. A base that was written compressed (a cloud image, a synthetic base) is its
 * own packed copy, so not even its first build compresses it.
 */
public final class PackedBases {
    /** An overlay larger than this share of the packed base is converted whole (output stays compact). */
    static final double MAX_DELTA_SHARE = 0.125;
    /** A qcow2 base with at least this share of its clusters compressed was written compressed (incompressible clusters stay plain). */
    static final double MIN_COMPRESSED_SHARE = 0.5;
    /** Packed bases kept; one per base and compression in use is what a CI needs. */
    static final int KEEP = 4;
    /** Threads of one JVM packing the same base wait for one another instead of packing it twice. */
    private static final Map<Path, Object> PACKING = new ConcurrentHashMap<>();

    private final QemuImg qemuImg;
    private final Path dir;

    public PackedBases(QemuImg qemuImg, Path dir) {
        this.qemuImg = qemuImg;
        this.dir = dir;
    }

    /** The packed copy of {@code base} to start {@code overlay}'s output from, or empty when it should be converted whole. */
    public Optional<Path> startFor(Overlay overlay, OutputCompression compression) throws IOException {
        if (compression == OutputCompression.NONE || overlay.base().sha256() == null) {
            return Optional.empty();
        }
        Path packed;
        try {
            packed = packed(overlay.base(), compression);
        } catch (FileSystemException cannotKeepOne) {
            // A cache directory that cannot be made or written must not fail a build a whole conversion can publish.
            return Optional.empty();
        }
        // What the overlay's file occupies on disk: freed (trimmed) clusters are holes, not changes.
        long delta = qemuImg.info(overlay.path()).actualSize();
        return delta <= MAX_DELTA_SHARE * Files.size(packed) ? Optional.of(packed) : Optional.empty();
    }

    Path packed(ResolvedBase base, OutputCompression compression) throws IOException {
        if (isPacked(base, compression)) {
            return base.image();
        }
        Path packed = dir.resolve(base.sha256() + "." + compression.text() + ".qcow2");
        synchronized (PACKING.computeIfAbsent(packed, p -> new Object())) {
            if (Files.isRegularFile(packed)) {
                Files.setLastModifiedTime(packed, FileTime.fromMillis(System.currentTimeMillis()));
                return packed;
            }
            Files.createDirectories(dir);
            if (!Files.isWritable(dir)) {
                throw new AccessDeniedException(dir.toString(), null, "not writable");
            }
            AtomicFiles.removeStale(packed);
            Path temp = AtomicFiles.tempBeside(packed);
            try {
                qemuImg.convert(base.image(), base.format(), temp, compression);
                AtomicFiles.moveIntoPlace(temp, packed);
            } finally {
                Files.deleteIfExists(temp);
            }
            prune(packed);
            return packed;
        }
    }

    /**
     * Whether a byte copy of the base is what packing it would write: a standalone qcow2 with nothing
     * but its content (no internal snapshots, no external data file), compressed the way asked.
     */
    private boolean isPacked(ResolvedBase base, OutputCompression compression) throws IOException {
        if (!"qcow2".equals(base.format())) {
            return false;
        }
        ImageInfo info = qemuImg.info(base.image());
        if (info.hasBackingFile() || info.internalSnapshots() || info.dataFile() != null
                || !compression.text().equals(info.compressionType())) {
            return false;
        }
        return qemuImg.clusters(base.image()).compressedShare() >= MIN_COMPRESSED_SHARE;
    }

    /** Deletes the least recently used packed bases beyond KEEP, never {@code keep}. */
    private void prune(Path keep) throws IOException {
        List<Path> all = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "*.qcow2")) {
            entries.forEach(all::add);
        }
        all.sort(Comparator.comparing(PackedBases::modified).reversed());
        for (Path old : all.subList(Math.min(KEEP, all.size()), all.size())) {
            if (!old.equals(keep)) {
                Files.deleteIfExists(old);
            }
        }
    }

    private static FileTime modified(Path file) {
        try {
            return Files.getLastModifiedTime(file);
        } catch (IOException gone) {
            return FileTime.fromMillis(0);
        }
    }
}
