package org.stackbake.guest.synthetic;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.NavigableMap;
import java.util.TreeMap;
import org.stackbake.files.TarWriter;

/**
 * A guest file tree built in memory and written as one tar, so the whole root goes into the image with a
 * single {@code tar_in} (owners and modes set per entry, independent of who runs the build on the host).
 */
public final class GuestTree {

    private enum Kind { DIR, FILE, HOST_FILE, SYMLINK }

    private record Entry(Kind kind, int mode, int uid, int gid, byte[] content, Path source, String target) {
    }

    /** Sorted by path, so every directory is extracted before what it contains. */
    private final NavigableMap<String, Entry> entries = new TreeMap<>();

    public GuestTree dir(String path, int mode) {
        return dir(path, mode, 0, 0);
    }

    public GuestTree dir(String path, int mode, int uid, int gid) {
        return put(path, new Entry(Kind.DIR, mode, uid, gid, null, null, null));
    }

    public GuestTree file(String path, int mode, String content) {
        return put(path, new Entry(Kind.FILE, mode, 0, 0, content.getBytes(StandardCharsets.UTF_8), null, null));
    }

    /** A file whose bytes are copied from the host when the tar is written (symlinks on the host followed). */
    public GuestTree hostFile(String path, int mode, Path source) {
        return put(path, new Entry(Kind.HOST_FILE, mode, 0, 0, null, source, null));
    }

    /**
     * A host program at {@code path} plus exactly the libraries ldd names, at their host paths (the loader
     * searches there), so the guest can run it.
     */
    public GuestTree hostProgram(String path, Path program) throws IOException {
        hostFile(path, 0755, program);
        for (Path library : HostTools.sharedLibraries(program)) {
            hostFile(library.toString(), 0755, library);
        }
        return this;
    }

    public GuestTree symlink(String path, String target) {
        return put(path, new Entry(Kind.SYMLINK, 0777, 0, 0, null, null, target));
    }

    /**
     * Adds an entry, creating missing parents (root, 0755) and resolving parents that are relative symlinks in
     * the tree: {@code /lib/x86_64-linux-gnu/libc.so.6} lands in {@code usr/lib/...} when {@code lib -> usr/lib}.
     * tar would otherwise replace the symlink by a directory.
     */
    private GuestTree put(String path, Entry entry) {
        String resolved = "";
        String[] parts = relative(path).split("/");
        for (int i = 0; i < parts.length - 1; i++) {
            resolved = resolveLink(resolved.isEmpty() ? parts[i] : resolved + "/" + parts[i]);
            entries.putIfAbsent(resolved, new Entry(Kind.DIR, 0755, 0, 0, null, null, null));
        }
        entries.put(resolved.isEmpty() ? parts[parts.length - 1] : resolved + "/" + parts[parts.length - 1], entry);
        return this;
    }

    private String resolveLink(String path) {
        Entry entry = entries.get(path);
        if (entry == null || entry.kind() != Kind.SYMLINK || entry.target().startsWith("/")) {
            return path;
        }
        Path parent = Path.of(path).getParent();
        return (parent == null ? Path.of(entry.target()) : parent.resolve(entry.target())).normalize().toString();
    }

    private static String relative(String path) {
        String stripped = path.replaceAll("^/+|/+$", "");
        if (stripped.isEmpty() || stripped.contains("..")) {
            throw new IllegalArgumentException("bad guest path: " + path);
        }
        return stripped;
    }

    /** Writes the tree as a POSIX tar, numeric owners only (the guest's names may differ from the host's). */
    public void writeTar(Path tar) throws IOException {
        Instant now = Instant.now();
        try (TarWriter out = TarWriter.create(tar)) {
            for (var e : entries.entrySet()) {
                writeEntry(out, e.getKey(), e.getValue(), now);
            }
        }
    }

    private static void writeEntry(TarWriter out, String path, Entry e, Instant mtime) throws IOException {
        switch (e.kind()) {
            case DIR -> out.directory(path, e.mode(), e.uid(), e.gid(), mtime);
            case SYMLINK -> out.symlink(path, e.target(), e.uid(), e.gid(), mtime);
            case FILE -> out.file(path, e.mode(), e.uid(), e.gid(), mtime, e.content());
            case HOST_FILE -> out.file(path, e.mode(), e.uid(), e.gid(), mtime, e.source());
        }
    }
}
