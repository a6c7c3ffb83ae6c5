package org.stackbake.spec;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * Where each value of a (merged) definition tree came from, keyed by JSON pointer
 * ({@code /network/0/ipv4/address}). Keys and values are tracked apart so that an unknown key
 * points at the key and a bad value at the value.
 */
public final class SourceMap {
    private final Map<String, Location> keys = new HashMap<>();
    private final Map<String, Location> values = new HashMap<>();
    private final Path defaultFile;

    public SourceMap(Path defaultFile) {
        this.defaultFile = defaultFile;
    }

    void putKey(String pointer, Location location) {
        keys.put(pointer, location);
    }

    void putValue(String pointer, Location location) {
        values.put(pointer, location);
    }

    /** Copies every entry of {@code other} at or below {@code pointer}, replacing what is there. */
    void overlay(SourceMap other) {
        keys.putAll(other.keys);
        values.putAll(other.values);
    }

    /** Whether the definition wrote a value at exactly this pointer. */
    boolean has(String pointer) {
        return values.containsKey(pointer);
    }

    /** The location of the value at pointer, or of its nearest ancestor that has one. */
    public Location value(String pointer) {
        return nearest(values, pointer);
    }

    /** The location of the key that names pointer, falling back to its value. */
    public Location key(String pointer) {
        Location location = keys.get(pointer);
        return location != null ? location : value(pointer);
    }

    private Location nearest(Map<String, Location> map, String pointer) {
        for (String p = pointer; ; p = parent(p)) {
            Location location = map.get(p);
            if (location != null) {
                return location;
            }
            if (p.isEmpty()) {
                return Location.of(defaultFile);
            }
        }
    }

    private static String parent(String pointer) {
        int slash = pointer.lastIndexOf('/');
        return slash <= 0 ? "" : pointer.substring(0, slash);
    }

    public static String child(String pointer, String name) {
        return pointer + "/" + name.replace("~", "~0").replace("/", "~1");
    }

    public static String child(String pointer, int index) {
        return pointer + "/" + index;
    }
}
