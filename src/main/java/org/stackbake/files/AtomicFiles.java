package org.stackbake.files;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one way stackbake publishes a file so it appears complete or not at all: written under a
 * hidden temporary name beside the target ({@code .NAME.tmp-PID}), flushed, renamed, and the
 * directory flushed. The pid in the name lets a later run recognise the leftovers of a run that
 * was killed before it could clean up.
 */
public final class AtomicFiles {
    private static final String TEMP_MARK = ".tmp-";

    private AtomicFiles() {}

    public static Path tempBeside(Path target) {
        return target.resolveSibling("." + target.getFileName() + TEMP_MARK + ProcessHandle.current().pid());
    }

    /** Writes a small file all or nothing, with the given permissions. */
    public static void write(Path target, byte[] content, Set<PosixFilePermission> permissions) throws IOException {
        Path temp = tempBeside(target);
        try {
            Files.write(temp, content);
            Files.setPosixFilePermissions(temp, permissions);
            moveIntoPlace(temp, target);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** Flushes a finished temporary, renames it onto target (replacing it) and flushes the directory. */
    public static void moveIntoPlace(Path temp, Path target) throws IOException {
        fsync(temp);
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
        fsync(target.toAbsolutePath().getParent());
    }

    /**
     * Flushes a finished temporary and publishes it at target only if nothing is there: a hard link
     * is created atomically or not at all, so an output that appeared meanwhile (another build) is
     * never replaced. On a filesystem without hard links, a plain rename after an existence check.
     */
    public static void linkIntoPlace(Path temp, Path target) throws IOException {
        fsync(temp);
        try {
            Files.createLink(target, temp);
            Files.delete(temp);
        } catch (FileAlreadyExistsException e) {
            throw e;
        } catch (UnsupportedOperationException | FileSystemException noHardLinks) {
            Files.move(temp, target);
        }
        fsync(target.toAbsolutePath().getParent());
    }

    /** Deletes temporaries of {@code target} whose writer no longer runs (killed with SIGKILL). */
    public static void removeStale(Path target) throws IOException {
        Pattern ours = Pattern.compile(Pattern.quote("." + target.getFileName() + TEMP_MARK) + "(\\d+)");
        Path dir = target.toAbsolutePath().getParent();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir, "." + target.getFileName() + TEMP_MARK + "*")) {
            for (Path entry : entries) {
                Matcher matcher = ours.matcher(entry.getFileName().toString());
                if (matcher.matches() && !isAlive(Long.parseLong(matcher.group(1)))) {
                    Files.deleteIfExists(entry);
                }
            }
        }
    }

    /** Works for directories too on Linux, which is how a rename is made durable. */
    static void fsync(Path path) throws IOException {
        try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
            channel.force(true);
        }
    }

    public static boolean isAlive(long pid) {
        return pid == ProcessHandle.current().pid() || ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
    }
}
