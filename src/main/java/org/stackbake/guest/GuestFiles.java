package org.stackbake.guest;

import com.redhat.et.libguestfs.GuestFS;
import com.redhat.et.libguestfs.LibGuestFSException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads a guest file exactly. download moves a file over libguestfs's chunked transfer, which costs
 * ~0.2 s per file under TCG whatever its size; pread is one round trip, but the Java binding hands
 * its bytes over as modified UTF-8 (cut at a NUL, mangled when not UTF-8). So a small file is read
 * with pread and kept only when it comes back byte for byte (its UTF-8 encoding is exactly the
 * file's size and nothing was replaced); anything else is downloaded.
 */
final class GuestFiles {
    /** Well under the protocol's 4 MB message limit. */
    static final int PREAD_LIMIT = 1 << 20;

    private GuestFiles() {}

    static byte[] read(GuestFS g, String path) throws LibGuestFSException, IOException {
        long size = g.statns(path).st_size;
        if (size == 0) {
            return new byte[0];
        }
        if (size <= PREAD_LIMIT) {
            String text = g.pread(path, (int) size, 0);
            byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
            if (bytes.length == size && text.indexOf('\uFFFD') < 0) {
                return bytes;
            }
        }
        Path local = Files.createTempFile("stackbake-read-", ".bin");
        try {
            g.download(path, local.toString());
            return Files.readAllBytes(local);
        } finally {
            Files.deleteIfExists(local);
        }
    }
}
