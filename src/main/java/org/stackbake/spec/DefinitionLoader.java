package org.stackbake.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.stackbake.files.Jackson;

/**
 * Loads a definition: reads the YAML with positions, merges {@code include:} files (the including
 * file wins; mappings merge key by key, lists and scalars are replaced), maps the tree onto
 * {@link Definition} and runs {@link DefinitionValidator}. Every failure names FILE:LINE:COL.
 */
public final class DefinitionLoader {
    static final String INCLUDE = "include";

    /** Strict: an unknown key, a null number or an unknown enum value is a problem to report. */
    private static final ObjectReader DEFINITION = Jackson.JSON.readerFor(Definition.class)
            .with(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .with(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .with(DeserializationFeature.READ_ENUMS_USING_TO_STRING);

    /** Loads and validates; structure and value problems are both reported as SpecException. */
    public LoadedDefinition load(Path path) throws SpecException {
        LoadedDefinition loaded = loadUnchecked(path);
        List<SpecProblem> problems = new DefinitionValidator(loaded).validate();
        if (!problems.isEmpty()) {
            throw new SpecException(problems);
        }
        return loaded;
    }

    /** The files a definition includes, directly or not (used to tell node files from fragments). */
    public List<Path> includedFiles(Path path) throws SpecException {
        List<Path> files = new ArrayList<>(merged(path, new LinkedHashSet<>()).files());
        files.remove(0);
        return files;
    }

    private LoadedDefinition loadUnchecked(Path path) throws SpecException {
        Merged merged = merged(path, new LinkedHashSet<>());
        try {
            Definition definition = DEFINITION.treeToValue(merged.root(), Definition.class);
            return new LoadedDefinition(path, definition, merged.sources(), merged.files());
        } catch (JsonMappingException e) {
            throw new SpecException(describe(e, merged.root(), merged.sources()));
        } catch (JsonProcessingException e) {
            throw new SpecException(new SpecProblem(Location.of(path), e.getOriginalMessage(),
                    "see README.md, 'Definition format'"));
        }
    }

    private record Merged(ObjectNode root, SourceMap sources, List<Path> files) {}

    private Merged merged(Path path, LinkedHashSet<Path> chain) throws SpecException {
        Path file = path.normalize();
        if (!Files.isRegularFile(file)) {
            throw new SpecException(new SpecProblem(Location.of(file), "no such definition file",
                    "give the path of a .yaml definition, e.g. images/epoxy/controller.yaml"));
        }
        YamlTreeReader.Parsed parsed = YamlTreeReader.read(file);
        chain.add(file.toAbsolutePath());
        List<Path> files = new ArrayList<>(List.of(file));
        ObjectNode result = null;
        SourceMap sources = new SourceMap(file);
        for (Path include : includes(parsed, file)) {
            if (chain.contains(include.toAbsolutePath())) {
                String cycle = chain.stream().map(p -> p.getFileName().toString()).collect(Collectors.joining(" -> "));
                throw new SpecException(new SpecProblem(parsed.sources().value("/" + INCLUDE),
                        "include cycle: " + cycle + " -> " + include.getFileName(),
                        "a file may not include itself, directly or through others"));
            }
            Merged included = merged(include, chain);
            files.addAll(included.files());
            result = result == null ? included.root() : (ObjectNode) merge(result, included.root());
            sources.overlay(included.sources());
        }
        chain.remove(file.toAbsolutePath());
        ObjectNode own = parsed.root().deepCopy();
        own.remove(INCLUDE);
        sources.overlay(parsed.sources());
        return new Merged(result == null ? own : (ObjectNode) merge(result, own), sources, files);
    }

    private List<Path> includes(YamlTreeReader.Parsed parsed, Path file) throws SpecException {
        JsonNode node = parsed.root().get(INCLUDE);
        if (node == null) {
            return List.of();
        }
        List<JsonNode> items = node.isArray() ? iterate(node) : List.of(node);
        List<Path> paths = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            JsonNode item = items.get(i);
            String pointer = node.isArray() ? SourceMap.child("/" + INCLUDE, i) : "/" + INCLUDE;
            if (!item.isTextual() || item.asText().isBlank()) {
                throw new SpecException(new SpecProblem(parsed.sources().value(pointer),
                        "include must be a file name or a list of file names", "e.g. include: site.yaml"));
            }
            if (!item.asText().endsWith(".yaml") && !item.asText().endsWith(".yml")) {
                // Never read (and so never quote) a file that is not a definition fragment, e.g. /etc/shadow.
                throw new SpecException(new SpecProblem(parsed.sources().value(pointer),
                        "include names a file that is not a .yaml or .yml fragment",
                        "include only definition fragments, e.g. site.yaml"));
            }
            Path base = file.toAbsolutePath().getParent();
            Path include = base.resolve(item.asText()).normalize();
            if (!Files.isRegularFile(include)) {
                throw new SpecException(new SpecProblem(parsed.sources().value(pointer),
                        "included file not found: " + item.asText(), "paths are relative to " + file.getFileName()));
            }
            paths.add(relativeIfPossible(include));
        }
        return paths;
    }

    private static Path relativeIfPossible(Path absolute) {
        Path cwd = Path.of("").toAbsolutePath();
        return absolute.startsWith(cwd) ? cwd.relativize(absolute) : absolute;
    }

    /**
     * Deep merge: mappings merge key by key; anything else in {@code over} replaces {@code under}.
     * A secret reference is replaced whole: {env: X} over {generate: true} must not become both.
     */
    private static JsonNode merge(JsonNode under, JsonNode over) {
        return merge(under, over, "");
    }

    private static JsonNode merge(JsonNode under, JsonNode over, String pointer) {
        if (!(under instanceof ObjectNode base) || !(over instanceof ObjectNode top) || pointer.matches("/secrets/[^/]+")) {
            return over;
        }
        ObjectNode result = base.deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = top.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> field = it.next();
            JsonNode existing = result.get(field.getKey());
            result.set(field.getKey(), existing == null ? field.getValue()
                    : merge(existing, field.getValue(), SourceMap.child(pointer, field.getKey())));
        }
        return result;
    }

