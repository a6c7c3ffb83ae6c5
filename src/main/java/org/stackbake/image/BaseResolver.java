package org.stackbake.image;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Set;
import org.stackbake.StackbakeException;
import org.stackbake.files.DigestCache;
import org.stackbake.files.ProcessRunner.CommandFailedException;
import org.stackbake.files.ProcessRunner;
import org.stackbake.files.Sha256;

/**
 * Turns {@code --base} into a {@link ResolvedBase}: a path to a qcow2 or raw image, optionally
 * xz/gzip compressed, or {@code synthetic:<flavor>}. Everything wrong with the base is the user's
 * input and is refused with exit 2 before any work starts.
 */
public final class BaseResolver {
    public static final String SYNTHETIC_PREFIX = "synthetic:";
    private static final Set<String> FORMATS = Set.of("qcow2", "raw");

    private final QemuImg qemuImg;
    private final BaseCache cache;
    private final SyntheticBases syntheticBases;

    private final DigestCache digests;

    /** Hashes the base in full on every resolve (tests, one-off tools). */
    public BaseResolver(QemuImg qemuImg, BaseCache cache, SyntheticBases syntheticBases) {
        this(qemuImg, cache, syntheticBases, null);
    }

    /**
     * Takes the base's SHA-256 from {@code digests} while its size and mtime are unchanged: a 1 GB
     * base costs seconds to hash, and every build (and every skip check) needs its digest.
     */
    public BaseResolver(QemuImg qemuImg, BaseCache cache, SyntheticBases syntheticBases, DigestCache digests) {
        this.qemuImg = qemuImg;
        this.cache = cache;
        this.syntheticBases = syntheticBases;
        this.digests = digests;
    }

    public ResolvedBase resolve(String reference) throws IOException {
        if (reference.startsWith(SYNTHETIC_PREFIX)) {
            String flavor = reference.substring(SYNTHETIC_PREFIX.length());
            if (flavor.isBlank()) {
                throw StackbakeException.invalidInput("base " + reference + ": no flavor after 'synthetic:'",
                        "write synthetic:<flavor>, e.g. synthetic:rocky-9");
            }
            return inspect(reference, syntheticBases.ensure(flavor), true);
        }
        Path given = Path.of(reference);
        requireReadableFile(reference, given);
        Compression compression = Compression.of(given);
        if (compression == Compression.NONE) {
            return inspect(reference, given, false);
        }
        return inspect(reference, decompress(given, compression), false);
    }

    private ResolvedBase inspect(String reference, Path file, boolean synthetic) throws IOException {
        Path image = file.toAbsolutePath().normalize();
        ImageInfo info = info(reference, image);
        if (!FORMATS.contains(info.format())) {
            throw refused(reference, "unsupported image format " + info.format(),
                    "convert it first: qemu-img convert -O qcow2 " + reference + " base.qcow2");
        }
        if (info.format().equals("raw") && !DiskSignature.looksLikeDisk(image)) {
            throw refused(reference, "not a disk image (no partition table or filesystem found"
                    + (Files.size(image) < DiskSignature.MIN_DISK_BYTES ? ", and smaller than 1 MiB)" : ")"),
                    "point --base at a qcow2 or raw cloud image, e.g. a GenericCloud .qcow2");
        }
        if (info.format().equals("qcow2")) {
            requireBackingFile(reference, info);
            ImageCheck check = qemuImg.check(image, "qcow2");
            if (!check.dataIntact()) {
                throw refused(reference, "damaged qcow2 image: " + check.detail(),
                        "the file may be truncated or corrupt; download it again");
            }
        }
        return new ResolvedBase(reference, image, info.format(), digests == null ? Sha256.of(image) : digests.sha256(image),
                synthetic, info);
    }

    private ImageInfo info(String reference, Path image) throws IOException {
        try {
            return qemuImg.info(image);
        } catch (CommandFailedException e) {
            throw refused(reference, "not a readable disk image: " + e.result().lastErrorLine(),
                    "the file may be truncated or corrupt; download it again");
        }
    }

    private static void requireBackingFile(String reference, ImageInfo info) {
        info.backing().ifPresent(backing -> {
            if (!Files.isRegularFile(Path.of(backing))) {
                throw refused(reference, "its backing file " + backing + " is missing",
                        "restore it, or flatten the image: qemu-img convert -O qcow2 " + reference + " standalone.qcow2");
            }
        });
    }

    private Path decompress(Path compressed, Compression compression) throws IOException {
        String key = Sha256.of(compressed);
        try {
            return cache.decompressed(compressed, compression, key);
        } catch (IOException e) {
            throw StackbakeException.failure("cannot write the base cache " + cache.dir() + ": " + e.getMessage(),
                    "free space there, or set XDG_CACHE_HOME to another directory", e);
        }
    }

    private static void requireReadableFile(String reference, Path path) {
        if (!Files.exists(path)) {
            throw refused(reference, "no such file", "give a path to a qcow2 or raw image, or synthetic:<flavor>");
        }
        if (!Files.isRegularFile(path)) {
            throw refused(reference, "not a regular file", "give a path to a qcow2 or raw image file");
        }
        if (!Files.isReadable(path)) {
            throw refused(reference, "not readable (permission denied)", "check the file's permissions");
        }
    }

    private static StackbakeException refused(String reference, String what, String hint) {
        return StackbakeException.invalidInput("base " + reference + ": " + what, hint);
    }
}
