package dev.andon.events;

import java.util.List;

/** The append-only log every feature writes to; timelines and audit trails read from it. */
public interface EventLog {
    /** Appends an event in the caller's transaction and returns its id. */
    long append(Event event);

    /** The newest events about one object first, at most {@code limit}. */
    List<Event> forObject(String objectType, String objectKey, int limit);

    /** The newest events of every kind first, at most {@code limit}. */
    List<Event> recent(int limit);
}
