package org.stackbake.spec;

import java.util.Collection;
import java.util.Comparator;
import org.apache.commons.text.similarity.LevenshteinDistance;

/** "Did you mean" hints for misspelt keys and names. */
final class Suggestions {
    private static final LevenshteinDistance DISTANCE = new LevenshteinDistance(3);

    static String didYouMean(String given, Collection<String> candidates) {
        return candidates.stream()
                .filter(c -> DISTANCE.apply(given.toLowerCase(), c.toLowerCase()) >= 0)
                .min(Comparator.comparingInt(c -> DISTANCE.apply(given.toLowerCase(), c.toLowerCase())))
                .map(c -> "did you mean '" + c + "'?")
                .orElse("known keys: " + String.join(", ", candidates));
    }

    private Suggestions() {}
}
