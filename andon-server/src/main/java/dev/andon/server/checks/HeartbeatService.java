package dev.andon.server.checks;

import static dev.andon.server.jooq.Tables.HEARTBEATS;
import static dev.andon.server.jooq.Tables.HEARTBEAT_PINGS;
import static dev.andon.server.jooq.Tables.SERVICES;

import dev.andon.catalog.CatalogException;
import dev.andon.checks.CheckFields;
import dev.andon.checks.Heartbeat;
import dev.andon.checks.HeartbeatMonitor;
import dev.andon.checks.HeartbeatSchedule;
import dev.andon.checks.HeartbeatState;
import dev.andon.checks.HeartbeatStatus;
import dev.andon.checks.Ping;
import dev.andon.checks.PingOutcome;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.server.access.ApiTokens;
import dev.andon.server.jooq.tables.records.HeartbeatsRecord;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Heartbeat monitors: their definitions, the pings that arrive for them and the deadlines that pass
 * without one. The ping key is a secret shown when it is made and stored only as a hash; a ping is
 * recognised by hashing the key in its URL.
 */
@Component
public class HeartbeatService {
    private static final SecureRandom RANDOM = new SecureRandom();
    /** Bytes of a ping body kept with the ping (the tail of a job's log, say). */
    public static final int MAX_BODY = 10_000;

