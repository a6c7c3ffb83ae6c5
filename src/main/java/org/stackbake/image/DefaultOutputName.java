package org.stackbake.image;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.time.Clock;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;

/** The output path when {@code -o} is omitted: {@code <name>-<release>-<YYYYMMDD>.<n>.qcow2}, n the first free. */
public final class DefaultOutputName {
    private DefaultOutputName() {}

    public static Path next(Path directory, String name, String release, Clock clock) {
        String stem = name + "-" + release + "-" + LocalDate.now(clock).format(DateTimeFormatter.BASIC_ISO_DATE);
        for (int n = 1; ; n++) {
            Path candidate = directory.resolve(stem + "." + n + ".qcow2");
            if (!Files.exists(candidate, LinkOption.NOFOLLOW_LINKS)) {
                return candidate;
            }
        }
    }
}
