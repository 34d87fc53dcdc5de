package dev.andon.server.events;

import static dev.andon.server.jooq.Tables.EVENTS;

import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.server.jooq.tables.records.EventsRecord;
import java.time.ZoneOffset;
import java.util.List;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.stereotype.Repository;

/** The event log on PostgreSQL: one append-only table, read newest first. */
@Repository
public class JooqEventLog implements EventLog {
    private final DSLContext sql;

    public JooqEventLog(DSLContext sql) {
        this.sql = sql;
    }

    @Override
    public long append(Event event) {
        return sql.insertInto(EVENTS)
                .set(EVENTS.OCCURRED_AT, event.occurredAt().atOffset(ZoneOffset.UTC))
                .set(EVENTS.ACTOR, event.actor())
                .set(EVENTS.KIND, event.kind())
                .set(EVENTS.OBJECT_TYPE, event.objectType())
                .set(EVENTS.OBJECT_KEY, event.objectKey())
                .set(EVENTS.BEFORE, event.before() == null ? null : JSONB.valueOf(event.before()))
                .set(EVENTS.AFTER, event.after() == null ? null : JSONB.valueOf(event.after()))
                .returning(EVENTS.ID).fetchOne(EVENTS.ID);
    }

    @Override
    public List<Event> forObject(String objectType, String objectKey, int limit) {
        return sql.selectFrom(EVENTS)
                .where(EVENTS.OBJECT_TYPE.eq(objectType).and(EVENTS.OBJECT_KEY.eq(objectKey)))
                .orderBy(EVENTS.ID.desc()).limit(limit).fetch(JooqEventLog::toEvent);
    }

    @Override
    public List<Event> recent(int limit) {
        return sql.selectFrom(EVENTS).orderBy(EVENTS.ID.desc()).limit(limit).fetch(JooqEventLog::toEvent);
    }

    private static Event toEvent(EventsRecord record) {
        return new Event(record.getId(), record.getOccurredAt().toInstant(), record.getActor(), record.getKind(),
                record.getObjectType(), record.getObjectKey(),
                record.getBefore() == null ? null : record.getBefore().data(),
                record.getAfter() == null ? null : record.getAfter().data());
    }
}
