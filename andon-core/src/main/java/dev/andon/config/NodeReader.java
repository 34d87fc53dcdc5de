package dev.andon.config;

import dev.andon.catalog.Slug;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import org.snakeyaml.engine.v2.api.LoadSettings;
import org.snakeyaml.engine.v2.api.lowlevel.Compose;
import org.snakeyaml.engine.v2.exceptions.Mark;
import org.snakeyaml.engine.v2.exceptions.MarkedYamlEngineException;
import org.snakeyaml.engine.v2.exceptions.ReaderException;
import org.snakeyaml.engine.v2.exceptions.YamlEngineException;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import org.snakeyaml.engine.v2.schema.CoreSchema;

/**
 * Reads typed values out of one composed YAML document. Working on nodes rather than loaded maps keeps
 * every start mark, so each problem is reported where it is, and reading goes on after a problem so
 * the user sees all of them at once. Also remembers where each field was, for checks made later.
 */
final class NodeReader {
    private final String file;
    private final List<ConfigProblem> problems;
    private final Map<String, Location> fieldLocations = new LinkedHashMap<>();
    private final Set<String> reportedFields = new HashSet<>();

    NodeReader(String file, List<ConfigProblem> problems) {
        this.file = file;
        this.problems = problems;
    }

    /**
     * Every document of a file. A syntax error is reported at its mark and ends the file, because the
     * parser cannot resynchronise; the documents before it are still returned and checked.
     */
    static List<Node> compose(SourceFile source, List<ConfigProblem> problems) {
        LoadSettings settings = LoadSettings.builder().setLabel(source.path()).setSchema(new CoreSchema()).build();
        List<Node> documents = new ArrayList<>();
        try {
            for (Node document : new Compose(settings).composeAllFromString(source.content())) {
                documents.add(document);
            }
        } catch (MarkedYamlEngineException exception) {
            Optional<Mark> mark = exception.getProblemMark().or(exception::getContextMark);
            int line = mark.map(found -> found.getLine() + 1).orElse(1);
            int column = mark.map(found -> found.getColumn() + 1).orElse(1);
            String context = exception.getContext() == null || exception.getContext().isBlank()
                    ? "" : " (" + exception.getContext().strip() + ")";
            problems.add(new ConfigProblem(source.path(), line, column, "invalid YAML: " + exception.getProblem().strip()
                    + context + ". Fix the syntax here: check indentation, quotes and brackets"));
        } catch (ReaderException exception) {
            String before = source.content().substring(0, Math.min(exception.getPosition(), source.content().length()));
            int line = (int) before.chars().filter(character -> character == '\n').count() + 1;
            int column = before.length() - before.lastIndexOf('\n');
            problems.add(new ConfigProblem(source.path(), line, column,
                    "invalid YAML: character " + String.format("U+%04X", exception.getCodePoint()) + " is not allowed: remove it"));
        } catch (YamlEngineException exception) {
            problems.add(new ConfigProblem(source.path(), 1, 1, "invalid YAML: " + exception.getMessage()));
        }
        return documents;
    }

    static boolean isEmpty(Node node) {
        return node == null || (node instanceof ScalarNode && Tag.NULL.equals(node.getTag()));
    }

    Location location(Node node) {
        Mark mark = node.getStartMark().orElseThrow();
        return new Location(file, mark.getLine() + 1, mark.getColumn() + 1);
    }

    Map<String, Location> fieldLocations() {
        return fieldLocations;
    }

    /**
     * Whether a field, a field containing it or a field inside it was already reported, so a later
     * check of the same value ("links[1].url" after "links[1]") does not repeat the problem.
     */
    boolean reported(String field) {
        return reportedFields.stream().anyMatch(reported -> encloses(reported, field) || encloses(field, reported));
    }

    private static boolean encloses(String outer, String inner) {
        return inner.equals(outer) || inner.startsWith(outer + ".") || inner.startsWith(outer + "[");
    }

    void report(Node node, String message) {
        problems.add(ConfigProblem.at(location(node), message));
    }

    void report(String field, Node node, String message) {
        reportedFields.add(field);
        report(node, message);
    }

