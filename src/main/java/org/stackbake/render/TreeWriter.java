package org.stackbake.render;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.stream.Stream;
import org.stackbake.files.FileTrees;

/**
 * Writes FileTrees under a directory, mirroring guest paths, each with a MANIFEST. Everything is
 * written into a temporary sibling and renamed into place, so the target is either the old or the
 * new content, never a mix.
 */
public final class TreeWriter {
    public static final String MANIFEST = "MANIFEST";

    public void write(FileTree tree, Path target, boolean replace) throws IOException {
        write(Map.of("", tree), target, replace);
    }

    /** Writes each tree into its own subdirectory of target (key "" = target itself). */
    public void write(Map<String, FileTree> trees, Path target, boolean replace) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        if (Files.exists(absolute) && !replace && !isEmptyDirectory(absolute)) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists and is not empty");
        }
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".tmp-");
        try {
            for (Map.Entry<String, FileTree> tree : new TreeMap<>(trees).entrySet()) {
                writeTree(tree.getValue(), Files.createDirectories(staging.resolve(tree.getKey())));
            }
            swapIn(staging, absolute);
        } finally {
            FileTrees.delete(staging);
        }
    }

    private static void writeTree(FileTree tree, Path root) throws IOException {
        for (FileEntry entry : tree.entries()) {
            Path file = root.resolve(entry.path().substring(1));
            Files.createDirectories(file.getParent());
            Files.write(file, entry.content());
            Files.setPosixFilePermissions(file, permissions(entry.mode()));
        }
        for (Map.Entry<String, Integer> dir : tree.directories().entrySet()) {
            Path path = Files.createDirectories(root.resolve(dir.getKey().substring(1)));
            Files.setPosixFilePermissions(path, permissions(dir.getValue()));
        }
        Files.writeString(root.resolve(MANIFEST), tree.manifest());
    }

    private static void swapIn(Path staging, Path target) throws IOException {
        Path old = null;
        if (Files.exists(target)) {
            old = target.resolveSibling("." + target.getFileName() + ".old-" + ProcessHandle.current().pid());
            Files.move(target, old, StandardCopyOption.ATOMIC_MOVE);
        }
        Files.move(staging, target, StandardCopyOption.ATOMIC_MOVE);
        if (old != null) {
            FileTrees.delete(old);
        }
    }

    private static boolean isEmptyDirectory(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return false;
        }
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.findAny().isEmpty();
        }
    }

    private static Set<PosixFilePermission> permissions(int mode) {
        StringBuilder text = new StringBuilder();
        String letters = "rwxrwxrwx";
        for (int bit = 8; bit >= 0; bit--) {
            text.append((mode & (1 << bit)) != 0 ? letters.charAt(8 - bit) : '-');
        }
        return PosixFilePermissions.fromString(text.toString());
    }

}
