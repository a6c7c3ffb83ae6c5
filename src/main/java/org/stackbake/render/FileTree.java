package org.stackbake.render;

import java.util.Collection;
import java.util.Collections;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The files a build injects, sorted by guest path so every consumer sees the same order, and the
 * directories whose mode matters (state directories): those get their final mode in the image.
 */
public final class FileTree {
    private final SortedMap<String, FileEntry> entries = new TreeMap<>();
    private final SortedMap<String, Integer> directories = new TreeMap<>();

    public FileTree add(FileEntry entry) {
        if (entries.putIfAbsent(entry.path(), entry) != null) {
            throw new IllegalStateException("two files render to " + entry.path());
        }
        return this;
    }

    /** A root-owned directory with this mode in the image (created when missing, its mode set when present). */
    public FileTree addDirectory(String path, int mode) {
        if (!path.startsWith("/") || path.endsWith("/") || directories.putIfAbsent(path, mode) != null) {
            throw new IllegalArgumentException("not a new absolute directory path: " + path);
        }
        return this;
    }

    /** Directory path to mode, sorted by path. */
    public SortedMap<String, Integer> directories() {
        return Collections.unmodifiableSortedMap(directories);
    }

    public Collection<FileEntry> entries() {
        return Collections.unmodifiableCollection(entries.values());
    }

    public Optional<FileEntry> get(String path) {
        return Optional.ofNullable(entries.get(path));
    }

    public int size() {
        return entries.size();
    }

    /** The MANIFEST text: one line per file, {@code path mode owner:group sha256}; secrets show "-". */
    public String manifest() {
        StringBuilder text = new StringBuilder();
        for (FileEntry e : entries.values()) {
            text.append(e.path()).append(' ').append(e.modeOctal()).append(' ').append(e.owner()).append(':')
                    .append(e.group()).append(' ').append(e.sensitive() ? "-" : e.sha256()).append('\n');
        }
        return text.toString();
    }
}
