package org.stackbake.render;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.Set;
import java.util.stream.Stream;
import org.stackbake.StackbakeException;
import org.stackbake.files.FileTrees;

/**
 * Writes FileTrees under a directory, mirroring guest paths, each with a MANIFEST. Everything is
 * written into a temporary sibling and renamed into place, so the target is either the old or the
 * new content, never a mix. It replaces (with {@code replace}, --force) only an empty directory or
 * a previous render, never a file, a symlink, the working directory, a folder it was told to keep
 * (the definitions', the templates'), or a folder above any of them.
 */
public final class TreeWriter {
    public static final String MANIFEST = "MANIFEST";

    private final List<Path> keep;

    /** A writer that never replaces the working directory or a folder above it. */
    public TreeWriter() {
        this(List.of());
    }

    /** As {@link #TreeWriter()}, also keeping {@code folders} (and what is above them). */
    public TreeWriter(List<Path> folders) {
        List<Path> all = new ArrayList<>(List.of(Path.of("")));
        all.addAll(folders);
        this.keep = List.copyOf(all);
    }

    public void write(FileTree tree, Path target, boolean replace) throws IOException {
        write(Map.of("", tree), target, replace);
    }

    /** Writes each tree into its own subdirectory of target (key "" = target itself). */
    public void write(Map<String, FileTree> trees, Path target, boolean replace) throws IOException {
        Path absolute = target.toAbsolutePath().normalize();
        checkNotKept(target, absolute);
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            checkReplaceable(target, absolute, replace);
        }
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        Path staging = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".tmp-");
        try {
            for (Map.Entry<String, FileTree> tree : new TreeMap<>(trees).entrySet()) {
                writeTree(tree.getValue(), Files.createDirectories(staging.resolve(tree.getKey())));
            }
            swapIn(staging, target, absolute);
        } finally {
            FileTrees.delete(staging);
        }
    }

    /** The target may not be, nor lie above, the working directory or a kept folder (compared as real paths). */
    private void checkNotKept(Path target, Path absolute) throws IOException {
        Path real = realPath(absolute);
        for (Path folder : keep) {
            Path kept = folder.toAbsolutePath().toRealPath();
            if (kept.startsWith(real)) {
                String what = folder.toString().isEmpty() ? "the working directory" : kept.toString();
                throw StackbakeException.invalidInput("output " + target + " is " + (kept.equals(real) ? "" : "above ") + what
                        + "; render never replaces it", "give -o a folder of its own, e.g. -o rendered");
            }
        }
    }

    /** The real path of what absolute names, following symlinks in its parents but not in its last name. */
    private static Path realPath(Path absolute) throws IOException {
        Path parent = absolute.getParent();
        if (parent == null) {
            return absolute;
        }
        Path realParent = Files.exists(parent) ? parent.toRealPath() : realPath(parent);
        return realParent.resolve(absolute.getFileName());
    }

    private static void checkReplaceable(Path target, Path absolute, boolean replace) throws IOException {
        if (Files.isSymbolicLink(absolute)) {
            throw StackbakeException.invalidInput("output " + target + " is a symbolic link; render does not replace it",
                    "give the folder itself, or choose another -o");
        }
        if (!Files.isDirectory(absolute, LinkOption.NOFOLLOW_LINKS)) {
            throw StackbakeException.invalidInput("output " + target + " exists and is not a directory",
                    "choose another -o");
        }
        if (isEmptyDirectory(absolute)) {
            return;
        }
        if (!replace) {
            throw new FileAlreadyExistsException(target.toString(), null, "exists and is not empty");
        }
        if (!isPreviousRender(absolute)) {
            throw StackbakeException.invalidInput("output " + target + " is not a previous render (no " + MANIFEST
                    + " in it); --force replaces only a render", "choose another -o, or empty the folder yourself");
        }
    }

    /** A folder render wrote: its MANIFEST, or (several definitions) a MANIFEST in every release/name folder. */
    static boolean isPreviousRender(Path dir) throws IOException {
        if (Files.isRegularFile(dir.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
            return true;
        }
        List<Path> releases = children(dir);
        if (releases.isEmpty()) {
            return false;
        }
        for (Path release : releases) {
            List<Path> names = Files.isDirectory(release, LinkOption.NOFOLLOW_LINKS) ? children(release) : List.of();
            if (names.isEmpty()) {
                return false;
            }
            for (Path name : names) {
                if (!Files.isRegularFile(name.resolve(MANIFEST), LinkOption.NOFOLLOW_LINKS)) {
                    return false;
                }
            }
        }
        return true;
    }

    private static List<Path> children(Path dir) throws IOException {
        try (Stream<Path> entries = Files.list(dir)) {
            return entries.toList();
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

    /**
     * Moves what is at target aside, checks it is still what {@link #checkReplaceable} allowed
     * (else puts it back and refuses), renames the staging directory in, then deletes the old one.
     */
    private static void swapIn(Path staging, Path target, Path absolute) throws IOException {
        Path old = null;
        if (Files.exists(absolute, LinkOption.NOFOLLOW_LINKS)) {
            old = absolute.resolveSibling("." + absolute.getFileName() + ".old-" + ProcessHandle.current().pid());
            Files.move(absolute, old, StandardCopyOption.ATOMIC_MOVE);
            if (Files.isSymbolicLink(old) || !Files.isDirectory(old) || !(isEmptyDirectory(old) || isPreviousRender(old))) {
                Files.move(old, absolute);
                throw new FileAlreadyExistsException(target.toString(), null, "changed while rendering; not replaced");
            }
        }
        Files.move(staging, absolute, StandardCopyOption.ATOMIC_MOVE);
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
