package org.stackbake.spec;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.StringReader;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.reader.ReaderException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

/**
 * Reads one YAML file into a Jackson tree while recording the line and column of every key and
 * value, so that later validation can point at the exact spot. Duplicate keys are errors.
 *
 * <p>Built on SnakeYAML's events so that YAML means what it says, without YAML 1.1 surprises:
 * every scalar is kept as its text (a name {@code 010} stays "010", {@code no} stays "no"; a number
 * or true/false is read from the text only where the definition wants one), an alias stands for
 * its anchor's value, merge keys ({@code <<}) are refused, and so is a key without a value ({@code
 * null}, {@code ~}, nothing, or ""), which would otherwise silently mean "absent". The file is read
 * bounded and checked to be UTF-8 first; aliases may not expand it beyond {@link #MAX_VALUES}.
 */
final class YamlTreeReader {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    private static final Set<String> NULLS = Set.of("", "~", "null", "Null", "NULL");
    /** Values aliases may expand a file to: far above any definition, far below a "billion laughs". */
    static final int MAX_VALUES = 100_000;

    record Parsed(ObjectNode root, SourceMap sources) {}

    private final Path file;
    private final SourceMap sources;
    private final Map<String, JsonNode> anchors = new HashMap<>();
    private Iterator<Event> events;
    private int values;

    private YamlTreeReader(Path file) {
        this.file = file;
        this.sources = new SourceMap(file);
    }

    static Parsed read(Path file) throws SpecException {
        String text;
        try {
            text = BoundedText.read(file, BoundedText.DEFINITION_LIMIT);
        } catch (BoundedText.Unreadable e) {
            throw new SpecException(new SpecProblem(new Location(file, e.line, e.column), e.getMessage(),
                    e.line > 0 ? "save the file as UTF-8" : "a definition is a small YAML text file"));
        }
        return new YamlTreeReader(file).parse(text);
    }

    private Parsed parse(String text) throws SpecException {
        try {
            events = new Yaml(new LoaderOptions()).parse(new StringReader(text)).iterator();
            expect(Event.ID.StreamStart);
            if (next().is(Event.ID.StreamEnd)) { // else the document starts
                throw new SpecException(new SpecProblem(Location.of(file), "the file is empty",
                        "a definition is a YAML mapping such as 'name: controller'"));
            }
            Event first = next();
            if (!first.is(Event.ID.MappingStart)) {
                throw new SpecException(new SpecProblem(at(first.getStartMark()),
                        "the top level must be a mapping of keys to values", "see README.md, 'Definition format'"));
            }
            ObjectNode root = (ObjectNode) readValue(first, "");
            expect(Event.ID.DocumentEnd);
            Event after = next();
            if (!after.is(Event.ID.StreamEnd)) {
                throw new SpecException(new SpecProblem(at(after.getStartMark()), "a second YAML document in one file",
                        "one definition per file; remove the '---' line"));
            }
            return new Parsed(root, sources);
        } catch (MarkedYAMLException e) {
            Mark mark = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            Location tab = tabIndentation(text, mark == null ? Integer.MAX_VALUE : mark.getLine() + 1);
            if (tab != null) {
                throw new SpecException(new SpecProblem(tab, "a tab indents this line", "YAML indents with spaces only"));
            }
            String problem = e.getProblem() != null ? e.getProblem() : e.getContext();
            throw new SpecException(new SpecProblem(mark == null ? Location.of(file) : at(mark),
                    "malformed YAML: " + firstLine(problem), "check indentation and quoting near this position"));
        } catch (ReaderException e) {
            // A character YAML does not allow in a file (a raw control character): named by where it is.
            String before = text.substring(0, Math.min(text.length(), text.offsetByCodePoints(0,
                    Math.min(e.getPosition(), text.codePointCount(0, text.length())))));
            int line = (int) before.chars().filter(c -> c == '\n').count() + 1;
            throw new SpecException(new SpecProblem(new Location(file, line, before.length() - before.lastIndexOf('\n')),
                    String.format("malformed YAML: character U+%04X is not allowed", e.getCodePoint()),
                    "write control characters as escapes in a double-quoted string, e.g. \"\\t\""));
        } catch (YAMLException e) {
            throw new SpecException(new SpecProblem(Location.of(file), "malformed YAML: " + firstLine(e.getMessage()),
                    "check indentation and quoting"));
        }
    }

    private Event next() {
        return events.next();
    }

    /** Consumes the structural event {@code id} (stream start, document end), which the parser always sends there. */
    private void expect(Event.ID id) {
        Event event = next();
        if (!event.is(id)) {
            throw new YAMLException("expected " + id + ", got " + event.getEventId());
        }
    }

