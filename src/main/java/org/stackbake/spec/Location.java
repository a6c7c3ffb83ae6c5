package org.stackbake.spec;

import java.nio.file.Path;

/** A position in a definition file; line and column are 1-based. */
public record Location(Path file, int line, int column) {

    public static Location of(Path file) {
        return new Location(file, 0, 0);
    }

    @Override
    public String toString() {
        return line > 0 ? file + ":" + line + ":" + column : file.toString();
    }
}
