package org.stackbake.spec;

import java.nio.file.Path;
import java.util.List;

/** A definition with where it came from: its file, every file it includes, and value locations. */
public record LoadedDefinition(Path path, Definition definition, SourceMap sources, List<Path> files) {

    /** The directory a relative path written at pointer is resolved against. */
    public Path baseDirFor(String pointer) {
        Path file = sources.value(pointer).file();
        Path parent = file.toAbsolutePath().getParent();
        return parent == null ? Path.of(".") : parent;
    }
}
