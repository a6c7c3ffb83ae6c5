package org.stackbake.files;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.commons.codec.digest.DigestUtils;

/** Hex SHA-256 of a file, streamed: base images are gigabytes. */
public final class Sha256 {
    private Sha256() {}

    public static String of(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return DigestUtils.sha256Hex(in);
        }
    }
}
