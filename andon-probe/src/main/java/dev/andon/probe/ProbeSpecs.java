package dev.andon.probe;

import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import tools.jackson.core.JacksonException;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.databind.DeserializationContext;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.SerializationContext;
import tools.jackson.databind.ValueDeserializer;
import tools.jackson.databind.ValueSerializer;
import tools.jackson.databind.exc.UnrecognizedPropertyException;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.module.SimpleModule;
import tools.jackson.databind.node.ObjectNode;

/**
 * The one mapping between a check type's name and its spec record, and between spec records and
 * JSON: the server stores specs as JSON, sends them to agents, and reads them from YAML through here.
 */
public final class ProbeSpecs {
    private static final Map<String, Class<? extends ProbeSpec>> TYPES = registry();
    private static final JsonMapper JSON = mapper();
    /**
     * Each type's defaults as JSON, taken from its factory with the required fields removed: a field
     * left out of a definition gets the same default in YAML, the API and code (verifyTls stays true).
     */
    private static final Map<String, ObjectNode> DEFAULTS = Map.of(
            "http", defaults(HttpSpec.get("http://placeholder"), "url"),
            "tcp", defaults(TcpSpec.of("placeholder", 1), "host", "port"),
            "dns", defaults(DnsSpec.of("placeholder", "A"), "name"),
            "tls", defaults(TlsSpec.of("placeholder"), "host"),
            "ping", defaults(PingSpec.of("placeholder"), "host"));

    private ProbeSpecs() {}

    private static Map<String, Class<? extends ProbeSpec>> registry() {
        Map<String, Class<? extends ProbeSpec>> types = new LinkedHashMap<>();
        types.put("http", HttpSpec.class);
        types.put("tcp", TcpSpec.class);
        types.put("dns", DnsSpec.class);
        types.put("tls", TlsSpec.class);
        types.put("ping", PingSpec.class);
        return types;
    }

    /** The check types probes exist for: http, tcp, dns, tls, ping. */
    public static List<String> types() {
        return List.copyOf(TYPES.keySet());
    }

    /** A mapper that reads and writes durations as "30s" and refuses unknown fields. */
    public static JsonMapper json() {
        return JSON;
    }

    private static JsonMapper mapper() {
        SimpleModule durations = new SimpleModule("andon-durations");
        durations.addSerializer(Duration.class, new ValueSerializer<>() {
            @Override
            public void serialize(Duration value, JsonGenerator generator, SerializationContext context) {
                generator.writeString(Durations.format(value));
            }
        });
        durations.addDeserializer(Duration.class, new ValueDeserializer<>() {
            @Override
            public Duration deserialize(JsonParser parser, DeserializationContext context) {
                if (parser.currentToken().isNumeric()) {
                    return Duration.ofMillis(parser.getLongValue());
                }
                String text = parser.getString();
                Duration duration = Durations.parseOrNull(text);
                if (duration == null) {
                    throw new InvalidProbeException(parser.streamReadContext().currentName(),
                            "'" + text + "' is not a duration: write it like 500ms, 30s, 5m, 1h or 2d");
                }
                return duration;
            }
        });
        return JsonMapper.builder()
                .addModule(durations)
                .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
                .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
                .build();
    }

    /**
     * Builds a spec of {@code type} from its JSON fields; a problem throws InvalidProbeException
     * naming the field as "type.field" (e.g. {@code http.expectedStatus}).
     */
    public static ProbeSpec fromJson(String type, JsonNode fields) {
        Class<? extends ProbeSpec> specClass = TYPES.get(type);
        if (specClass == null) {
            throw new InvalidProbeException("type", "'" + type + "' is not a check type: use one of " + String.join(", ", TYPES.keySet()));
        }
        if (fields == null || !fields.isObject()) {
            throw new InvalidProbeException(type, "give the " + type + " settings as a mapping");
        }
        ObjectNode merged = DEFAULTS.get(type).deepCopy();
        merged.setAll((ObjectNode) fields);
        try {
            return JSON.treeToValue(merged, specClass);
        } catch (JacksonException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof InvalidProbeException invalid) {
                    String field = invalid.field() == null ? type : invalid.field().startsWith(type + ".") ? invalid.field() : type + "." + invalid.field();
                    throw new InvalidProbeException(field, invalid.getMessage().substring(invalid.getMessage().indexOf(": ") + 2));
                }
            }
            String path = e.getPath().stream().map(reference -> reference.getPropertyName() != null
                    ? reference.getPropertyName() : "[" + reference.getIndex() + "]").reduce((a, b) -> b.startsWith("[") ? a + b : a + "." + b).orElse("");
            String field = path.isEmpty() ? type : type + "." + path;
            throw new InvalidProbeException(field, describe(e));
        }
    }

    private static String describe(JacksonException e) {
        if (e instanceof UnrecognizedPropertyException unknown) {
            return "unknown field '" + unknown.getPropertyName() + "'; known fields: "
                    + String.join(", ", unknown.getKnownPropertyIds().stream().map(String::valueOf).sorted().toList());
        }
        String message = e.getOriginalMessage();
        int cut = message.indexOf(" at [Source");
        return cut > 0 ? message.substring(0, cut) : message;
    }

    private static ObjectNode defaults(ProbeSpec template, String... required) {
        ObjectNode node = (ObjectNode) JSON.valueToTree(template);
        for (String field : required) {
            node.remove(field);
        }
        // A null default is no default: leaving it out lets the record apply its own.
        node.propertyNames().stream().filter(name -> node.get(name).isNull()).toList().forEach(node::remove);
        return node;
    }

    public static ProbeSpec fromJson(String type, String json) {
        return fromJson(type, JSON.readTree(json));
    }

    /** The spec's fields as a JSON object, without its type. */
    public static JsonNode toJson(ProbeSpec spec) {
        return JSON.valueToTree(spec);
    }

    public static String toJsonString(ProbeSpec spec) {
        return JSON.writeValueAsString(spec);
    }
}
