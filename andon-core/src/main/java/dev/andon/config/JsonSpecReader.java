package dev.andon.config;

import dev.andon.alerts.AlertFields;
import dev.andon.alerts.InvalidAlertSettingException;
import dev.andon.checks.CheckFields;
import dev.andon.checks.InvalidCheckException;
import dev.andon.oncall.InvalidOnCallSettingException;
import dev.andon.oncall.OnCallFields;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.snakeyaml.engine.v2.nodes.MappingNode;
import org.snakeyaml.engine.v2.nodes.Node;
import org.snakeyaml.engine.v2.nodes.NodeTuple;
import org.snakeyaml.engine.v2.nodes.ScalarNode;
import org.snakeyaml.engine.v2.nodes.SequenceNode;
import org.snakeyaml.engine.v2.nodes.Tag;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.JsonNodeFactory;
import tools.jackson.databind.node.ObjectNode;

/**
 * Reads the spec of a kind whose fields are the API's JSON vocabulary: {@code Check} and
 * {@code Heartbeat} ({@link CheckFields}), {@code Integration} and {@code MaintenanceWindow}
 * ({@link AlertFields}), {@code User}, {@code Schedule} and {@code EscalationPolicy} ({@link OnCallFields}), so YAML and API can never disagree. The spec is turned into that JSON while
 * the node of every field path is kept, so the field a vocabulary's exception names is reported at
 * its own line and column.
 */
final class JsonSpecReader {
    /** The kinds read this way. */
    static final Set<Kind> KINDS = Set.of(Kind.USER, Kind.CHECK, Kind.HEARTBEAT, Kind.INTEGRATION, Kind.MAINTENANCE_WINDOW, Kind.SCHEDULE,
            Kind.ESCALATION_POLICY);

    /** Deeper than any probe setting goes; also ends a self-referencing alias. */
    private static final int MAX_DEPTH = 16;
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;
    /**
     * The defaults of the probe settings that are primitives (booleans and numbers), taken from each
     * type's own defaults. Absent from the YAML, they would read as null, which a primitive refuses.
     */
    private static final Pattern NOT_A_VALUE = Pattern.compile("Cannot deserialize value of type `([^`]+)` from String \"(.*)\": .*",
            Pattern.DOTALL);
    private static final Pattern WRONG_SHAPE = Pattern.compile("Cannot deserialize value of type `([^`]+)` from (\\w+) value.*",
            Pattern.DOTALL);

    private final NodeReader reader;
    private final Map<String, Node> values = new HashMap<>();
    private final Map<String, Node> keys = new HashMap<>();

    private JsonSpecReader(NodeReader reader) {
        this.reader = reader;
    }

    /**
     * The value of one of {@link #KINDS} from the known fields of its spec (unknown ones are already
     * reported), or null when it is not valid (reported) or has no valid name (reported by the caller).
     */
    static Object read(Kind kind, String name, Map<String, Node> fields, Node spec, Node document, NodeReader reader) {
        JsonSpecReader specReader = new JsonSpecReader(reader);
        ObjectNode json = NODES.objectNode();
        fields.forEach((field, node) -> json.set(field, specReader.convert(field, node, 0)));
        if (specReader.refuseWrongShapes(json)) {
            return null;
        }
        try {
            // A placeholder name still lets the rest of the spec be checked when the name was wrong.
            String slug = name == null ? "unnamed" : name;
            Object value = switch (kind) {
                case CHECK -> CheckFields.check(slug, json);
                case HEARTBEAT -> CheckFields.heartbeat(slug, json);
                case INTEGRATION -> AlertFields.integration(slug, json);
                case MAINTENANCE_WINDOW -> AlertFields.maintenanceWindow(slug, json);
                case SCHEDULE -> OnCallFields.schedule(slug, json);
                case ESCALATION_POLICY -> OnCallFields.escalationPolicy(slug, json);
                case USER -> OnCallFields.user(slug, json);
                default -> throw new IllegalArgumentException(kind + " is not read from the API's fields");
            };
            return name == null ? null : value;
        } catch (InvalidCheckException invalid) {
            String field = switch (invalid.field()) {
                // The schedule is built from one of these two fields: the one given is at fault.
                case "schedule" -> json.has("cron") ? "cron" : "period";
                default -> invalid.field();
            };
            specReader.report(field, invalid.problem(), spec, document);
            return null;
        } catch (InvalidAlertSettingException invalid) {
            specReader.report(invalid.field(), invalid.problem(), spec, document);
            return null;
        } catch (InvalidOnCallSettingException invalid) {
            specReader.report(invalid.field(), invalid.problem(), spec, document);
            return null;
        } catch (RuntimeException unexpected) {
            // Input the vocabulary did not foresee: still a problem in the file, never a failed request.
            reader.report("spec", spec != null ? spec : document, "spec cannot be read as a " + kind.yamlName() + ": "
                    + unexpected.getMessage());
            return null;
        }
    }

    /** A problem at the field's own node; "name" is the document's metadata.name. */
    private void report(String field, String problem, Node spec, Node document) {
        String written = field.equals("name") ? "metadata.name" : field;
        Node at = locate(written, problem.startsWith("unknown field"));
        reader.report(written, at != null ? at : spec != null ? spec : document, NodeReader.explain(written, readable(problem)));
    }

