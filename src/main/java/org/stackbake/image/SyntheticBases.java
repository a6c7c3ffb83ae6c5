package org.stackbake.image;

import java.io.IOException;
import java.nio.file.Path;

/** Makes (or finds already made) the small test bases named {@code synthetic:<flavor>}. */
@FunctionalInterface
public interface SyntheticBases {
    Path ensure(String flavor) throws IOException;
}
