package dev.andon.server.alerts;

import dev.andon.alerts.AlertAction;
import dev.andon.alerts.AlertEvent;
import dev.andon.alerts.AlertImage;
import dev.andon.alerts.AlertLink;
import dev.andon.alerts.ChangeEvent;
import dev.andon.alerts.Severity;
import java.io.StringWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import tools.jackson.core.JsonGenerator;
import tools.jackson.core.JsonParser;
import tools.jackson.core.JsonToken;
import tools.jackson.core.json.JsonFactory;

/**
 * An {@link Intake} as the JSON text the inbox stores, and back. Written field by field with
 * Jackson's streaming API: every accepted event is written once and read once, and data binding
 * (reflection over the records) cost several times as much. A change event's routing key (its
 * integration's secret key) is not stored: the event is already tied to its integration.
 */
final class IntakeCodec {
    private static final JsonFactory JSON = JsonFactory.builder().build();

    private IntakeCodec() {}

    static String write(Intake item) {
        StringWriter text = new StringWriter(512);
        try (JsonGenerator out = JSON.createGenerator(text)) {
            out.writeStartObject();
            switch (item) {
                case Intake.Alert alert -> {
                    out.writeStringProperty("type", "alert");
                    number(out, "integration", alert.integrationId());
                    out.writeStringProperty("origin", alert.origin());
                    string(out, "originRef", alert.originRef());
                    out.writeNumberProperty("service", alert.serviceId());
                    out.writeStringProperty("receivedAt", alert.receivedAt().toString());
                    string(out, "autoResolveAfter", alert.autoResolveAfter() == null ? null : alert.autoResolveAfter().toString());
                    string(out, "actor", alert.actor());
                    out.writeName("event");
                    event(out, alert.event());
                }
                case Intake.ResolveGroup group -> {
                    out.writeStringProperty("type", "resolve-group");
                    out.writeNumberProperty("integration", group.integrationId());
                    out.writeStringProperty("groupKey", group.groupKey());
                    out.writeStringProperty("receivedAt", group.receivedAt().toString());
                    string(out, "actor", group.actor());
                }
                case Intake.Change change -> {
                    out.writeStringProperty("type", "change");
                    number(out, "integration", change.integrationId());
                    out.writeNumberProperty("service", change.serviceId());
                    out.writeStringProperty("receivedAt", change.receivedAt().toString());
                    ChangeEvent event = change.event();
                    string(out, "summary", event.summary());
                    string(out, "source", event.source());
                    string(out, "timestamp", event.timestamp() == null ? null : event.timestamp().toString());
                    string(out, "customDetails", event.customDetails());
                    links(out, event.links());
                }
            }
            out.writeEndObject();
        }
        return text.toString();
    }

    private static void event(JsonGenerator out, AlertEvent event) {
        out.writeStartObject();
        out.writeStringProperty("action", event.action().text());
        string(out, "dedupKey", event.dedupKey());
        string(out, "summary", event.summary());
        string(out, "source", event.source());
        string(out, "severity", event.severity() == null ? null : event.severity().text());
        string(out, "timestamp", event.timestamp() == null ? null : event.timestamp().toString());
        string(out, "component", event.component());
        string(out, "group", event.group());
        string(out, "class", event.eventClass());
        string(out, "customDetails", event.customDetails());
        links(out, event.links());
        if (!event.images().isEmpty()) {
            out.writeName("images");
            out.writeStartArray();
            for (AlertImage image : event.images()) {
                out.writeStartObject();
                out.writeStringProperty("src", image.src());
                string(out, "href", image.href());
                string(out, "alt", image.alt());
                out.writeEndObject();
            }
            out.writeEndArray();
        }
        string(out, "client", event.client());
        string(out, "clientUrl", event.clientUrl());
        string(out, "groupKey", event.groupKey());
        out.writeEndObject();
    }

    private static void links(JsonGenerator out, List<AlertLink> links) {
        if (links.isEmpty()) {
            return;
        }
        out.writeName("links");
        out.writeStartArray();
        for (AlertLink link : links) {
            out.writeStartObject();
            out.writeStringProperty("href", link.href());
            string(out, "text", link.text());
            out.writeEndObject();
        }
        out.writeEndArray();
    }

    /** Absent when null: most optional fields are. */
    private static void string(JsonGenerator out, String name, String value) {
        if (value != null) {
            out.writeStringProperty(name, value);
        }
    }

    private static void number(JsonGenerator out, String name, Long value) {
        if (value != null) {
            out.writeNumberProperty(name, value.longValue());
        }
    }

