package org.stackbake.image;

import java.util.List;
import java.util.Locale;

/**
 * How the published qcow2's clusters are compressed. zlib is what every qcow2 reader knows; zstd
 * (qemu 5.1 and later) is several times faster to write and a little smaller, but sets an
 * incompatible feature bit that older readers refuse; none writes plain clusters.
 */
public enum OutputCompression {
    ZLIB, ZSTD, NONE;

    /** As the manifest, the input key and qemu-img info's compression-type name it. */
    public String text() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** qemu-img convert's options for this choice (zlib is qemu's default compression type: not named, so any qemu-img takes it). */
    List<String> convertOptions() {
        return switch (this) {
            case ZLIB -> List.of("-c");
            case ZSTD -> List.of("-c", "-o", "compression_type=zstd");
            case NONE -> List.of();
        };
    }
}