    /**
     * The fields of a mapping by name, in order; null (reported) when the node is not a mapping.
     * Names outside {@code allowed} are reported, unless {@code allowed} is null (foreign formats
     * such as Backstage carry many fields that are simply not imported).
     */
    Map<String, Node> fields(String field, Node node, List<String> allowed) {
        if (!(node instanceof MappingNode mapping)) {
            report(field, node, field + " must be a mapping of fields (name: value)");
            return null;
        }
        Map<String, Node> fields = new LinkedHashMap<>();
        Map<String, Node> keys = new LinkedHashMap<>();
        for (NodeTuple tuple : mapping.getValue()) {
            if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                report(tuple.getKeyNode(), "a field name must be plain text, not a list or mapping");
                continue;
            }
            String name = key.getValue();
            if (keys.containsKey(name)) {
                report(key, "field '" + name + "' is given twice (first at line " + location(keys.get(name)).line()
                        + "): keep only one");
            } else if (allowed != null && !allowed.contains(name)) {
                String suggestion = allowed.stream().filter(name::equalsIgnoreCase).findFirst()
                        .map(match -> "did you mean '" + match + "'? ").orElse("");
                report(key, "unknown field '" + name + "' in " + field + ": " + suggestion
                        + "allowed fields are " + String.join(", ", allowed));
            } else {
                keys.put(name, key);
                fields.put(name, tuple.getValueNode());
            }
        }
        return fields;
    }

    /** Text of a scalar; null for an absent or null value. Numbers and booleans are taken as written. */
    String string(String field, Node node) {
        if (isEmpty(node)) {
            return null;
        }
        remember(field, node);
        if (node instanceof ScalarNode scalar) {
            return scalar.getValue();
        }
        report(field, node, field + " must be a text value, not a " + shape(node));
        return null;
    }

    /**
     * A reference to another object by slug; an invalid one is reported and returned as null. A
     * required one (a list item, a name) is also reported when empty, since it would mean nothing.
     */
    String slug(String field, Node node, boolean required) {
        String value = string(field, node);
        String problem = node == null || (value == null && !required) ? null : Slug.problem(value);
        if (problem != null && !reported(field)) {
            report(field, node, explain(field, problem));
            return null;
        }
        return value;
    }

    /** A whole number, or null (reported as {@code expectation}) when the value is something else. */
    Integer integer(String field, Node node, String expectation) {
        if (isEmpty(node)) {
            return null;
        }
        remember(field, node);
        if (node instanceof ScalarNode scalar && Tag.INT.equals(scalar.getTag())) {
            try {
                return Integer.decode(scalar.getValue().replace("0o", "0"));
            } catch (NumberFormatException exception) {
                // Too large for an int: reported below like any other non-number.
            }
        }
        report(field, node, field + " " + expectation + ", not " + describe(node));
        return null;
    }

    /** The items of a list; empty for an absent value, and a single value is reported rather than guessed at. */
    List<Node> list(String field, Node node) {
        if (isEmpty(node)) {
            return List.of();
        }
        remember(field, node);
        if (node instanceof SequenceNode sequence) {
            for (int index = 0; index < sequence.getValue().size(); index++) {
                remember(field + "[" + index + "]", sequence.getValue().get(index));
            }
            return sequence.getValue();
        }
        report(field, node, field + " must be a list (one '- item' per line or [a, b]), not " + describe(node));
        return List.of();
    }

    /** One of a fixed set of words, or null (reported with the words to use) for anything else. */
    <T> T choice(String field, Node node, Function<String, T> parse, String allowed) {
        String value = string(field, node);
        if (value == null) {
            return null;
        }
        try {
            return parse.apply(value);
        } catch (IllegalArgumentException exception) {
            report(field, node, field + " '" + value + "' is unknown: use " + allowed);
            return null;
        }
    }

    /** A list of plain texts, such as tags. */
    List<String> strings(String field, Node node) {
        List<String> values = new ArrayList<>();
        List<Node> items = list(field, node);
        for (int index = 0; index < items.size(); index++) {
            String value = string(field + "[" + index + "]", items.get(index));
            values.add(value == null ? "" : value);
        }
        return values;
    }

    void remember(String field, Node node) {
        fieldLocations.putIfAbsent(field, location(node));
    }

    /** "title is required", but "links[0].url: 'x' is not a URL". */
    static String explain(String field, String message) {
        return field + (message.startsWith("is ") || message.startsWith("must ") ? " " : ": ") + message;
    }

    private static String shape(Node node) {
        return node instanceof MappingNode ? "mapping" : node instanceof SequenceNode ? "list" : "value";
    }

    private static String describe(Node node) {
        return node instanceof ScalarNode scalar ? "'" + scalar.getValue() + "'" : "a " + shape(node);
    }
}
