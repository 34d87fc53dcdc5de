package dev.andon.server.api;

import dev.andon.events.Event;
import java.time.Instant;
import java.util.List;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** An event as the API shows it: the before/after snapshots as JSON objects, not strings. */
public record EventJson(long id, Instant occurredAt, String actor, String kind, String objectType, String objectKey,
                        JsonNode before, JsonNode after) {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public static List<EventJson> of(List<Event> events) {
        return events.stream().map(event -> new EventJson(event.id(), event.occurredAt(), event.actor(), event.kind(),
                event.objectType(), event.objectKey(), parse(event.before()), parse(event.after()))).toList();
    }

    private static JsonNode parse(String json) {
        return json == null ? null : JSON.readTree(json);
    }
}
