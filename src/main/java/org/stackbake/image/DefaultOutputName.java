package org.stackbake.image;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import org.stackbake.StackbakeException;
import org.stackbake.files.AtomicFiles;

/**
 * The output path when {@code -o} is omitted: {@code <name>-<release>-<YYYYMMDD>.<n>.qcow2}, n the
 * first number neither published nor reserved. Choosing a number reserves it
 * ({@code .NAME.reserved}, holding this process's id) until the image is published or this process
 * ends, so builds running at once into one folder each get their own number. The choice is made
 * under a lock on {@code .stackbake-names.lock} in the folder (and a lock within this JVM), which
 * is also what lets a reservation of a process that died be taken over safely.
 */
public final class DefaultOutputName {
    static final String LOCK_FILE = ".stackbake-names.lock";
    private static final Object IN_THIS_JVM = new Object();

    private DefaultOutputName() {}

    /** Chooses and reserves the next name in {@code directory}, creating the directory (as mkdir -p) when missing. */
    public static Path next(Path directory, String name, String release, Clock clock) {
        String stem = name + "-" + release + "-" + LocalDate.now(clock).format(DateTimeFormatter.BASIC_ISO_DATE);
        Path dir = directory.toAbsolutePath().normalize();
        try {
            createDirectories(dir);
            synchronized (IN_THIS_JVM) {
                try (FileChannel lockFile = FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                        StandardOpenOption.WRITE); FileLock lock = lockFile.lock()) {
                    for (int n = 1; ; n++) {
                        Path candidate = directory.resolve(stem + "." + n + ".qcow2");
                        if (isFree(candidate)) {
                            reserve(candidate);
                            return candidate;
                        }
                    }
                }
            }
        } catch (IOException e) {
            throw StackbakeException.failure("cannot choose an output name in " + dir + ": " + e.getMessage(), "", e);
        }
    }

    /** Drops this process's reservation of {@code output} once it is published (or given up). */
    public static void release(Path output) throws IOException {
        Path reservation = reservationOf(output);
        if (ProcessHandle.current().pid() == owner(reservation)) {
            Files.deleteIfExists(reservation);
        }
    }

    static Path reservationOf(Path output) {
        return output.resolveSibling("." + output.getFileName() + ".reserved");
    }

    private static void createDirectories(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw StackbakeException.invalidInput("output directory " + dir + " is not a directory",
                    "choose another --output-dir");
        }
        Files.createDirectories(dir);
        if (!Files.isWritable(dir)) {
            throw StackbakeException.invalidInput("output directory " + dir + " is not writable",
                    "choose another --output-dir");
        }
    }

    /** Free: no image, no sidecar of one, and no reservation by a live process (a dead one's is removed). */
    private static boolean isFree(Path candidate) throws IOException {
        for (Path taken : new Path[] {candidate, Sidecars.checksumFile(candidate), Sidecars.manifestFile(candidate),
                Sidecars.sbomFile(candidate)}) {
            if (Files.exists(taken, LinkOption.NOFOLLOW_LINKS)) {
                return false;
            }
        }
        Path reservation = reservationOf(candidate);
        long owner = owner(reservation);
        if (owner == 0) {
            return true;
        }
        if (AtomicFiles.isAlive(owner)) {
            return false;
        }
        Files.deleteIfExists(reservation);
        return true;
    }

    private static void reserve(Path candidate) throws IOException {
        Path reservation = reservationOf(candidate);
        Files.writeString(reservation, ProcessHandle.current().pid() + "\n", StandardCharsets.US_ASCII,
                StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        // A build that fails or is stopped gives its number back when the JVM exits.
        reservation.toFile().deleteOnExit();
    }

    /** The reserving process's id; 0 when there is no reservation, -1 (no process) for one cut short by a kill. */
    private static long owner(Path reservation) throws IOException {
        try {
            return Long.parseLong(Files.readString(reservation, StandardCharsets.US_ASCII).strip());
        } catch (NoSuchFileException e) {
            return 0;
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
