package org.stackbake.release;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An OpenStack release as the catalog describes it: version, whether it is a SLURP release, its
 * lifecycle dates (openstack/releases' series_status) and, per EL major, which source each package
 * role comes from. A role mapped to null is deliberately not installed; a role absent from an EL
 * major's map has no known source there.
 */
public record Release(String name, String version, boolean slurp, String released, String unmaintained,
                      String endOfLife, Map<Integer, Map<String, String>> el) {

    public Release {
        el = el == null ? Map.of() : new TreeMap<>(el);
    }

    /** The EL majors the release has a source map for, ascending. */
    public List<Integer> elMajors() {
        return List.copyOf(el.keySet());
    }

    public boolean supportsElMajor(int major) {
        return el.containsKey(major);
    }

    /** The role-to-source map of one EL major (empty when the release has none). */
    public Map<String, String> sources(int major) {
        return el.getOrDefault(major, Map.of());
    }

    /** Where the release stands on {@code day}: the phase whose date has come last. */
    public Lifecycle lifecycleOn(LocalDate day) {
        if (endOfLife != null && !day.isBefore(LocalDate.parse(endOfLife))) {
            return new Lifecycle(Lifecycle.Phase.END_OF_LIFE, endOfLife, null, null);
        }
        if (unmaintained != null && !day.isBefore(LocalDate.parse(unmaintained))) {
            return new Lifecycle(Lifecycle.Phase.UNMAINTAINED, unmaintained, Lifecycle.Phase.END_OF_LIFE, endOfLife);
        }
        Lifecycle.Phase after = unmaintained != null ? Lifecycle.Phase.UNMAINTAINED
                : endOfLife != null ? Lifecycle.Phase.END_OF_LIFE : null;
        String afterDate = unmaintained != null ? unmaintained : endOfLife;
        if (day.isBefore(LocalDate.parse(released))) {
            return new Lifecycle(Lifecycle.Phase.DEVELOPMENT, null, Lifecycle.Phase.MAINTAINED, released);
        }
        return new Lifecycle(Lifecycle.Phase.MAINTAINED, released, after, afterDate);
    }
}
