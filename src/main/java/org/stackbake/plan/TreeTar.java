package org.stackbake.plan;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Date;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;
import org.stackbake.render.FileEntry;
import org.stackbake.render.FileTree;

/** Serialises a FileTree as a reproducible tar: sorted entries, numeric owners, one fixed mtime. */
final class TreeTar {

    static void write(FileTree tree, GuestAccounts accounts, Instant mtime, Path target) throws IOException {
        try (OutputStream file = Files.newOutputStream(target);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            // Directory entries first: tar gives an existing directory the archive's mode too.
            for (var dir : tree.directories().entrySet()) {
                TarArchiveEntry header = new TarArchiveEntry("." + dir.getKey() + "/");
                header.setMode(TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | dir.getValue());
                header.setUserName("");
                header.setGroupName("");
                header.setUserId(accounts.uid("root"));
                header.setGroupId(accounts.gid("root"));
                header.setModTime(Date.from(mtime));
                tar.putArchiveEntry(header);
                tar.closeArchiveEntry();
            }
            for (FileEntry entry : tree.entries()) {
                byte[] content = entry.content();
                TarArchiveEntry header = new TarArchiveEntry("." + entry.path());
                header.setSize(content.length);
                header.setMode(TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | entry.mode());
                // Empty names make tar use the numeric ids, resolved against the guest's own accounts.
                header.setUserName("");
                header.setGroupName("");
                header.setUserId(accounts.uid(entry.owner()));
                header.setGroupId(accounts.gid(entry.group()));
                header.setModTime(Date.from(mtime));
                tar.putArchiveEntry(header);
                tar.write(content);
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private TreeTar() {}
}
