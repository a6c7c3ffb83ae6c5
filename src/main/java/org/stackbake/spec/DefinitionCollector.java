package org.stackbake.spec;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Stream;

/**
 * Expands paths into the node definitions to check: files as given; directories searched for
 * .yaml files, leaving out fragments that another file there includes (they are checked through it).
 */
public final class DefinitionCollector {

    public List<Path> collect(List<Path> paths) throws IOException {
        List<Path> result = new ArrayList<>();
        for (Path path : paths) {
            if (Files.isDirectory(path)) {
                result.addAll(nodesIn(path));
            } else if (Files.exists(path)) {
                result.add(path);
            } else {
                throw new NoSuchFileException(path.toString());
            }
        }
        return result;
    }

    private List<Path> nodesIn(Path dir) throws IOException {
        Set<Path> yaml = new TreeSet<>();
        try (Stream<Path> walk = Files.walk(dir)) {
            walk.filter(p -> Files.isRegularFile(p) && p.getFileName().toString().matches(".*\\.ya?ml"))
                    .forEach(p -> yaml.add(p.normalize()));
        }
        Set<Path> included = new HashSet<>();
        DefinitionLoader loader = new DefinitionLoader();
        for (Path file : yaml) {
            try {
                loader.includedFiles(file).forEach(p -> included.add(p.toAbsolutePath().normalize()));
            } catch (SpecException e) {
                // Reported when the file itself is validated.
            }
        }
        return yaml.stream().filter(p -> !included.contains(p.toAbsolutePath().normalize())).toList();
    }
}
