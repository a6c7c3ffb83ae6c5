package org.stackbake.files;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Recursive delete, the one copy: a file, or a directory with everything below it (symlinks not followed). */
public final class FileTrees {

    private FileTrees() {}

    /** Deletes path and everything below it; a missing path is not an error. */
    public static void delete(Path path) throws IOException {
        try (Stream<Path> walk = Files.walk(path)) {
            for (Path p : walk.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        } catch (NoSuchFileException gone) {
            // Never created or already removed.
        }
    }

    /** As {@link #delete}, for cleanup paths where a failure has nothing better to do than be ignored. */
    public static void deleteQuietly(Path path) {
        try {
            if (path != null) {
                delete(path);
            }
        } catch (IOException ignored) {
            // Best effort: the caller is already cleaning up after something else.
        }
    }
}
