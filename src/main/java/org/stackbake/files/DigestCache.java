package org.stackbake.files;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.concurrent.TimeUnit;
import org.apache.commons.codec.digest.DigestUtils;
import org.stackbake.CacheDirs;

/**
 * SHA-256 of large files (bases) remembered by (absolute path, size, modification time), so an
 * unchanged base is not read again on every build. One small file per path under
 * {@code <cache>/digests/}, written by rename, so concurrent builds never see half an entry.
 */
public final class DigestCache {
    private final Path dir;

    public DigestCache(Path dir) {
        this.dir = dir;
    }

    public static DigestCache atDefaultLocation() {
        return new DigestCache(CacheDirs.fromSystem().digests());
    }

    public String sha256(Path file) throws IOException {
        Path absolute = file.toAbsolutePath().normalize();
        BasicFileAttributes attrs = Files.readAttributes(absolute, BasicFileAttributes.class);
        String stamp = attrs.size() + " " + attrs.lastModifiedTime().to(TimeUnit.NANOSECONDS);
        Path entry = dir.resolve(DigestUtils.sha256Hex(absolute.toString()));
        String cached = read(entry);
        if (cached != null && cached.startsWith(stamp + " ")) {
            return cached.substring(stamp.length() + 1).strip();
        }
        String sha256 = Sha256.of(absolute);
        write(entry, stamp + " " + sha256 + "\n");
        return sha256;
    }

    private static String read(Path entry) {
        try {
            return Files.readString(entry, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            return null;
        }
    }

    /** A cache that cannot be written only costs time next run. */
    private void write(Path entry, String content) {
        try {
            Files.createDirectories(dir);
            Path temp = Files.createTempFile(dir, ".entry-", ".tmp");
            Files.writeString(temp, content, StandardCharsets.US_ASCII);
            Files.move(temp, entry, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException ignored) {
            // Not fatal: the digest was computed; the next build computes it again.
        }
    }
}
