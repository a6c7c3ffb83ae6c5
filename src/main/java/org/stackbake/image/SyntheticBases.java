package org.stackbake.image;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/** Makes (or finds already made) the small test bases named {@code synthetic:<flavor>}. */
@FunctionalInterface
public interface SyntheticBases {
    /** The flavors there are, for validation to check a definition's {@code base:} without the guest layer. */
    List<String> FLAVORS = List.of("rocky-9", "centos-stream-9", "debian-12", "rocky-9-bootable",
            "rocky-10-bootable");

    Path ensure(String flavor) throws IOException;
}
