package dev.andon.server.ops;

import static dev.andon.server.jooq.Tables.API_TOKENS;
import static dev.andon.server.jooq.Tables.SERVICES;
import static dev.andon.server.jooq.Tables.SYSTEMS;
import static dev.andon.server.jooq.Tables.TEAMS;
import static dev.andon.server.jooq.Tables.USERS;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Table;
import org.springframework.stereotype.Component;

/** Andon's own gauges on /metrics: catalog size and whether background work is alive. */
@Component
public class AndonMetrics implements MeterBinder {
    private final DSLContext sql;
    private final SchedulerHeartbeat heartbeat;
    private final Clock clock;

    public AndonMetrics(DSLContext sql, SchedulerHeartbeat heartbeat, Clock clock) {
        this.sql = sql;
        this.heartbeat = heartbeat;
        this.clock = clock;
    }

    @Override
    public void bindTo(MeterRegistry registry) {
        Map<String, Table<?>> kinds = Map.of("service", SERVICES, "team", TEAMS, "system", SYSTEMS, "user", USERS);
        kinds.forEach((kind, table) -> Gauge.builder("andon_catalog_objects", () -> count(table))
                .description("Objects in the service catalog, by kind").tag("kind", kind).register(registry));
        Gauge.builder("andon_api_tokens_active", () -> sql.fetchCount(API_TOKENS, API_TOKENS.REVOKED_AT.isNull()))
                .description("API tokens not revoked").register(registry);
        Gauge.builder("andon_scheduler_heartbeat_age_seconds", this::heartbeatAge)
                .description("Seconds since the background scheduler last ran its heartbeat task (NaN before the first run)")
                .register(registry);
    }

    private double count(Table<?> table) {
        try {
            return sql.fetchCount(table);
        } catch (RuntimeException e) {
            return Double.NaN; // the database is unreachable: say "unknown", not zero
        }
    }

    private double heartbeatAge() {
        Instant last = heartbeat.lastRun();
        return last == null ? Double.NaN : Duration.between(last, clock.instant()).toMillis() / 1000.0;
    }
}
