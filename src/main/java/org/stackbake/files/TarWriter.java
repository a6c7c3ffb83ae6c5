package org.stackbake.files;

import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.apache.commons.compress.archivers.tar.TarConstants;

/**
 * Writes the tar archives stackbake extracts into guests: POSIX headers (long names, big numbers,
 * UTF-8), numeric owners only (empty names, so tar uses the ids, which mean the guest's accounts
 * and not the host's), entries in the order given with the mtime given.
 */
public final class TarWriter implements Closeable {
    private static final int REGULAR = 0100000;
    private static final int DIRECTORY = 0040000;
    private static final int SYMLINK = 0120000;

    private final TarArchiveOutputStream tar;

    private TarWriter(TarArchiveOutputStream tar) {
        this.tar = tar;
    }

    public static TarWriter create(Path target) throws IOException {
        OutputStream file = Files.newOutputStream(target);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(file, StandardCharsets.UTF_8.name());
        tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
        tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
        return new TarWriter(tar);
    }

    public void file(String path, int mode, int uid, int gid, Instant mtime, byte[] content) throws IOException {
        TarArchiveEntry entry = entry(new TarArchiveEntry(path), REGULAR | mode, uid, gid, mtime);
        entry.setSize(content.length);
        tar.putArchiveEntry(entry);
        tar.write(content);
        tar.closeArchiveEntry();
    }

    /** A regular file whose content is copied from a host file. */
    public void file(String path, int mode, int uid, int gid, Instant mtime, Path source) throws IOException {
        TarArchiveEntry entry = entry(new TarArchiveEntry(path), REGULAR | mode, uid, gid, mtime);
        entry.setSize(Files.size(source));
        tar.putArchiveEntry(entry);
        Files.copy(source, tar);
        tar.closeArchiveEntry();
    }

    public void directory(String path, int mode, int uid, int gid, Instant mtime) throws IOException {
        tar.putArchiveEntry(entry(new TarArchiveEntry(path.endsWith("/") ? path : path + "/"), DIRECTORY | mode, uid,
                gid, mtime));
        tar.closeArchiveEntry();
    }

    public void symlink(String path, String target, int uid, int gid, Instant mtime) throws IOException {
        TarArchiveEntry entry = entry(new TarArchiveEntry(path, TarConstants.LF_SYMLINK), SYMLINK | 0777, uid, gid, mtime);
        entry.setLinkName(target);
        tar.putArchiveEntry(entry);
        tar.closeArchiveEntry();
    }

    private static TarArchiveEntry entry(TarArchiveEntry entry, int mode, int uid, int gid, Instant mtime) {
        entry.setMode(mode);
        entry.setIds(uid, gid);
        entry.setNames("", "");
        entry.setModTime(Date.from(mtime));
        return entry;
    }

    /** Writes the end-of-archive blocks and closes the file. */
    @Override
    public void close() throws IOException {
        try (tar) {
            tar.finish();
        }
    }
}