    private static List<JsonNode> iterate(JsonNode array) {
        List<JsonNode> list = new ArrayList<>();
        array.forEach(list::add);
        return list;
    }

    private static SpecProblem describe(JsonMappingException e, JsonNode root, SourceMap sources) {
        String pointer = pointer(e.getPath());
        if (e instanceof UnrecognizedPropertyException unknown) {
            String name = unknown.getPropertyName();
            String parent = pointer.substring(0, Math.max(0, pointer.lastIndexOf('/')));
            List<String> known = unknown.getKnownPropertyIds().stream().map(Object::toString).sorted().toList();
            return new SpecProblem(sources.key(pointer), "unknown key '" + name + "'"
                    + (parent.isEmpty() ? "" : " in " + parent), Suggestions.didYouMean(name, known));
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null
                && mismatch.getTargetType().isEnum()) {
            String accepted = Arrays.stream(mismatch.getTargetType().getEnumConstants())
                    .map(Object::toString).map(DefinitionLoader::yamlName).collect(Collectors.joining(", "));
            return new SpecProblem(sources.value(pointer), "invalid value '" + root.at(pointer).asText() + "' for "
                    + lastSegment(pointer), "expected one of: " + accepted);
        }
        if (e instanceof MismatchedInputException mismatch && mismatch.getTargetType() != null) {
            return new SpecProblem(sources.value(pointer), "wrong type for " + lastSegment(pointer)
                    + ": expected " + typeName(mismatch.getTargetType()), "see README.md, 'Definition format'");
        }
        return new SpecProblem(sources.value(pointer), e.getOriginalMessage().lines().findFirst().orElse("invalid"), "");
    }

    private static String yamlName(String enumConstant) {
        return enumConstant.toLowerCase().replace('_', '-');
    }

    private static String typeName(Class<?> type) {
        if (Collection.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        if (type == Integer.class || type == int.class) {
            return "a whole number";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        return type == String.class ? "a string" : type.getSimpleName();
    }

    private static String pointer(List<JsonMappingException.Reference> path) {
        StringBuilder pointer = new StringBuilder();
        for (JsonMappingException.Reference ref : path) {
            pointer.append('/').append(ref.getFieldName() != null ? ref.getFieldName() : String.valueOf(ref.getIndex()));
        }
        return pointer.toString();
    }

    private static String lastSegment(String pointer) {
        return pointer.isEmpty() ? "the definition" : "'" + pointer.substring(pointer.lastIndexOf('/') + 1) + "'";
    }
}
