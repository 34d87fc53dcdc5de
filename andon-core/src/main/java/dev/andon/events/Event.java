package dev.andon.events;

import java.time.Instant;

/**
 * Something that happened, appended to the one event log. {@code before} and {@code after} are
 * JSON snapshots of the object (null when it did not exist), so every change can be shown as a diff.
 */
public record Event(long id, Instant occurredAt, String actor, String kind, String objectType, String objectKey,
                    String before, String after) {

    /** An event not yet stored. */
    public static Event of(Instant occurredAt, String actor, String kind, String objectType, String objectKey,
                           String before, String after) {
        return new Event(0, occurredAt, actor, kind, objectType, objectKey, before, after);
    }
}