    private JsonNode readValue(Event event, String pointer) throws SpecException {
        Location where = at(event.getStartMark());
        sources.putValue(pointer, where);
        count(1, where);
        JsonNode node;
        if (event instanceof AliasEvent alias) {
            node = alias(alias.getAnchor(), where);
        } else if (event.is(Event.ID.MappingStart)) {
            node = readObject(pointer);
        } else if (event.is(Event.ID.SequenceStart)) {
            node = readArray(pointer);
        } else if (event instanceof ScalarEvent scalar) {
            boolean plain = scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN;
            if (scalar.getValue().isEmpty() || plain && NULLS.contains(scalar.getValue())) {
                throw noValue(pointer, where);
            }
            node = NODES.textNode(scalar.getValue());
        } else {
            throw new SpecException(new SpecProblem(where, "unsupported YAML construct " + event.getEventId(),
                    "a definition holds mappings, lists and plain values"));
        }
        if (event instanceof NodeEvent named && !(event instanceof AliasEvent) && named.getAnchor() != null) {
            anchors.put(named.getAnchor(), node);
        }
        return node;
    }

    private ObjectNode readObject(String pointer) throws SpecException {
        ObjectNode object = NODES.objectNode();
        for (Event key = next(); !key.is(Event.ID.MappingEnd); key = next()) {
            Location keyAt = at(key.getStartMark());
            if (!(key instanceof ScalarEvent scalar)) {
                throw new SpecException(new SpecProblem(keyAt, "a key must be a plain name", "e.g. hostname: controller"));
            }
            String name = scalar.getValue();
            if (name.equals("<<") && scalar.getScalarStyle() == DumperOptions.ScalarStyle.PLAIN) {
                throw new SpecException(new SpecProblem(keyAt, "YAML merge keys (<<) are not supported",
                        "share settings with include: (see README.md, 'Definition format')"));
            }
            if (object.has(name)) {
                throw new SpecException(new SpecProblem(keyAt, "duplicate key '" + name + "'",
                        "each key may appear once per mapping"));
            }
            String child = SourceMap.child(pointer, name);
            sources.putKey(child, keyAt);
            object.set(name, readValue(next(), child));
        }
        return object;
    }

    private ArrayNode readArray(String pointer) throws SpecException {
        ArrayNode array = NODES.arrayNode();
        int index = 0;
        for (Event item = next(); !item.is(Event.ID.SequenceEnd); item = next()) {
            array.add(readValue(item, SourceMap.child(pointer, index++)));
        }
        return array;
    }

    /** An alias is its anchor's value, as YAML says; the copy counts against the value budget. */
    private JsonNode alias(String name, Location where) throws SpecException {
        JsonNode anchored = anchors.get(name);
        if (anchored == null) {
            throw new SpecException(new SpecProblem(where, "alias *" + name + " names no anchor before it",
                    "define '&" + name + "' on a value above this line"));
        }
        count(size(anchored), where);
        return anchored.deepCopy();
    }

    private void count(int more, Location where) throws SpecException {
        values += more;
        if (values > MAX_VALUES) {
            throw new SpecException(new SpecProblem(where, "more than " + MAX_VALUES + " values (aliases expanding?)",
                    "a definition needs far fewer; write values out instead of nesting aliases"));
        }
    }

    private static int size(JsonNode node) {
        int n = 1;
        for (JsonNode child : node) {
            n += size(child);
        }
        return n;
    }

    private static SpecException noValue(String pointer, Location where) {
        String what = pointer.isEmpty() ? "the definition" : pointer.matches(".*/\\d+") ? "item " + pointer
                : "'" + pointer.substring(pointer.lastIndexOf('/') + 1) + "'";
        return new SpecException(new SpecProblem(where, what + " has no value",
                "give it a value ({} for an empty mapping, [] for an empty list), or remove the key"));
    }

    /** The first tab in the indentation of a line up to {@code lastLine}: what a parse error there really is. */
    private Location tabIndentation(String text, int lastLine) {
        int line = 0;
        for (String content : text.split("\n", -1)) {
            if (++line > lastLine) {
                break;
            }
            int indent = content.length() - content.stripLeading().length();
            int tab = content.substring(0, indent).indexOf('\t');
            if (tab >= 0) {
                return new Location(file, line, tab + 1);
            }
        }
        return null;
    }

    private static String firstLine(String message) {
        return message == null ? "syntax error" : message.strip().lines().findFirst().orElse("syntax error");
    }

    private Location at(Mark mark) {
        return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }
}
