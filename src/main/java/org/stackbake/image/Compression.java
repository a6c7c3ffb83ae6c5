package org.stackbake.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.apache.commons.compress.compressors.gzip.GzipCompressorInputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorInputStream;

/**
 * How a base file is compressed, told by its magic bytes rather than its name: qemu-img would
 * call a compressed image "raw", and a renamed download should still work.
 */
enum Compression {
    NONE(new byte[0]),
    XZ(new byte[] {(byte) 0xFD, '7', 'z', 'X', 'Z', 0}),
    GZIP(new byte[] {0x1F, (byte) 0x8B});

    private final byte[] magic;

    Compression(byte[] magic) {
        this.magic = magic;
    }

    static Compression of(Path file) throws IOException {
        byte[] head;
        try (InputStream in = Files.newInputStream(file)) {
            head = in.readNBytes(XZ.magic.length);
        }
        for (Compression candidate : new Compression[] {XZ, GZIP}) {
            if (head.length >= candidate.magic.length
                    && Arrays.equals(head, 0, candidate.magic.length, candidate.magic, 0, candidate.magic.length)) {
                return candidate;
            }
        }
        return NONE;
    }

    /** Multi-stream/multi-member aware: pxz and pigz write concatenated streams. */
    InputStream decompress(InputStream in) throws IOException {
        return switch (this) {
            case XZ -> new XZCompressorInputStream(in, true);
            case GZIP -> GzipCompressorInputStream.builder().setInputStream(in).setDecompressConcatenated(true).get();
            case NONE -> in;
        };
    }
}
