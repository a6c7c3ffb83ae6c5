package org.stackbake.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Locale;
import org.stackbake.CacheDirs;
import org.stackbake.StackbakeException;
import org.stackbake.files.AtomicFiles;
import org.stackbake.files.CleanupOnAbort;

/**
 * Decompressed copies of compressed bases, named by the compressed file's SHA-256 so any later
 * build from the same download reuses them. An entry is written to a temporary name and renamed,
 * so a decompression that is interrupted never leaves a truncated entry to be reused.
 */
public final class BaseCache {
    private static final int BLOCK = 64 * 1024;

    private final Path dir;

    public BaseCache(Path dir) {
        this.dir = dir;
    }

    public static BaseCache atDefaultLocation() {
        return new BaseCache(CacheDirs.fromSystem().bases());
    }

    public Path dir() {
        return dir;
    }

    /** The decompressed image for {@code compressed}, decompressing only on a cache miss. */
    Path decompressed(Path compressed, Compression compression, String compressedSha256) throws IOException {
        Files.createDirectories(dir);
        Path entry = dir.resolve(compressedSha256 + ".img");
        if (Files.isRegularFile(entry)) {
            return entry;
        }
        AtomicFiles.removeStale(entry);
        try (CleanupOnAbort cleanup = new CleanupOnAbort(() -> {})) {
            Path temp = cleanup.track(AtomicFiles.tempBeside(entry));
            try (InputStream in = Files.newInputStream(compressed)) {
                writeSparse(new DecompressingReader(compression, in), temp);
            } catch (DamagedInput e) {
                throw StackbakeException.invalidInput("base " + compressed + ": cannot decompress "
                        + compression.name().toLowerCase(Locale.ROOT) + " data: " + e.getCause().getMessage(),
                        "the download may be incomplete; fetch it again");
            }
            // Read-only: nothing in stackbake writes a base, and this keeps other tools from it too.
            Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("r--r--r--"));
            cleanup.moveIntoPlace(temp, entry);
            cleanup.commit();
        }
        return entry;
    }

    /** Skips all-zero blocks instead of writing them: raw cloud images are mostly empty space. */
    private static void writeSparse(DecompressingReader in, Path target) throws IOException {
        try (FileChannel out = FileChannel.open(target, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
            byte[] block = new byte[BLOCK];
            long length = 0;
            int read;
            while ((read = in.read(block)) > 0) {
                if (isZero(block, read)) {
                    out.position(out.position() + read);
                } else {
                    out.write(ByteBuffer.wrap(block, 0, read));
                }
                length += read;
            }
            out.truncate(length);
            if (out.size() < length) {
                out.write(ByteBuffer.allocate(1), length - 1); // trailing hole: extend to full size
            }
        }
    }

    private static boolean isZero(byte[] block, int length) {
        for (int i = 0; i < length; i++) {
            if (block[i] != 0) {
                return false;
            }
        }
        return true;
    }

    /** Marks errors in the compressed data apart from errors writing the cache: one is the user's input, one is ours. */
    private static final class DamagedInput extends IOException {
        DamagedInput(IOException cause) {
            super(cause);
        }
    }

    private static final class DecompressingReader {
        private final Compression compression;
        private final InputStream compressed;
        private InputStream plain;

        DecompressingReader(Compression compression, InputStream compressed) {
            this.compression = compression;
            this.compressed = compressed;
        }

        int read(byte[] block) throws DamagedInput {
            try {
                if (plain == null) {
                    plain = compression.decompress(compressed);
                }
                return plain.readNBytes(block, 0, block.length);
            } catch (IOException e) {
                throw new DamagedInput(e);
            }
        }
    }
}
