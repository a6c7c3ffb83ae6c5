package org.stackbake.plan;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/** Packs a host directory as a tar that extracts at the guest root into guestDir, owned by root. */
final class DirectoryTar {

    static void write(Path hostDir, String guestDir, Path target) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(hostDir, FileVisitOption.FOLLOW_LINKS)) {
            paths = walk.sorted().toList();
        }
        try (OutputStream file = Files.newOutputStream(target);
             TarArchiveOutputStream tar = new TarArchiveOutputStream(file)) {
            tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
            tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
            for (Path path : paths) {
                String relative = hostDir.relativize(path).toString();
                String name = "." + guestDir + (relative.isEmpty() ? "" : "/" + relative);
                boolean dir = Files.isDirectory(path);
                TarArchiveEntry entry = new TarArchiveEntry(dir ? name + "/" : name);
                entry.setMode((dir ? TarArchiveEntry.DEFAULT_DIR_MODE & ~0777 | 0755 : TarArchiveEntry.DEFAULT_FILE_MODE & ~0777 | 0644));
                entry.setUserName("");
                entry.setGroupName("");
                entry.setIds(0, 0);
                if (!dir) {
                    entry.setSize(Files.size(path));
                }
                tar.putArchiveEntry(entry);
                if (!dir) {
                    Files.copy(path, tar);
                }
                tar.closeArchiveEntry();
            }
            tar.finish();
        }
    }

    private DirectoryTar() {}
}