    private final DSLContext sql;
    private final EventLog events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public HeartbeatService(DSLContext sql, EventLog events, TransactionTemplate transactions, Clock clock) {
        this.sql = sql;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** A heartbeat as stored, with its state and the prefix of its ping key. */
    public record StoredHeartbeat(long id, Heartbeat heartbeat, HeartbeatStatus status, Instant statusSince, HeartbeatState state,
                                  Instant nextDeadline, Instant lastPingAt, String pingKeyPrefix) {}

    /** A heartbeat just created or given a new key: the only time its ping key is seen. */
    public record WithKey(StoredHeartbeat heartbeat, String pingKey) {}

    /** One ping as logged. */
    public record PingRow(Instant at, String kind, Integer exitStatus, UUID runId, Long runDurationMillis, String source, String userAgent, String body) {}

    public List<StoredHeartbeat> all() {
        return select().orderBy(HEARTBEATS.SLUG).fetch(HeartbeatService::toStored);
    }

    public List<StoredHeartbeat> forService(String service) {
        return select().where(SERVICES.SLUG.eq(service)).orderBy(HEARTBEATS.SLUG).fetch(HeartbeatService::toStored);
    }

    public Optional<StoredHeartbeat> find(String slug) {
        return select().where(HEARTBEATS.SLUG.eq(slug)).fetchOptional(HeartbeatService::toStored);
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return sql.select(HEARTBEATS.fields()).select(SERVICES.SLUG.as("service_slug")).from(HEARTBEATS)
                .join(SERVICES).on(SERVICES.ID.eq(HEARTBEATS.SERVICE_ID));
    }

    public WithKey create(String actor, Heartbeat heartbeat) {
        return transactions.execute(status -> {
            if (find(heartbeat.slug()).isPresent()) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "slug", "heartbeat '" + heartbeat.slug() + "' already exists");
            }
            return save(actor, heartbeat);
        });
    }

    public StoredHeartbeat update(String actor, Heartbeat heartbeat) {
        return transactions.execute(status -> {
            if (find(heartbeat.slug()).isEmpty()) {
                throw notFound(heartbeat.slug());
            }
            return save(actor, heartbeat).heartbeat();
        });
    }

    /** Creates or updates in the caller's transaction; the key is only set (and returned) for a new heartbeat. */
    public WithKey save(String actor, Heartbeat heartbeat) {
        heartbeat.validate();
        Long serviceId = sql.select(SERVICES.ID).from(SERVICES).where(SERVICES.SLUG.eq(heartbeat.service())).fetchOne(SERVICES.ID);
        if (serviceId == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "service", "service '" + heartbeat.service() + "' does not exist");
        }
        // Lock first: a ping recorded between reading the state and writing it back would be lost.
        sql.selectFrom(HEARTBEATS).where(HEARTBEATS.SLUG.eq(heartbeat.slug())).forUpdate().fetch();
        Optional<StoredHeartbeat> before = find(heartbeat.slug());
        HeartbeatsRecord row = sql.newRecord(HEARTBEATS);
        row.setSlug(heartbeat.slug());
        row.setName(heartbeat.name());
        row.setServiceId(serviceId);
        switch (heartbeat.schedule()) {
            case HeartbeatSchedule.Simple simple -> {
                row.setScheduleKind("simple");
                row.setPeriodMs(simple.period().toMillis());
                row.setCron(null);
                row.setTimezone(null);
            }
            case HeartbeatSchedule.Cron cron -> {
                row.setScheduleKind("cron");
                row.setPeriodMs(null);
                row.setCron(cron.expression());
                row.setTimezone(cron.zone().getId());
            }
        }
        row.setGraceMs(heartbeat.schedule().grace().toMillis());
        row.setPaused(heartbeat.paused());
        row.setUpdatedAt(OffsetDateTime.now(ZoneOffset.UTC));
        String key = null;
        HeartbeatState state;
        if (before.isEmpty()) {
            key = newKey();
            row.setPingKeyHash(ApiTokens.hash(key));
            row.setPingKeyPrefix(key.substring(0, 6));
            state = heartbeat.paused() ? HeartbeatMonitor.pause(HeartbeatState.fresh()) : HeartbeatState.fresh();
            row.setStatus(text(state.status()));
            row.setState(JSONB.valueOf(stateJson(state)));
            sql.insertInto(HEARTBEATS).set(row).execute();
        } else {
            state = before.get().state();
            if (heartbeat.paused() && state.status() != HeartbeatStatus.PAUSED) {
                state = HeartbeatMonitor.pause(state);
            } else if (!heartbeat.paused() && state.status() == HeartbeatStatus.PAUSED) {
                state = HeartbeatMonitor.resume(state);
            }
            row.setStatus(text(state.status()));
            row.setState(JSONB.valueOf(stateJson(state)));
            if (state.status() != before.get().status()) {
                row.setStatusSince(OffsetDateTime.now(ZoneOffset.UTC));
            }
            row.changed(HEARTBEATS.ID, false);
            sql.update(HEARTBEATS).set(row).where(HEARTBEATS.SLUG.eq(heartbeat.slug())).execute();
        }
        sql.update(HEARTBEATS).set(HEARTBEATS.NEXT_DEADLINE, HeartbeatMonitor.nextDeadline(state, heartbeat.schedule()).map(ResultWriter::utc).orElse(null))
                .where(HEARTBEATS.SLUG.eq(heartbeat.slug())).execute();
        if (before.isEmpty() || !before.get().heartbeat().equals(heartbeat)) {
            events.append(Event.of(clock.instant(), actor, before.isEmpty() ? "heartbeat.created" : "heartbeat.updated", "heartbeat", heartbeat.slug(),
                    before.map(stored -> CheckFields.json(stored.heartbeat()).toString()).orElse(null), CheckFields.json(heartbeat).toString()));
        }
        return new WithKey(find(heartbeat.slug()).orElseThrow(), key);
    }

    public WithKey rotateKey(String actor, String slug) {
        return transactions.execute(status -> {
            String key = newKey();
            if (sql.update(HEARTBEATS).set(HEARTBEATS.PING_KEY_HASH, ApiTokens.hash(key)).set(HEARTBEATS.PING_KEY_PREFIX, key.substring(0, 6))
                    .where(HEARTBEATS.SLUG.eq(slug)).execute() == 0) {
                throw notFound(slug);
            }
            events.append(Event.of(clock.instant(), actor, "heartbeat.key-rotated", "heartbeat", slug, null, null));
            return new WithKey(find(slug).orElseThrow(), key);
        });
    }

    public void delete(String actor, String slug) {
        transactions.executeWithoutResult(status -> deleteInTransaction(actor, slug));
    }

    public void deleteInTransaction(String actor, String slug) {
        StoredHeartbeat before = find(slug).orElseThrow(() -> notFound(slug));
        sql.deleteFrom(HEARTBEATS).where(HEARTBEATS.ID.eq(before.id())).execute();
        events.append(Event.of(clock.instant(), actor, "heartbeat.deleted", "heartbeat", slug, CheckFields.json(before.heartbeat()).toString(), null));
    }

    public StoredHeartbeat setPaused(String actor, String slug, boolean paused) {
        return transactions.execute(status -> {
            Heartbeat heartbeat = find(slug).orElseThrow(() -> notFound(slug)).heartbeat();
            return save(actor, new Heartbeat(heartbeat.slug(), heartbeat.name(), heartbeat.service(), heartbeat.schedule(), paused)).heartbeat();
        });
    }

    /** What a ping request carried. */
    public record PingRequest(String key, String suffix, String runId, String source, String userAgent, String body) {}

    /**
     * Records a ping; empty when no heartbeat has this key. Throws InvalidCheckException for a
     * suffix or run id that is not valid.
     */
    public Optional<StoredHeartbeat> ping(PingRequest request) {
        Instant now = clock.instant();
        Ping ping = Ping.parse(request.suffix() == null ? "" : request.suffix(), request.runId(), now);
        return transactions.execute(status -> {
            HeartbeatsRecord row = sql.selectFrom(HEARTBEATS).where(HEARTBEATS.PING_KEY_HASH.eq(ApiTokens.hash(request.key()))).forUpdate().fetchOne();
            if (row == null) {
                return Optional.<StoredHeartbeat>empty();
            }
            HeartbeatSchedule schedule = schedule(row);
            HeartbeatState before = readState(row);
            PingOutcome outcome = HeartbeatMonitor.onPing(before, ping);
            HeartbeatState after = outcome.state();
            sql.insertInto(HEARTBEAT_PINGS).set(HEARTBEAT_PINGS.HEARTBEAT_ID, row.getId()).set(HEARTBEAT_PINGS.AT, ResultWriter.utc(now))
                    .set(HEARTBEAT_PINGS.KIND, ping.kind().name().toLowerCase(Locale.ROOT)).set(HEARTBEAT_PINGS.EXIT_STATUS, ping.exitStatus())
                    .set(HEARTBEAT_PINGS.RUN_ID, ping.runId()).set(HEARTBEAT_PINGS.RUN_DURATION_MS, outcome.runDuration().map(Duration::toMillis).orElse(null))
                    .set(HEARTBEAT_PINGS.SOURCE, request.source()).set(HEARTBEAT_PINGS.USER_AGENT, ResultWriter.withoutNul(truncate(request.userAgent(), 200)))
                    .set(HEARTBEAT_PINGS.BODY, ResultWriter.withoutNul(truncate(request.body(), MAX_BODY))).execute();
            store(row, after, schedule, now, ping.kind() == dev.andon.checks.PingKind.LOG ? null : now);
            if (after.status() != before.status()) {
                record(row.getSlug(), row.getServiceId(), before.status(), after.status(), now,
                        "ping: " + ping.kind().name().toLowerCase(Locale.ROOT) + (ping.exitStatus() == null ? "" : " (exit status " + ping.exitStatus() + ")"));
            }
            return find(row.getSlug());
        });
    }

    /** Longer than this without a deadline evaluation means Andon itself was down (or its database). */
    static final Duration OWN_OUTAGE = Duration.ofMinutes(1);

    /** Moves heartbeats whose deadline has passed (up to 500) to their new status; returns how many it looked at. */
    public int evaluateDue() {
        Instant now = clock.instant();
        return transactions.execute(status -> {
            forgiveOwnOutage(now);
            int processed = 0;
            // SKIP LOCKED: several nodes share the work, and a ping being recorded is not waited for.
            for (HeartbeatsRecord row : sql.selectFrom(HEARTBEATS).where(HEARTBEATS.NEXT_DEADLINE.le(ResultWriter.utc(now)))
                    .orderBy(HEARTBEATS.NEXT_DEADLINE).limit(500).forUpdate().skipLocked().fetch()) {
                processed++;
                HeartbeatSchedule schedule = schedule(row);
                HeartbeatState before = readState(row);
                HeartbeatState after = HeartbeatMonitor.evaluate(before, schedule, now);
                store(row, after, schedule, now, null);
                if (after.status() != before.status()) {
                    String why = after.status() == HeartbeatStatus.LATE ? "no ping since " + before.lastPing() + "; in the grace period"
                            : after.status() == HeartbeatStatus.DOWN ? (before.running() ? "a run started and did not finish within the grace period"
                            : "no ping within the period and grace") : "deadline passed";
                    record(row.getSlug(), row.getServiceId(), before.status(), after.status(), now, why);
                }
            }
            return processed;
        });
    }

    /**
     * While Andon (or its database) was down, pings could not arrive: a job that pinged on time
     * must not go down because of our outage. When the last evaluation is older than a minute, every
     * heartbeat's clock (last ping, open runs) moves forward by the length of the outage.
     */
    private void forgiveOwnOutage(Instant now) {
        // The database's clock, so nodes with skewed clocks agree on whether there was a gap.
        Instant databaseNow = sql.resultQuery("select now()").fetchOne(0, OffsetDateTime.class).toInstant();
        Instant last = sql.resultQuery("select at from monitor_clock where name = 'heartbeats' for update").fetchOptional(0, OffsetDateTime.class)
                .map(OffsetDateTime::toInstant).orElse(null);
        sql.execute("insert into monitor_clock (name, at) values ('heartbeats', now()) on conflict (name) do update set at = excluded.at");
        if (last == null || Duration.between(last, databaseNow).compareTo(OWN_OUTAGE) <= 0) {
            return;
        }
        Duration outage = Duration.between(last, databaseNow);
        int shifted = 0;
        for (HeartbeatsRecord row : sql.selectFrom(HEARTBEATS).where(HEARTBEATS.STATUS.in("up", "late")).forUpdate().fetch()) {
            HeartbeatState state = readState(row);
            if (state.lastPing() == null || !state.lastPing().isBefore(last)) {
                continue; // it pinged during the gap: pings were arriving, nothing to give back
            }
            Map<UUID, Instant> runs = new HashMap<>();
            state.openRuns().forEach((id, start) -> runs.put(id, earlier(start.plus(outage), now)));
            HeartbeatState moved = new HeartbeatState(state.status(), earlier(state.lastPing().plus(outage), now),
                    state.lastStart() == null ? null : earlier(state.lastStart().plus(outage), now), runs);
            store(row, moved, schedule(row), now, null);
            shifted++;
        }
        if (shifted > 0) {
            org.slf4j.LoggerFactory.getLogger(HeartbeatService.class).warn(
                    "heartbeat deadlines were not watched for {} s (Andon or its database was down): {} heartbeats get that time back",
                    outage.toSeconds(), shifted);
        }
    }

    private static Instant earlier(Instant a, Instant b) {
        return a.isBefore(b) ? a : b;
    }

    public List<PingRow> pings(long heartbeatId, int limit) {
        return sql.selectFrom(HEARTBEAT_PINGS).where(HEARTBEAT_PINGS.HEARTBEAT_ID.eq(heartbeatId)).orderBy(HEARTBEAT_PINGS.ID.desc()).limit(limit)
                .fetch(row -> new PingRow(row.getAt().toInstant(), row.getKind(), row.getExitStatus(), row.getRunId(), row.getRunDurationMs(),
                        row.getSource(), row.getUserAgent(), row.getBody()));
    }

    private void store(HeartbeatsRecord row, HeartbeatState state, HeartbeatSchedule schedule, Instant now, Instant pingAt) {
        var update = sql.update(HEARTBEATS).set(HEARTBEATS.STATE, JSONB.valueOf(stateJson(state)))
                .set(HEARTBEATS.STATUS, text(state.status()))
                .set(HEARTBEATS.NEXT_DEADLINE, HeartbeatMonitor.nextDeadline(state, schedule).map(ResultWriter::utc).orElse(null))
                .set(HEARTBEATS.PAUSED, state.status() == HeartbeatStatus.PAUSED);
        if (!text(state.status()).equals(row.getStatus())) {
            update = update.set(HEARTBEATS.STATUS_SINCE, ResultWriter.utc(now));
        }
        if (pingAt != null) {
            update = update.set(HEARTBEATS.LAST_PING_AT, ResultWriter.utc(pingAt));
        }
        update.where(HEARTBEATS.ID.eq(row.getId())).execute();
    }

    private void record(String slug, long serviceId, HeartbeatStatus before, HeartbeatStatus after, Instant at, String why) {
        String service = sql.select(SERVICES.SLUG).from(SERVICES).where(SERVICES.ID.eq(serviceId)).fetchOne(SERVICES.SLUG);
        ObjectNode json = ResultJson.JSON.createObjectNode();
        json.put("heartbeat", slug);
        json.put("service", service);
        json.put("status", text(after));
        json.put("previous", text(before));
        json.put("message", why);
        events.append(Event.of(at, "andon", "heartbeat." + text(after), "heartbeat", slug, null, json.toString()));
    }

    private static String newKey() {
        byte[] secret = new byte[24];
        RANDOM.nextBytes(secret);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(secret);
    }

    private static String truncate(String text, int limit) {
        return text == null || text.length() <= limit ? text : text.substring(0, limit);
    }

    static String text(HeartbeatStatus status) {
        return status.name().toLowerCase(Locale.ROOT);
    }

    private static HeartbeatSchedule schedule(HeartbeatsRecord row) {
        Duration grace = Duration.ofMillis(row.getGraceMs());
        return "cron".equals(row.getScheduleKind()) ? new HeartbeatSchedule.Cron(row.getCron(), ZoneId.of(row.getTimezone()), grace)
                : new HeartbeatSchedule.Simple(Duration.ofMillis(row.getPeriodMs()), grace);
    }

    static String stateJson(HeartbeatState state) {
        ObjectNode node = ResultJson.JSON.createObjectNode();
        if (state.lastPing() != null) {
            node.put("lastPing", state.lastPing().toString());
        }
        if (state.lastStart() != null) {
            node.put("lastStart", state.lastStart().toString());
        }
        ObjectNode runs = node.putObject("openRuns");
        state.openRuns().forEach((id, start) -> runs.put(String.valueOf(id), start.toString()));
        return node.toString();
    }

    private static HeartbeatState readState(HeartbeatsRecord row) {
        JsonNode node = ResultJson.JSON.readTree(row.getState().data());
        Map<UUID, Instant> runs = new HashMap<>();
        JsonNode runNode = node.path("openRuns");
        for (String id : runNode.propertyNames()) {
            runs.put(id.equals("null") ? null : UUID.fromString(id), Instant.parse(runNode.get(id).asString()));
        }
        return new HeartbeatState(HeartbeatStatus.valueOf(row.getStatus().toUpperCase(Locale.ROOT)),
                node.hasNonNull("lastPing") ? Instant.parse(node.get("lastPing").asString()) : null,
                node.hasNonNull("lastStart") ? Instant.parse(node.get("lastStart").asString()) : null, runs);
    }

    private static StoredHeartbeat toStored(Record record) {
        HeartbeatsRecord row = record.into(HEARTBEATS);
        Heartbeat heartbeat = new Heartbeat(row.getSlug(), row.getName(), record.get("service_slug", String.class), schedule(row), row.getPaused());
        return new StoredHeartbeat(row.getId(), heartbeat, HeartbeatStatus.valueOf(row.getStatus().toUpperCase(Locale.ROOT)),
                row.getStatusSince().toInstant(), readState(row), row.getNextDeadline() == null ? null : row.getNextDeadline().toInstant(),
                row.getLastPingAt() == null ? null : row.getLastPingAt().toInstant(), row.getPingKeyPrefix());
    }

    static CatalogException notFound(String slug) {
        return new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "heartbeat '" + slug + "' does not exist");
    }
}
