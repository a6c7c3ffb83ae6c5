package org.stackbake.release;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The releases stackbake can bake and where their packages come from, read from the bundled
 * releases.yaml (data, not code). SnakeYAML reads it (the file shares maps with anchors and merge
 * keys), Jackson turns the result into records.
 */
public final class ReleaseCatalog {
    private static final ReleaseCatalog BUILT_IN = load("/org/stackbake/release/releases.yaml");
    /** synthetic:rocky-9-bootable, synthetic:el9, synthetic:centos-stream-9: the EL major in the flavor. */
    private static final Pattern SYNTHETIC_EL = Pattern.compile("synthetic:(?:rocky|centos-stream|almalinux|rhel|el)-?(\\d+)\\b.*");

    /** The file's top level. */
    record Document(Map<String, Role> roles, List<VendorRepository> repositories, List<Artifact> artifacts,
                    Map<String, PackageSource> sources, List<Release> releases) {}

    private final Document doc;
    private final Map<String, Release> releases = new LinkedHashMap<>();
    private final Map<String, VendorRepository> repositories = new LinkedHashMap<>();

    ReleaseCatalog(Document doc) {
        this.doc = doc;
        doc.releases().stream().sorted(Comparator.comparing(Release::version)).forEach(r -> releases.put(r.name(), r));
        doc.repositories().forEach(r -> repositories.put(r.name(), r));
    }

    public static ReleaseCatalog builtIn() {
        return BUILT_IN;
    }

    public Optional<Release> find(String name) {
        return Optional.ofNullable(releases.get(name));
    }

    /** Release names, oldest first. */
    public List<String> names() {
        return List.copyOf(releases.keySet());
    }

    public Set<String> roleNames() {
        return doc.roles().keySet();
    }

    public Optional<Role> role(String name) {
        return Optional.ofNullable(doc.roles().get(name));
    }

    /** The components that come from verified downloads, each once. */
    public List<String> artifactComponents() {
        return doc.artifacts().stream().map(Artifact::component).distinct().toList();
    }

    public Optional<Artifact> artifact(String name) {
        return doc.artifacts().stream().filter(a -> a.name().equals(name)).findFirst();
    }

    public Optional<PackageSource> source(String name) {
        return Optional.ofNullable(doc.sources().get(name));
    }

    /**
     * The EL major a base reference names: a catalog base's, or the one in a synthetic flavor's
     * name; empty for an image file (known only once it is inspected).
     */
    public static Optional<Integer> elMajorOf(String base) {
        if (base == null) {
            return Optional.empty();
        }
        Optional<BaseImage> catalogBase = BaseCatalog.builtIn().find(base);
        if (catalogBase.isPresent()) {
            return Optional.of(catalogBase.get().elMajor());
        }
        Matcher m = SYNTHETIC_EL.matcher(base);
        return m.matches() ? Optional.of(Integer.parseInt(m.group(1))) : Optional.empty();
    }

    /** The EL major packages are named for: the base's, else the newest the release has sources for. */
    public static int elMajorFor(Release release, String base) {
        return elMajorOf(base).orElse(release.elMajors().isEmpty() ? 0 : release.elMajors().get(release.elMajors().size() - 1));
    }

    /**
     * Resolves roles for a release on an EL major. {@code overrides} (a definition's packageNames:)
     * replace a role's names whatever its source.
     */
    public PackageSupply supply(Release release, int elMajor, List<String> roles, Map<String, List<String>> overrides) {
        Map<String, String> sources = release.sources(elMajor);
        Map<String, List<String>> names = new LinkedHashMap<>();
        Set<VendorRepository> repos = new LinkedHashSet<>();
        Set<String> artifacts = new LinkedHashSet<>();
        List<String> unsourced = new ArrayList<>();
        String releasePackage = null;
        for (String role : new LinkedHashSet<>(roles)) {
            if (overrides.containsKey(role)) {
                names.put(role, List.copyOf(overrides.get(role)));
                continue;
            }
            if (!sources.containsKey(role)) {
                unsourced.add(role);
                names.put(role, role(role).map(Role::packages).orElse(List.of()));
                continue;
            }
            String sourceName = sources.get(role);
            if (sourceName == null) {
                continue; // deliberately not installed on this release
            }
            PackageSource source = source(sourceName).orElseThrow(() -> new IllegalStateException(
                    "releases.yaml: release " + release.name() + " names unknown source " + sourceName));
            names.put(role, source.packages().getOrDefault(role, List.of()));
            source.repositories().forEach(r -> repos.add(repository(r)));
            if (source.releasePackage() != null) {
                releasePackage = source.releasePackage();
            }
            if (source.artifact() != null) {
                artifacts.add(source.artifact());
            }
        }
        return new PackageSupply(elMajor, names, List.copyOf(repos), releasePackage, List.copyOf(artifacts), unsourced);
    }

    private VendorRepository repository(String name) {
        VendorRepository repo = repositories.get(name);
        if (repo == null) {
            throw new IllegalStateException("releases.yaml: unknown repository " + name);
        }
        return repo;
    }

    static ReleaseCatalog load(String resource) {
        try (InputStream in = ReleaseCatalog.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + resource);
            }
            Object tree = new Yaml(new SafeConstructor(new LoaderOptions())).load(in);
            return new ReleaseCatalog(new ObjectMapper().convertValue(tree, new TypeReference<Document>() {}));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
