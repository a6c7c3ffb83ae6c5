package org.stackbake.image;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Whether a file qemu-img calls "raw" really is a disk. qemu-img has no way to reject a file as
 * raw: any bytes (a text file, an HTML error page saved as the download) are a valid raw image.
 * A real base starts with a partition table or, for an unpartitioned image, a filesystem or LVM
 * superblock, so we look for the few signatures cloud images use. Anything under 1 MiB is too
 * small to hold an operating system, whatever its first bytes say.
 */
final class DiskSignature {
    static final long MIN_DISK_BYTES = 1024 * 1024;
    private static final int HEAD_BYTES = 0x10040 + 8;

    private DiskSignature() {}

    static boolean looksLikeDisk(Path raw) throws IOException {
        if (Files.size(raw) < MIN_DISK_BYTES) {
            return false;
        }
        byte[] head;
        try (InputStream in = Files.newInputStream(raw)) {
            head = in.readNBytes(HEAD_BYTES);
        }
        return (at(head, 510, (byte) 0x55, (byte) 0xAA))     // MBR, also the protective MBR of GPT
                || at(head, 512, ascii("EFI PART"))          // GPT header, 512-byte sectors
                || at(head, 4096, ascii("EFI PART"))         // GPT header, 4 KiB sectors
                || at(head, 512, ascii("LABELONE"))          // LVM physical volume
                || at(head, 0, ascii("XFSB"))                // XFS superblock
                || at(head, 1080, (byte) 0x53, (byte) 0xEF)  // ext2/3/4 superblock magic 0xEF53
                || at(head, 0x10040, ascii("_BHRfS_M"));     // btrfs superblock
    }

    private static boolean at(byte[] head, int offset, byte... expected) {
        return head.length >= offset + expected.length
                && Arrays.equals(head, offset, offset + expected.length, expected, 0, expected.length);
    }

    private static byte[] ascii(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }
}
