package org.stackbake.firstboot;

import java.io.IOException;
import java.nio.file.Path;

final class TestFiles {
    static void deleteRecursively(Path path) throws IOException {
        org.stackbake.files.FileTrees.delete(path);
    }

    private TestFiles() {}
}
