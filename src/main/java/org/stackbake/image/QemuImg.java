package org.stackbake.image;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.stackbake.files.Jackson;
import org.stackbake.files.ProcessRunner.CommandFailedException;
import org.stackbake.files.ProcessRunner.Result;
import org.stackbake.files.ProcessRunner;

/** The qemu-img subcommands the build needs, each one call through the ProcessRunner. */
public final class QemuImg {
    /** Metadata commands finish in seconds; a check of a large image may take minutes. */
    private static final Duration METADATA_TIMEOUT = Duration.ofMinutes(10);
    /** Converting a multi-GiB image with compression is slow but must not hang forever. */
    private static final Duration DEFAULT_CONVERT_TIMEOUT = Duration.ofHours(6);
    /** qemu-img convert's parallel requests (its maximum is 16); see bench/ for 1, 2, 4 and 8 measured. */
    static final int COROUTINES = 8;

    private final ProcessRunner runner;
    private final Duration convertTimeout;

    public QemuImg(ProcessRunner runner) {
        this(runner, DEFAULT_CONVERT_TIMEOUT);
    }

    public QemuImg(ProcessRunner runner, Duration convertTimeout) {
        this.runner = runner;
        this.convertTimeout = convertTimeout;
    }

    /** Format is probed by qemu-img from the content, never guessed from the file name. */
    public ImageInfo info(Path image) throws IOException {
        return ImageInfo.parse(qemuImg(METADATA_TIMEOUT, "info", "--output=json", image.toString()).stdout());
    }

    /** Never throws for a bad image: the caller decides whether a finding is fatal. */
    public ImageCheck check(Path image, String format) {
        Result result = runner.run(List.of("qemu-img", "check", "-f", format, image.toString()), METADATA_TIMEOUT);
        String summary = result.stdout().strip().lines().filter(line -> line.contains("found") || line.contains("No errors"))
                .findFirst().orElse("");
        return new ImageCheck(result.exitCode(), summary.isEmpty() ? result.lastErrorLine() : summary);
    }

    /** How many of a qcow2's clusters are allocated and how many of those compressed, by {@code qemu-img check}. */
    public ClusterCounts clusters(Path image) throws IOException {
        String json = qemuImg(METADATA_TIMEOUT, "check", "--output=json", "-f", "qcow2", image.toString()).stdout();
        var node = Jackson.JSON.readTree(json);
        return new ClusterCounts(node.path("allocated-clusters").asLong(), node.path("compressed-clusters").asLong());
    }

    /** A copy-on-write qcow2 on top of {@code base}; qemu only ever opens a backing file read-only. */
    public void createOverlay(Path base, String baseFormat, Path overlay) throws IOException {
        qemuImg(METADATA_TIMEOUT, "create", "-f", "qcow2", "-F", baseFormat, "-b", base.toAbsolutePath().toString(),
                overlay.toString());
    }

    /** Bytes a qcow2 conversion of {@code image} (with its backing chain) needs, uncompressed. */
    public long measureRequired(Path image) throws IOException {
        String json = qemuImg(METADATA_TIMEOUT, "measure", "-O", "qcow2", "--output=json", image.toString()).stdout();
        return Jackson.JSON.readTree(json).path("required").asLong();
    }

    /**
     * Writes a standalone qcow2: convert flattens the backing chain unless told otherwise. -W lets
     * the coroutines write out of order, so they compress clusters in parallel (in order, one
     * compresses while the others wait): the same data in fewer seconds. Clusters may land in
     * another order in the file; the image reads the same.
     */
    public void convert(Path source, Path target, OutputCompression compression) throws IOException {
        convert(source, "qcow2", target, compression);
    }

    /** As {@link #convert(Path, Path, OutputCompression)}, for a source of a known format (a raw base is never probed). */
    public void convert(Path source, String sourceFormat, Path target, OutputCompression compression) throws IOException {
        List<String> args = new ArrayList<>(List.of("convert", "-f", sourceFormat, "-O", "qcow2", "-W", "-m",
                String.valueOf(COROUTINES)));
        args.addAll(compression.convertOptions());
        args.add(source.toString());
        args.add(target.toString());
        qemuImg(convertTimeout, args.toArray(String[]::new));
    }

    /**
     * Writes every cluster {@code overlay} holds into {@code target}, a standalone qcow2 with the same
     * content as the overlay's backing file (a packed copy of its base): target then reads as the
     * overlay does. The overlay points at target only meanwhile (an unsafe rebase: the content is
     * the same), and at {@code backing} again afterwards, also when the commit fails.
     */
    public void commitInto(Path overlay, Path backing, String backingFormat, Path target) throws IOException {
        qemuImg(METADATA_TIMEOUT, "rebase", "-u", "-f", "qcow2", "-F", "qcow2", "-b", target.toAbsolutePath().toString(),
                overlay.toString());
        try {
            qemuImg(convertTimeout, "commit", "-f", "qcow2", "-d", overlay.toString());
        } finally {
            qemuImg(METADATA_TIMEOUT, "rebase", "-u", "-f", "qcow2", "-F", backingFormat, "-b",
                    backing.toAbsolutePath().toString(), overlay.toString());
        }
    }

    /** Stops running qemu-img children, so nothing writes to a file being cleaned up. */
    public void stopRunning() {
        runner.destroyRunning();
    }

    private Result qemuImg(Duration timeout, String... args) throws CommandFailedException {
        List<String> command = new ArrayList<>(List.of("qemu-img"));
        command.addAll(List.of(args));
        return runner.run(command, timeout).requireSuccess();
    }
}
