package org.stackbake.guest;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import org.stackbake.files.FileTrees;
import org.stackbake.files.TarWriter;
import org.stackbake.guest.api.GuestSession;
import org.stackbake.guest.api.MountScope;

/**
 * Real libguestfs, one launch on an overlay of the synthetic Rocky base: the shortcuts that make a
 * build fast must not change what it reads or where it writes. A scoped session leaves /boot
 * unmounted; the batched existence check answers like exists; reads are byte-exact whatever the
 * bytes (pread for small text, download for the rest); the rpm query reads the guest's database.
 */
@Tag("libguestfs")
class GuestSessionIntegrationTest {

    @Test
    void scopedSessionReadsExactlyAndAnswersExistenceInBatches() throws Exception {
        Path base = GuestTestSupport.syntheticBase("rocky-9");
        Path work = Files.createTempDirectory("stackbake-session-");
        try {
            Path overlay = GuestTestSupport.overlayOf(base, work.resolve("overlay.qcow2"));
            byte[] big = new byte[GuestFiles.PREAD_LIMIT + 4096];
            new Random(7).nextBytes(big);
            Map<String, byte[]> files = new LinkedHashMap<>();
            files.put("/root/utf8", "host é — ✓ done\n".getBytes(StandardCharsets.UTF_8));
            files.put("/root/nul", new byte[] {'a', 0, 'b'});
            files.put("/root/latin1", new byte[] {'c', 'a', 'f', (byte) 0xE9, (byte) 0xFF});
            files.put("/root/emoji", "smile 😀\n".getBytes(StandardCharsets.UTF_8));
            files.put("/root/replacement", "\uFFFD".getBytes(StandardCharsets.UTF_8));
            files.put("/root/empty", new byte[0]);
            files.put("/root/big", big);
            Path tar = work.resolve("files.tar");
            try (TarWriter writer = TarWriter.create(tar)) {
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    writer.file(file.getKey().substring(1), 0644, 0, 0, Instant.EPOCH, file.getValue());
                }
            }

            try (GuestSession guest = new LibguestfsBackend().open(overlay, "qcow2", false, GuestTestSupport.accel(),
                    line -> { }, false, MountScope.holding(List.of("/etc", "/root")))) {
                assertTrue(guest.exists("/etc/fstab"));
                assertFalse(guest.exists("/boot/efi/EFI/rocky"), "/boot is out of scope and stays unmounted");

                assertEquals(List.of("/", "/etc", "/etc/fstab", "/etc/os-release", "/etc/NetworkManager"),
                        guest.existing(List.of("/", "/etc", "/etc/fstab", "/etc/nosuch", "/nosuchdir/x",
                                "/etc/os-release", "/etc/NetworkManager", "/etc/fstab/below-a-file")));

                guest.extractTar(tar);
                for (Map.Entry<String, byte[]> file : files.entrySet()) {
                    assertArrayEquals(file.getValue(), guest.readBytes(file.getKey()), file.getKey());
                }

                String names = guest.queryRpm("%{NAME}\\n").orElseThrow();
                assertEquals(List.of("rocky-release"), names.lines().toList(), "the base's rpm database, read by rpm");
            }
        } finally {
            FileTrees.delete(work);
        }
    }
}
