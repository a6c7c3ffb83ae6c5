package org.stackbake.spec;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Reads one YAML file into a Jackson tree while recording the line and column of every key and
 * value, so that later validation can point at the exact spot. Duplicate keys are errors.
 */
final class YamlTreeReader {
    private static final YAMLFactory YAML = YAMLFactory.builder().build();
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    record Parsed(ObjectNode root, SourceMap sources) {}

    static Parsed read(Path file) throws SpecException {
        SourceMap sources = new SourceMap(file);
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8);
             JsonParser parser = YAML.createParser(reader)) {
            JsonToken first = parser.nextToken();
            if (first == null) {
                throw new SpecException(new SpecProblem(Location.of(file), "the file is empty",
                        "a definition is a YAML mapping such as 'name: controller'"));
            }
            if (first != JsonToken.START_OBJECT) {
                throw new SpecException(new SpecProblem(at(file, parser.currentTokenLocation()),
                        "the top level must be a mapping of keys to values", "see README.md, 'Definition format'"));
            }
            ObjectNode root = (ObjectNode) readValue(parser, file, "", sources);
            return new Parsed(root, sources);
        } catch (JsonProcessingException e) {
            JsonLocation where = e.getLocation();
            throw new SpecException(new SpecProblem(where == null ? Location.of(file) : at(file, where),
                    "malformed YAML: " + e.getOriginalMessage().lines().findFirst().orElse("syntax error"),
                    "check indentation and quoting near this position"));
        } catch (IOException e) {
            throw new SpecException(new SpecProblem(Location.of(file), "cannot read: " + e.getMessage(), ""));
        }
    }

    private static JsonNode readValue(JsonParser p, Path file, String pointer, SourceMap sources)
            throws IOException, SpecException {
        sources.putValue(pointer, at(file, p.currentTokenLocation()));
        JsonToken token = p.currentToken();
        switch (token) {
            case START_OBJECT -> {
                ObjectNode object = NODES.objectNode();
                while (p.nextToken() == JsonToken.FIELD_NAME) {
                    String name = p.currentName();
                    String child = SourceMap.child(pointer, name);
                    Location keyAt = at(file, p.currentTokenLocation());
                    if (object.has(name)) {
                        throw new SpecException(new SpecProblem(keyAt, "duplicate key '" + name + "'",
                                "each key may appear once per mapping"));
                    }
                    sources.putKey(child, keyAt);
                    p.nextToken();
                    object.set(name, readValue(p, file, child, sources));
                }
                return object;
            }
            case START_ARRAY -> {
                ArrayNode array = NODES.arrayNode();
                int index = 0;
                while (p.nextToken() != JsonToken.END_ARRAY) {
                    array.add(readValue(p, file, SourceMap.child(pointer, index++), sources));
                }
                return array;
            }
            case VALUE_STRING -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_NUMBER_INT -> {
                return NODES.numberNode(p.getLongValue());
            }
            case VALUE_NUMBER_FLOAT -> {
                return NODES.textNode(p.getText());
            }
            case VALUE_TRUE, VALUE_FALSE -> {
                return NODES.booleanNode(token == JsonToken.VALUE_TRUE);
            }
            case VALUE_NULL -> {
                return NODES.nullNode();
            }
            default -> throw new SpecException(new SpecProblem(at(file, p.currentTokenLocation()),
                    "unsupported YAML construct " + token, ""));
        }
    }

    private static Location at(Path file, JsonLocation location) {
        return new Location(file, location.getLineNr(), location.getColumnNr());
    }

    private YamlTreeReader() {}
}
