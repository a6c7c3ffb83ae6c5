package org.stackbake.plan;

import java.io.IOException;
import java.nio.file.FileVisitOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.stream.Stream;
import org.stackbake.files.TarWriter;

/** Packs a host directory (a local RPM repository) as a tar that extracts at the guest root into guestDir, owned by root. */
final class DirectoryTar {

    static void write(Path hostDir, String guestDir, Path target) throws IOException {
        List<Path> paths;
        try (Stream<Path> walk = Files.walk(hostDir, FileVisitOption.FOLLOW_LINKS)) {
            paths = walk.sorted().toList();
        }
        try (TarWriter tar = TarWriter.create(target)) {
            for (Path path : paths) {
                String relative = hostDir.relativize(path).toString();
                String name = "." + guestDir + (relative.isEmpty() ? "" : "/" + relative);
                if (Files.isDirectory(path)) {
                    tar.directory(name, 0755, 0, 0, Instant.EPOCH);
                } else {
                    tar.file(name, 0644, 0, 0, Instant.EPOCH, path);
                }
            }
        }
    }

    private DirectoryTar() {}
}
