package org.stackbake.spec;

import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.stackbake.StackbakeException;

/** Several definitions in one run must name distinct images: one name/release pair is one output. */
public final class DistinctImages {
    private DistinctImages() {}

    /** files[i] holds definitions[i]; verb says what the run makes of each ("builds", "renders"). */
    public static void require(List<Path> files, List<Definition> definitions, String verb) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < definitions.size(); i++) {
            Definition def = definitions.get(i);
            if (!seen.add(def.name() + "\0" + def.release())) {
                throw StackbakeException.invalidInput(files.get(i) + ": another definition also " + verb + " "
                        + def.name() + " of " + def.release(), "give definitions with distinct name/release pairs");
            }
        }
    }
}
