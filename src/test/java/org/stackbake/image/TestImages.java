package org.stackbake.image;

import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import org.apache.commons.compress.compressors.gzip.GzipCompressorOutputStream;
import org.apache.commons.compress.compressors.xz.XZCompressorOutputStream;
import org.stackbake.files.ProcessRunner;

/** Small real disk images made with qemu-img, and the commands the tests check them with. */
final class TestImages {
    static final long MIB = 1024 * 1024;
    static final ProcessRunner RUNNER = new ProcessRunner();
    static final QemuImg QEMU_IMG = new QemuImg(RUNNER);

    private TestImages() {}

    /** A sparse raw disk whose first sector carries an MBR boot signature (0x55AA at 510). */
    static Path rawDisk(Path file, long mib) throws IOException {
        run("qemu-img", "create", "-q", "-f", "raw", file.toString(), mib + "M");
        writeMbrSignature(file);
        return file;
    }

    static Path qcow2Disk(Path file, long mib) throws IOException {
        Path raw = rawDisk(file.resolveSibling(file.getFileName() + ".src.raw"), mib);
        run("qemu-img", "convert", "-O", "qcow2", raw.toString(), file.toString());
        Files.delete(raw);
        return file;
    }

    /** Incompressible content, so a compressed conversion takes a few seconds: time to interrupt it. */
    static Path randomRawDisk(Path file, long mib) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        byte[] block = new byte[(int) MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long i = 0; i < mib; i++) {
                random.nextBytes(block);
                out.write(block);
            }
        }
        writeMbrSignature(file);
        return file;
    }

    static void writeMbrSignature(Path file) throws IOException {
        try (RandomAccessFile disk = new RandomAccessFile(file.toFile(), "rw")) {
            disk.seek(510);
            disk.write(new byte[] {0x55, (byte) 0xAA});
        }
    }

    static Path xz(Path source, Path target) throws IOException {
        try (OutputStream out = new XZCompressorOutputStream(Files.newOutputStream(target), 0)) {
            Files.copy(source, out);
        }
        return target;
    }

    static Path gzip(Path source, Path target) throws IOException {
        try (OutputStream out = new GzipCompressorOutputStream(Files.newOutputStream(target))) {
            Files.copy(source, out);
        }
        return target;
    }

    static ProcessRunner.Result run(String... command) throws IOException {
        return RUNNER.run(List.of(command), Duration.ofMinutes(2)).requireSuccess();
    }
}
