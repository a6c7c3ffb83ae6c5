package org.stackbake.release;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import org.stackbake.files.Jackson;

/** The releases stackbake can bake, read from the bundled releases.yaml (data, not code). */
public final class ReleaseCatalog {
    private static final ReleaseCatalog BUILT_IN = load("/org/stackbake/release/releases.yaml");

    private final Map<String, Release> releases;

    private ReleaseCatalog(Map<String, Release> releases) {
        this.releases = Collections.unmodifiableMap(new TreeMap<>(releases));
    }

    public static ReleaseCatalog builtIn() {
        return BUILT_IN;
    }

    public Optional<Release> find(String name) {
        return Optional.ofNullable(releases.get(name));
    }

    public List<String> names() {
        return List.copyOf(releases.keySet());
    }

    private static ReleaseCatalog load(String resource) {
        try (InputStream in = ReleaseCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            List<Release> list = Jackson.YAML.readValue(in, new TypeReference<>() {});
            Map<String, Release> byName = new TreeMap<>();
            list.forEach(r -> byName.put(r.name(), r));
            return new ReleaseCatalog(byName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
