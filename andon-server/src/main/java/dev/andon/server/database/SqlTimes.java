package dev.andon.server.database;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import org.jooq.Record;

/**
 * Instants in and out of plain SQL: binds go in as UTC {@link OffsetDateTime} with
 * {@code ?::timestamptz} (an Instant would bind as text), columns come back as Instants.
 */
public final class SqlTimes {
    private SqlTimes() {}

    /** The bind for {@code ?::timestamptz}; null stays null. */
    public static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    /** A timestamptz column as an Instant; null stays null. */
    public static Instant instant(Record record, String field) {
        OffsetDateTime time = record.get(field, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }
}
