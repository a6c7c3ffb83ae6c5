package org.stackbake.plan;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.List;
import java.util.TreeSet;
import org.stackbake.files.FileTrees;
import org.stackbake.render.FileEntry;
import org.stackbake.render.FileTree;
import org.stackbake.guest.api.GuestEditor;

/**
 * Uploads the whole rendered tree in one tar stream (one appliance round trip). Missing parent
 * directories are created first, so that directories already in the guest keep their own modes
 * (the archive carries files, and only the directories the tree gives a mode).
 */
public record UploadTree(FileTree tree, Instant mtime) implements GuestOp {

    @Override
    public String describe() {
        return "upload " + tree.size() + " files (one tar stream)";
    }

    @Override
    public OpOutcome apply(GuestEditor guest) {
        TreeSet<String> missing = parents();
        missing.removeAll(guest.existing(missing));
        for (String dir : missing) {
            // mkdirs makes the parents too: only the deepest missing directories are asked for.
            String below = missing.higher(dir);
            if (below == null || !below.startsWith(dir + "/")) {
                guest.mkdirs(dir);
            }
        }
        GuestAccounts accounts = GuestAccounts.read(guest);
        Path tar = null;
        try {
            // 0600: the archive may hold the first-boot secrets file.
            tar = Files.createTempFile("stackbake-tree-", ".tar", PosixFilePermissions.asFileAttribute(
                    PosixFilePermissions.fromString("rw-------")));
            TreeTar.write(tree, accounts, mtime, tar);
            guest.extractTar(tar);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } finally {
            FileTrees.deleteQuietly(tar);
        }
        return OpOutcome.DONE;
    }

    private TreeSet<String> parents() {
        TreeSet<String> dirs = new TreeSet<>();
        for (FileEntry entry : tree.entries()) {
            for (String p = parent(entry.path()); !p.equals("/"); p = parent(p)) {
                dirs.add(p);
            }
        }
        return dirs;
    }

    private static String parent(String path) {
        int slash = path.lastIndexOf('/');
        return slash <= 0 ? "/" : path.substring(0, slash);
    }

    @Override
    public List<String> touchedPaths() {
        List<String> paths = new java.util.ArrayList<>(tree.directories().keySet());
        tree.entries().forEach(entry -> paths.add(entry.path()));
        return paths;
    }
}
