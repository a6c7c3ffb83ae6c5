package org.stackbake.release;

import com.fasterxml.jackson.core.type.TypeReference;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.stackbake.files.Jackson;

/** The official base images stackbake can pull, read from the bundled bases.yaml (data, not code). */
public final class BaseCatalog {
    private static final BaseCatalog BUILT_IN = load("/org/stackbake/release/bases.yaml");

    private final Map<String, BaseImage> bases;

    private BaseCatalog(Map<String, BaseImage> bases) {
        this.bases = bases;
    }

    public static BaseCatalog builtIn() {
        return BUILT_IN;
    }

    public Optional<BaseImage> find(String name) {
        return Optional.ofNullable(bases.get(name));
    }

    /** In the file's order, which groups the distributions. */
    public List<BaseImage> all() {
        return List.copyOf(bases.values());
    }

    public List<String> names() {
        return List.copyOf(bases.keySet());
    }

    private static BaseCatalog load(String resource) {
        try (InputStream in = BaseCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            List<BaseImage> list = Jackson.YAML.readValue(in, new TypeReference<>() {});
            Map<String, BaseImage> byName = new LinkedHashMap<>();
            list.forEach(b -> byName.put(b.name(), b));
            return new BaseCatalog(byName);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