    /**
     * Plain scalars keep their YAML type where JSON has one (integers, true/false, null); everything
     * else, and every quoted scalar, is text, as the field vocabulary reads numbers from text itself.
     */
    private JsonNode convert(String path, Node node, int depth) {
        reader.remember(path, node);
        values.put(path, node);
        if (depth > MAX_DEPTH) {
            reader.report(path, node, path + " is nested too deeply: check the indentation");
            return NODES.nullNode();
        }
        return switch (node) {
            case MappingNode mapping -> {
                ObjectNode object = NODES.objectNode();
                for (NodeTuple tuple : mapping.getValue()) {
                    if (!(tuple.getKeyNode() instanceof ScalarNode key)) {
                        reader.report(tuple.getKeyNode(), "a field name in " + path + " must be plain text, not a list or mapping");
                        continue;
                    }
                    String child = path + "." + key.getValue();
                    if (object.has(key.getValue())) {
                        reader.report(child, key, "field '" + key.getValue() + "' is given twice in " + path + " (first at line "
                                + reader.location(keys.get(child)).line() + "): keep only one");
                        continue;
                    }
                    keys.put(child, key);
                    object.set(key.getValue(), convert(child, tuple.getValueNode(), depth + 1));
                }
                yield object;
            }
            case SequenceNode sequence -> {
                ArrayNode array = NODES.arrayNode();
                for (int index = 0; index < sequence.getValue().size(); index++) {
                    array.add(convert(path + "[" + index + "]", sequence.getValue().get(index), depth + 1));
                }
                yield array;
            }
            case ScalarNode scalar -> scalar(scalar);
            default -> NODES.nullNode();
        };
    }

    private static JsonNode scalar(ScalarNode scalar) {
        if (scalar.isPlain()) {
            if (Tag.NULL.equals(scalar.getTag())) {
                return NODES.nullNode();
            }
            if (Tag.BOOL.equals(scalar.getTag())) {
                return NODES.booleanNode(Boolean.parseBoolean(scalar.getValue()));
            }
            if (Tag.INT.equals(scalar.getTag())) {
                try {
                    long number = Long.decode(scalar.getValue().replace("0o", "0"));
                    return number == (int) number ? NODES.numberNode((int) number) : NODES.numberNode(number);
                } catch (NumberFormatException tooLarge) {
                    // Left as text: the field then says it wants a whole number, with the value as written.
                }
            }
        }
        return NODES.stringNode(scalar.getValue());
    }

    /**
     * Lists or mappings where the field vocabulary reads a single value with {@code asString()}, which
     * would fail without naming the field; reported here instead. True when any was found.
     */
    private boolean refuseWrongShapes(ObjectNode spec) {
        boolean found = false;
        for (String field : List.of("retries", "failuresToDown", "successesToUp")) {
            if (spec.has(field) && spec.get(field).isContainer()) {
                reader.report(field, values.get(field), field + " must be a whole number, not a " + shape(spec.get(field)));
                found = true;
            }
        }
        JsonNode locations = spec.get("locations");
        for (int index = 0; locations != null && locations.isArray() && index < locations.size(); index++) {
            if (locations.get(index).isContainer()) {
                String field = "locations[" + index + "]";
                reader.report(field, values.get(field), field + " must be a location name, not a " + shape(locations.get(index)));
                found = true;
            }
        }
        return found;
    }

    private static String shape(JsonNode node) {
        return node.isArray() ? "list" : "mapping";
    }

    /**
     * The node a field was written at: an unknown field at its name, any other at its value; a field
     * with no node of its own ("http.url" left out) at the nearest enclosing field that has one.
     */
    private Node locate(String field, boolean atKey) {
        if (atKey && keys.containsKey(field)) {
            return keys.get(field);
        }
        String candidate = field;
        while (candidate != null && !candidate.isEmpty()) {
            Node found = values.get(candidate);
            if (found != null) {
                return found;
            }
            int cut = Math.max(candidate.lastIndexOf('.'), candidate.lastIndexOf('['));
            candidate = cut > 0 ? candidate.substring(0, cut) : null;
        }
        return null;
    }

    /** The JSON mapper's wording for a wrong type, said the way the rest of the file's problems are. */
    static String readable(String problem) {
        if (problem.startsWith("Cannot map `null` into type")) {
            return "is required";
        }
        Matcher value = NOT_A_VALUE.matcher(problem);
        if (value.matches()) {
            String expected = expected(value.group(1));
            return expected == null ? problem : "must be " + expected + ", not '" + value.group(2) + "'";
        }
        Matcher shape = WRONG_SHAPE.matcher(problem);
        if (shape.matches()) {
            String expected = expected(shape.group(1));
            String given = switch (shape.group(2)) {
                case "Object" -> "a mapping";
                case "Array" -> "a list";
                default -> "a single value";
            };
            return expected == null ? problem : "must be " + expected + ", not " + given;
        }
        return problem;
    }

    private static String expected(String javaType) {
        Map<String, String> words = new LinkedHashMap<>();
        words.put("boolean", "true or false");
        words.put("java.lang.Boolean", "true or false");
        words.put("int", "a whole number");
        words.put("long", "a whole number");
        words.put("java.lang.Integer", "a whole number");
        words.put("java.lang.Long", "a whole number");
        words.put("java.lang.String", "text");
        words.put("java.net.URI", "a URL");
        String word = words.get(javaType);
        if (word == null && (javaType.startsWith("java.util.List") || javaType.startsWith("java.util.ArrayList"))) {
            return "a list";
        }
        if (word == null && javaType.contains("Map")) {
            return "a mapping of names to values";
        }
        if (word == null && javaType.endsWith("JsonPathAssertion")) {
            return "a mapping with path (and optionally equals)";
        }
        return word;
    }
}
