package org.stackbake.base;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

@Tag("unit")
class ChecksumFileTest {
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(64);

    @Test
    void readsBsdLinesAndSkipsTheRest() {
        ChecksumFile file = ChecksumFile.parse("""
                -----BEGIN PGP SIGNED MESSAGE-----
                Hash: SHA256

                # AlmaLinux-9-GenericCloud-latest.x86_64.qcow2: 600000000 bytes
                SHA256 (AlmaLinux-9-GenericCloud-latest.x86_64.qcow2) = %s
                SHA256 (AlmaLinux-9-GenericCloud-9.6-20250522.x86_64.qcow2) = %s
                MD5 (AlmaLinux-9-GenericCloud-latest.x86_64.qcow2) = 0123456789abcdef0123456789abcdef
                """.formatted(A.toUpperCase(), B));
        assertEquals(Optional.of(A), file.sha256For("AlmaLinux-9-GenericCloud-latest.x86_64.qcow2"));
        assertEquals(Optional.empty(), file.sha256For("other.qcow2"), "two entries: no guessing");
    }

    @Test
    void readsSha256sumTextAndBinaryMarkers() {
        ChecksumFile file = ChecksumFile.parse(A + "  text.qcow2\r\n" + B + " *binary.qcow2\n");
        assertEquals(Optional.of(A), file.sha256For("text.qcow2"));
        assertEquals(Optional.of(B), file.sha256For("binary.qcow2"));
    }

    @Test
    void aSingleEntryFileAnswersForALatestLink() {
        ChecksumFile file = ChecksumFile.parse("SHA256 (CentOS-Stream-GenericCloud-9-20260526.0.x86_64.qcow2) = " + A);
        assertEquals(Optional.of(A), file.sha256For("CentOS-Stream-GenericCloud-9-latest.x86_64.qcow2"));
    }

    @Test
    void normalizesHex() {
        assertEquals(Optional.of(A), ChecksumFile.normalizedHex(" " + A.toUpperCase() + "\n"));
        assertEquals(Optional.empty(), ChecksumFile.normalizedHex("a".repeat(63)));
        assertEquals(Optional.empty(), ChecksumFile.normalizedHex("g".repeat(64)));
    }
}
