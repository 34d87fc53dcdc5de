package dev.andon.server.web;

import dev.andon.events.Event;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Turns event-log entries into what a person reads in a History section: when (in UTC, since
 * responders sit in many time zones), who, what kind of change, and which fields changed from what to what.
 */
public final class EventHistory {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    /**
     * The order fields are listed in: as on the forms. PostgreSQL's jsonb stores keys shortest
     * first, which reads as random; fields not named here follow in their stored order.
     */
    private static final List<String> FIELD_ORDER = List.of("slug", "username", "name", "displayName", "email", "role", "description",
            "type", "tier", "lifecycle", "owner", "system", "contactChannel", "members", "tags", "links", "dependsOn");
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'").withZone(ZoneOffset.UTC);

    private EventHistory() {}

    /**
     * One event as shown: the ISO instant for the time element, a readable time, and the changed fields; events
     * that are not snapshots of an object (tokens, passwords) have a summary instead, read after the actor's name.
     */
    public record Entry(String isoTime, String time, String actor, String kind, String summary, List<Change> changes) {}

    /** A changed top-level field; before or after is null when the field was empty on that side. */
    public record Change(String field, String before, String after) {}

    public static List<Entry> of(List<Event> events) {
        return events.stream().map(EventHistory::entry).toList();
    }

    static Entry entry(Event event) {
        String summary = summary(event);
        return new Entry(event.occurredAt().toString(), MINUTE.format(event.occurredAt()), event.actor(), event.kind(), summary,
                summary == null ? changes(event.before(), event.after()) : List.of());
    }

    /**
     * What an account event did, as "created token ci (read, write)"; null for snapshot events, shown as a diff. Only the
     * token's name and scopes are read: whatever else such an event might hold is never shown.
     */
    static String summary(Event event) {
        return switch (event.kind()) {
            case "token.created" -> {
                JsonNode after = parse(event.after());
                String scopes = text(after.get("scopes"));
                yield "created token " + tokenName(after) + (scopes == null ? "" : " (" + scopes + ")");
            }
            case "token.revoked" -> "revoked token " + tokenName(parse(event.after()));
            case "user.password-changed" -> "changed the password";
            default -> null;
        };
    }

    private static String tokenName(JsonNode node) {
        JsonNode name = node.get("token");
        return name != null && name.isString() && !name.asString().isBlank() ? name.asString() : "(unnamed)";
    }

    /** The top-level fields whose values differ between two JSON snapshots, in the order they appear. */
    static List<Change> changes(String beforeJson, String afterJson) {
        if (afterJson == null && beforeJson != null) {
            return List.of(); // a deletion: listing every field as removed says nothing "deleted" does not
        }
        JsonNode before = parse(beforeJson);
        JsonNode after = parse(afterJson);
        Set<String> fields = new LinkedHashSet<>();
        before.properties().forEach(entry -> fields.add(entry.getKey()));
        after.properties().forEach(entry -> fields.add(entry.getKey()));
        List<String> ordered = new ArrayList<>(fields);
        ordered.sort(Comparator.comparingInt(field -> {
            int position = FIELD_ORDER.indexOf(field);
            return position < 0 ? FIELD_ORDER.size() : position;
        }));
        List<Change> changes = new ArrayList<>();
        for (String field : ordered) {
            String old = text(before.get(field));
            String current = text(after.get(field));
            if (!Objects.equals(old, current)) {
                changes.add(new Change(field, old, current));
            }
        }
        return changes;
    }

    private static JsonNode parse(String json) {
        if (json == null || json.isBlank()) {
            return JSON.createObjectNode();
        }
        try {
            JsonNode node = JSON.readTree(json);
            return node != null && node.isObject() ? node : JSON.createObjectNode();
        } catch (RuntimeException e) {
            // An event written by an older version with another shape must not break the page.
            return JSON.createObjectNode();
        }
    }

    /** A value as a person reads it; null for absent, null or empty values so "added" and "removed" read naturally. */
    static String text(JsonNode node) {
        if (node == null || node.isNull() || node.isMissingNode()) {
            return null;
        }
        if (node.isArray()) {
            List<String> items = new ArrayList<>();
            for (JsonNode item : node) {
                String value = text(item);
                if (value != null) {
                    items.add(value);
                }
            }
            return items.isEmpty() ? null : String.join(", ", items);
        }
        if (node.isObject()) {
            return objectText(node);
        }
        String value = node.asString();
        return value.isEmpty() ? null : value;
    }

    /** Dependencies read "payments (soft)" and links "Runbook https://...", anything else as compact JSON. */
    private static String objectText(JsonNode node) {
        if (node.has("service")) {
            String kind = node.path("kind").asString("hard");
            return node.path("service").asString() + ("hard".equals(kind) ? "" : " (" + kind + ")");
        }
        if (node.has("url")) {
            String title = node.path("title").asString("");
            return (title.isEmpty() ? "" : title + " ") + node.path("url").asString();
        }
        List<String> parts = new ArrayList<>();
        for (Map.Entry<String, JsonNode> entry : node.properties()) {
            parts.add(entry.getKey() + ": " + text(entry.getValue()));
        }
        return "{" + String.join(", ", parts) + "}";
    }
}