    /** Reads what {@link #write} wrote; anything else is an IllegalArgumentException naming what is wrong. */
    static Intake read(String text) {
        try (JsonParser in = JSON.createParser(text)) {
            expect(in.nextToken() == JsonToken.START_OBJECT, "not a JSON object");
            String type = null;
            Long integration = null;
            Long service = null;
            String origin = null;
            String originRef = null;
            Instant receivedAt = null;
            Duration autoResolveAfter = null;
            String actor = null;
            String groupKey = null;
            AlertEvent event = null;
            Fields change = new Fields();
            for (String name = in.nextName(); name != null; name = in.nextName()) {
                in.nextToken();
                switch (name) {
                    case "type" -> type = in.getString();
                    case "integration" -> integration = in.getLongValue();
                    case "service" -> service = in.getLongValue();
                    case "origin" -> origin = in.getString();
                    case "originRef" -> originRef = in.getString();
                    case "receivedAt" -> receivedAt = Instant.parse(in.getString());
                    case "autoResolveAfter" -> autoResolveAfter = Duration.parse(in.getString());
                    case "actor" -> actor = in.getString();
                    case "groupKey" -> groupKey = in.getString();
                    case "event" -> event = event(in);
                    default -> change.read(name, in);
                }
            }
            expect(type != null && receivedAt != null, "no type or receivedAt");
            return switch (type) {
                case "alert" -> {
                    expect(event != null && service != null && origin != null, "an alert without its event, service or origin");
                    yield new Intake.Alert(integration, origin, originRef, service, event, receivedAt, autoResolveAfter, actor);
                }
                case "resolve-group" -> {
                    expect(integration != null && groupKey != null, "a resolved group without its integration or groupKey");
                    yield new Intake.ResolveGroup(integration, groupKey, receivedAt, actor);
                }
                case "change" -> {
                    expect(service != null, "a change event without its service");
                    yield new Intake.Change(integration, service,
                            new ChangeEvent(null, change.summary, change.source, change.timestamp, change.customDetails, change.links), receivedAt);
                }
                default -> throw new IllegalArgumentException("unknown type '" + type + "'");
            };
        }
    }

    /** The fields an event carries (an alert's in "event", a change's at the top). */
    private static final class Fields {
        String action;
        String dedupKey;
        String summary;
        String source;
        String severity;
        Instant timestamp;
        String component;
        String group;
        String eventClass;
        String customDetails;
        List<AlertLink> links = List.of();
        List<AlertImage> images = List.of();
        String client;
        String clientUrl;
        String groupKey;

        void read(String name, JsonParser in) {
            switch (name) {
                case "action" -> action = in.getString();
                case "dedupKey" -> dedupKey = in.getString();
                case "summary" -> summary = in.getString();
                case "source" -> source = in.getString();
                case "severity" -> severity = in.getString();
                case "timestamp" -> timestamp = Instant.parse(in.getString());
                case "component" -> component = in.getString();
                case "group" -> group = in.getString();
                case "class" -> eventClass = in.getString();
                case "customDetails" -> customDetails = in.getString();
                case "links" -> links = links(in);
                case "images" -> images = images(in);
                case "client" -> client = in.getString();
                case "clientUrl" -> clientUrl = in.getString();
                case "groupKey" -> groupKey = in.getString();
                default -> throw new IllegalArgumentException("unknown field '" + name + "'");
            }
        }
    }

    private static AlertEvent event(JsonParser in) {
        expect(in.currentToken() == JsonToken.START_OBJECT, "\"event\" is not an object");
        Fields fields = new Fields();
        for (String name = in.nextName(); name != null; name = in.nextName()) {
            in.nextToken();
            fields.read(name, in);
        }
        expect(fields.action != null, "an event without its action");
        AlertAction action = AlertAction.valueOf(fields.action.toUpperCase(java.util.Locale.ROOT));
        Severity severity = fields.severity == null ? null : Severity.parse(fields.severity);
        expect(fields.severity == null || severity != null, "unknown severity '" + fields.severity + "'");
        return new AlertEvent(action, fields.dedupKey, fields.summary, fields.source, severity, fields.timestamp, fields.component, fields.group,
                fields.eventClass, fields.customDetails, fields.links, fields.images, fields.client, fields.clientUrl, fields.groupKey);
    }

    private static List<AlertLink> links(JsonParser in) {
        return objects(in, "links", Set.of("href", "text"), fields -> new AlertLink(fields.get("href"), fields.get("text")));
    }

    private static List<AlertImage> images(JsonParser in) {
        return objects(in, "images", Set.of("src", "href", "alt"), fields -> new AlertImage(fields.get("src"), fields.get("href"), fields.get("alt")));
    }

    /** An array of objects of string fields (links, images), each made from its fields by name. */
    private static <T> List<T> objects(JsonParser in, String what, Set<String> names, Function<Map<String, String>, T> make) {
        List<T> objects = new ArrayList<>();
        expect(in.currentToken() == JsonToken.START_ARRAY, "\"" + what + "\" is not an array");
        while (in.nextToken() == JsonToken.START_OBJECT) {
            Map<String, String> fields = new HashMap<>();
            for (String name = in.nextName(); name != null; name = in.nextName()) {
                in.nextToken();
                expect(names.contains(name), "unknown field '" + name + "' in " + what);
                fields.put(name, in.getString());
            }
            objects.add(make.apply(fields));
        }
        return objects;
    }

    private static void expect(boolean condition, String what) {
        if (!condition) {
            throw new IllegalArgumentException("not a stored alert event: " + what);
        }
    }
}
