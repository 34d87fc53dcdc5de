package dev.andon.oncall;

import java.time.Instant;

/**
 * Someone covering a schedule from {@code start} to {@code end}: {@code user} is on call instead of
 * whoever the layers say, or, when {@code replaces} is set, only instead of that person (while they
 * would be on call). The id is the database's, 0 for one not stored yet.
 */
public record ScheduleOverride(long id, String user, Instant start, Instant end, String replaces, String note) {
    public ScheduleOverride {
        if (!end.isAfter(start)) {
            throw new IllegalArgumentException("an override must end after it starts");
        }
        note = note == null ? "" : note;
    }
}
