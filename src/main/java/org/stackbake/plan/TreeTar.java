package org.stackbake.plan;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import org.stackbake.files.TarWriter;
import org.stackbake.render.FileEntry;
import org.stackbake.render.FileTree;

/** Serialises a FileTree as a reproducible tar: sorted entries, numeric owners, one fixed mtime. */
final class TreeTar {

    /** Owners are resolved against the guest's own accounts, so the ids mean the same in the guest. */
    static void write(FileTree tree, GuestAccounts accounts, Instant mtime, Path target) throws IOException {
        try (TarWriter tar = TarWriter.create(target)) {
            // Directory entries first: tar gives an existing directory the archive's mode too.
            for (var dir : tree.directories().entrySet()) {
                tar.directory("." + dir.getKey(), dir.getValue(), accounts.uid("root"), accounts.gid("root"), mtime);
            }
            for (FileEntry entry : tree.entries()) {
                tar.file("." + entry.path(), entry.mode(), accounts.uid(entry.owner()), accounts.gid(entry.group()), mtime,
                        entry.content());
            }
        }
    }

    private TreeTar() {}
}
