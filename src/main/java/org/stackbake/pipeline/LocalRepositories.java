package org.stackbake.pipeline;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.stackbake.StackbakeException;

/** The --repo directories of an offline build: each must be an RPM repository (repodata/repomd.xml). */
final class LocalRepositories {

    private LocalRepositories() {}

    static List<Path> check(List<Path> dirs) {
        for (Path dir : dirs) {
            if (!Files.isDirectory(dir)) {
                throw StackbakeException.invalidInput("--repo " + dir + ": no such directory",
                        "give a directory made with createrepo_c (it holds repodata/repomd.xml)");
            }
            if (!Files.isRegularFile(dir.resolve("repodata/repomd.xml"))) {
                throw StackbakeException.invalidInput("--repo " + dir + ": not an RPM repository (no repodata/repomd.xml)",
                        "run createrepo_c " + dir + " first");
            }
        }
        return dirs.stream().map(d -> d.toAbsolutePath().normalize()).distinct().toList();
    }
}
