package dev.andon.server.statuspage;

import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.UUID;
import org.jooq.DSLContext;

/** Rows the status page tests need, written directly: services, checks, and incidents in the V8 tables. */
final class StatusPageFixture {
    private final DSLContext sql;
    final String id = UUID.randomUUID().toString().substring(0, 8);

    StatusPageFixture(DSLContext sql) {
        this.sql = sql;
    }

    long service(String slug, String name) {
        return sql.resultQuery("insert into services (slug, name) values (?, ?) returning id", slug, name).fetchOne(0, Long.class);
    }

    void check(long serviceId, String slug, String status) {
        sql.execute("""
                insert into checks (slug, name, service_id, type, spec, interval_ms, timeout_ms, locations, status)
                values (?, ?, ?, 'http', '{}'::jsonb, 60000, 10000, array['local'], ?)""", slug, slug, serviceId, status);
    }

    long user(String username, String displayName) {
        return sql.resultQuery("insert into users (username, display_name) values (?, ?) returning id", username, displayName).fetchOne(0, Long.class);
    }

    long incident(String title, String severity, String status, String summary, String declaredBy, Instant startedAt, long... services) {
        long number = sql.resultQuery("select nextval('incident_numbers')").fetchOne(0, Long.class);
        Long incident = sql.resultQuery("""
                insert into incidents (number, title, severity, status, customer_impact, summary, started_at, detected_at, declared_by,
                                       resolved_at)
                values (?, ?, ?, ?, 'internal impact estimate', ?, ?::timestamptz, ?::timestamptz, ?, ?::timestamptz) returning id""",
                number, title, severity, status, summary, at(startedAt), at(startedAt), declaredBy,
                "resolved".equals(status) ? at(startedAt.plusSeconds(600)) : null).fetchOne(0, Long.class);
        for (long service : services) {
            sql.execute("insert into incident_services (incident_id, service_id) values (?, ?)", incident, service);
        }
        return incident;
    }

    void role(long incident, String role, long userId, Instant at) {
        sql.execute("insert into incident_roles (incident_id, role, user_id, assigned_at) values (?, ?, ?, ?::timestamptz)", incident, role, userId, at(at));
    }

    void note(long incident, String actor, String body, Instant at) {
        sql.execute("insert into incident_log (incident_id, at, recorded_at, kind, actor, body) values (?, ?::timestamptz, ?::timestamptz, 'note', ?, ?)",
                incident, at(at), at(at), actor, body);
    }

    void update(long incident, String audience, String status, String body, String postedBy, Instant at) {
        sql.execute("""
                insert into incident_updates (incident_id, audience, status, body, posted_by, posted_at)
                values (?, ?, ?, ?, ?, ?::timestamptz)""", incident, audience, status, body, postedBy, at(at));
    }

    private static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
