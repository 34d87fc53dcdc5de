package dev.andon.server.checks;

import static dev.andon.server.jooq.Tables.CHECKS;
import static dev.andon.server.jooq.Tables.CHECK_LOCATIONS;
import static dev.andon.server.jooq.Tables.SERVICES;

import dev.andon.checks.CheckStatus;
import dev.andon.checks.DownRule;
import dev.andon.checks.LatencyHistogram;
import dev.andon.checks.LocationState;
import dev.andon.checks.Observation;
import dev.andon.checks.Thresholds;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.probe.ProbeResult;
import dev.andon.server.alerts.AlertIntake;
import dev.andon.server.alerts.CheckAlerts;
import dev.andon.server.alerts.Intake;
import dev.andon.server.database.GroupCommitWriter;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Where every probe result goes, from the local prober and from agents. One writer thread takes
 * whatever is queued and, in one transaction: stores the results (a retried upload is ignored by its
 * id), advances each location's state machine, decides the check's verdict over its locations,
 * adds to the per-minute, hour and day roll-ups, and records every verdict change as an event.
 * Callers are told a result is safe only after the commit. When the database is unreachable the
 * batch is kept and retried; the queue is bounded, and a full queue refuses new results.
 */
@Component
public class ResultWriter extends GroupCommitWriter<ResultWriter.Submitted> {
    private static final JsonMapper JSON = ResultJson.JSON;
    static final int QUEUE_CAPACITY = 100_000;
    private static final int MAX_BATCH = 2_000;

    /** One result to store; {@code checkerFailure} marks a run that failed because of us (it counts as UNKNOWN). */
    public record Submitted(UUID id, long checkId, String location, Instant at, ProbeResult result, boolean checkerFailure) {
        @Override
        public String toString() {
            return "probe result " + id + " of check " + checkId;
        }
    }

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final EventLog events;
    private final AlertIntake alerts;
    private final Counter written;
    private final Counter ignored;

    public ResultWriter(DSLContext sql, TransactionTemplate transactions, EventLog events, AlertIntake alerts, Clock clock, MeterRegistry meters) {
        super("probe result", "andon_check_result", QUEUE_CAPACITY, MAX_BATCH, clock, meters,
                Counter.builder("andon_check_results_refused_total").description("Probe results refused because the queue was full").register(meters));
        this.sql = sql;
        this.transactions = transactions;
        this.events = events;
        this.alerts = alerts;
        this.written = Counter.builder("andon_check_results_written_total").description("Probe results stored").register(meters);
        this.ignored = Counter.builder("andon_check_results_ignored_total")
                .description("Probe results not stored: already stored (a retried upload), or for a deleted or paused check").register(meters);
    }

    private record CheckConfig(long id, String slug, String name, long serviceId, String service, Thresholds thresholds, DownRule rule, List<String> locations,
                               boolean paused, CheckStatus status) {}

    private record LocationKey(long checkId, String location) {}

    private static final class RollupKey {
        final long checkId;
        final String location;
        final char resolution;
        final Instant bucket;

        RollupKey(long checkId, String location, char resolution, Instant bucket) {
            this.checkId = checkId;
            this.location = location;
            this.resolution = resolution;
            this.bucket = bucket;
        }

        @Override
        public boolean equals(Object other) {
            return other instanceof RollupKey key && key.checkId == checkId && key.resolution == resolution
                    && key.location.equals(location) && key.bucket.equals(bucket);
        }

        @Override
        public int hashCode() {
            return Long.hashCode(checkId) * 31 + location.hashCode() * 7 + resolution + bucket.hashCode();
        }
    }

    private static final class Rollup {
        int up;
        int degraded;
        int down;
        int unknown;
        LatencyHistogram latency;

        void count(CheckStatus status) {
            switch (status) {
                case UP -> up++;
                case DEGRADED -> degraded++;
                case DOWN -> down++;
                default -> unknown++;
            }
        }
    }

    private record Change(CheckConfig check, CheckStatus before, CheckStatus after, Submitted cause, Map<String, CheckStatus> byLocation) {}

    /** The id of a check by slug (tests and tools that write results directly). */
    long idOf(String slug) {
        return sql.select(CHECKS.ID).from(CHECKS).where(CHECKS.SLUG.eq(slug)).fetchOptional(CHECKS.ID)
                .orElseThrow(() -> new IllegalArgumentException("no check " + slug));
    }

    /** Stores one batch now, on the caller's thread; the writer thread calls this for each batch it takes. */
    @Override
    public void write(List<Submitted> results) {
        transactions.executeWithoutResult(status -> {
            Map<Long, CheckConfig> checks = loadChecks(results);
            // One copy per id: an upload sent again while the first was still queued lands in the same batch.
            Map<UUID, Submitted> byId = new LinkedHashMap<>();
            for (Submitted result : results) {
                CheckConfig check = checks.get(result.checkId());
                if (check != null && !check.paused() && check.locations().contains(result.location())) {
                    byId.putIfAbsent(result.id(), sanitized(result));
                }
            }
            List<Submitted> usable = new ArrayList<>(byId.values());
            Set<UUID> stored = insertResults(usable);
            List<Submitted> fresh = usable.stream().filter(result -> stored.contains(result.id()))
                    .sorted(Comparator.comparing(Submitted::at)).toList();
            ignored.increment(results.size() - fresh.size());
            if (fresh.isEmpty()) {
                return;
            }
            Map<LocationKey, Instant> lastSeen = new HashMap<>();
            Map<LocationKey, LocationState> states = loadStates(checks.keySet(), lastSeen);
            Map<LocationKey, Submitted> latest = new HashMap<>();
            Map<LocationKey, Instant> statusSince = new HashMap<>();
            Map<Long, CheckStatus> verdicts = new HashMap<>();
            checks.values().forEach(check -> verdicts.put(check.id(), check.status()));
            Map<RollupKey, Rollup> rollups = new HashMap<>();
            List<Change> changes = new ArrayList<>();
            for (Submitted result : fresh) {
                CheckConfig check = checks.get(result.checkId());
                LocationKey key = new LocationKey(check.id(), result.location());
                Observation observation = result.checkerFailure() ? Observation.UNKNOWN : Observation.of(result.result().status());
                LocationState before = states.getOrDefault(key, LocationState.initial());
                Instant seen = lastSeen.get(key);
                // A result older than one already counted (a slow run, a late upload) is history:
                // stored and rolled up, but it cannot move the state backwards.
                boolean current = seen == null || result.at().isAfter(seen);
                LocationState after = current ? before.next(observation, check.thresholds()) : before;
                if (current) {
                    states.put(key, after);
                    latest.put(key, result);
                    lastSeen.put(key, result.at());
                }
                if (after.status() != before.status()) {
                    statusSince.put(key, result.at());
                }
                long millis = Math.round(ResultJson.millis(result.result().elapsed()));
                for (char resolution : new char[] {'m', 'h', 'd'}) {
                    Rollup rollup = rollups.computeIfAbsent(new RollupKey(check.id(), result.location(), resolution, bucket(result.at(), resolution)),
                            k -> new Rollup());
                    rollup.count(statusOf(observation));
                    // Latency is what users wait for a working answer: a refused connection's 1 ms
                    // would pull the percentiles down exactly while the service is out.
                    if (observation == Observation.UP || observation == Observation.DEGRADED) {
                        if (rollup.latency == null) {
                            rollup.latency = new LatencyHistogram();
                        }
                        rollup.latency.add(millis);
                    }
                }
                Map<String, CheckStatus> byLocation = new LinkedHashMap<>();
                for (String location : check.locations()) {
                    byLocation.put(location, states.getOrDefault(new LocationKey(check.id(), location), LocationState.initial()).status());
                }
                CheckStatus verdict = check.rule().aggregate(byLocation);
                if (verdict != CheckStatus.PENDING) {
                    for (char resolution : new char[] {'m', 'h', 'd'}) {
                        rollups.computeIfAbsent(new RollupKey(check.id(), "", resolution, bucket(result.at(), resolution)), k -> new Rollup()).count(verdict);
                    }
                }
                CheckStatus previous = verdicts.put(check.id(), verdict);
                if (previous != verdict) {
                    changes.add(new Change(check, previous, verdict, result, byLocation));
                }
            }
            saveStates(states, latest, statusSince);
            saveRollups(rollups);
            recordChanges(changes);
            written.increment(fresh.size());
        });
    }

    private static CheckStatus statusOf(Observation observation) {
        return switch (observation) {
            case UP -> CheckStatus.UP;
            case DEGRADED -> CheckStatus.DEGRADED;
            case DOWN -> CheckStatus.DOWN;
            case UNKNOWN -> CheckStatus.UNKNOWN;
        };
    }

    static Instant bucket(Instant at, char resolution) {
        return switch (resolution) {
            case 'm' -> at.truncatedTo(ChronoUnit.MINUTES);
            case 'h' -> at.truncatedTo(ChronoUnit.HOURS);
            default -> at.truncatedTo(ChronoUnit.DAYS);
        };
    }

    private Map<Long, CheckConfig> loadChecks(List<Submitted> results) {
        Long[] ids = results.stream().map(Submitted::checkId).distinct().toArray(Long[]::new);
        // Locking the check rows orders concurrent writers (several nodes) and keeps a check from
        // being deleted halfway through the batch.
        return sql.select(CHECKS.ID, CHECKS.SLUG, CHECKS.NAME, CHECKS.SERVICE_ID, SERVICES.SLUG, CHECKS.FAILURES_TO_DOWN, CHECKS.SUCCESSES_TO_UP, CHECKS.DOWN_WHEN,
                        CHECKS.LOCATIONS, CHECKS.PAUSED, CHECKS.STATUS)
                .from(CHECKS).join(SERVICES).on(SERVICES.ID.eq(CHECKS.SERVICE_ID))
                .where(CHECKS.ID.in(ids)).orderBy(CHECKS.ID).forNoKeyUpdate().of(CHECKS)
                .fetch(row -> new CheckConfig(row.value1(), row.value2(), row.value3(), row.value4(), row.value5(),
                        new Thresholds(row.value6(), row.value7()), DownRule.parse(row.value8()), Arrays.asList(row.value9()), row.value10(),
                        CheckStore.status(row.value11())))
                .stream().collect(Collectors.toMap(CheckConfig::id, check -> check));
    }

    private Set<UUID> insertResults(List<Submitted> results) {
        if (results.isEmpty()) {
            return Set.of();
        }
        int n = results.size();
        UUID[] ids = new UUID[n];
        Long[] checkIds = new Long[n];
        String[] locations = new String[n];
        OffsetDateTime[] ats = new OffsetDateTime[n];
        String[] statuses = new String[n];
        Double[] durations = new Double[n];
        String[] failedPhases = new String[n];
        String[] messages = new String[n];
        String[] phases = new String[n];
        String[] observations = new String[n];
        for (int i = 0; i < n; i++) {
            Submitted result = results.get(i);
            ids[i] = result.id();
            checkIds[i] = result.checkId();
            locations[i] = result.location();
            ats[i] = result.at().atOffset(ZoneOffset.UTC);
            statuses[i] = result.checkerFailure() ? "unknown" : result.result().status().name().toLowerCase();
            durations[i] = ResultJson.millis(result.result().elapsed());
            failedPhases[i] = result.result().failedPhase();
            messages[i] = result.result().message();
            ObjectNode json = ResultJson.write(result.result());
            phases[i] = json.get("phases").toString();
            observations[i] = json.get("observations").toString();
        }
        return new HashSet<>(sql.resultQuery("""
                insert into check_results (result_id, check_id, location, at, status, duration_ms, failed_phase, message, phases, observations)
                select * from unnest(?::uuid[], ?::bigint[], ?::text[], ?::timestamptz[], ?::text[], ?::float8[], ?::text[], ?::text[], ?::jsonb[], ?::jsonb[])
                on conflict (result_id) do nothing
                returning result_id""", ids, checkIds, locations, ats, statuses, durations, failedPhases, messages, phases, observations)
                .fetch(0, UUID.class));
    }

    private Map<LocationKey, LocationState> loadStates(Set<Long> checkIds, Map<LocationKey, Instant> lastSeen) {
        Map<LocationKey, LocationState> states = new HashMap<>();
        sql.selectFrom(CHECK_LOCATIONS).where(CHECK_LOCATIONS.CHECK_ID.in(checkIds)).orderBy(CHECK_LOCATIONS.CHECK_ID, CHECK_LOCATIONS.LOCATION).forUpdate()
                .forEach(row -> {
                    LocationKey key = new LocationKey(row.getCheckId(), row.getLocation());
                    states.put(key, new LocationState(CheckStore.status(row.getStatus()), row.getConsecutiveFailures(), row.getConsecutiveSuccesses()));
                    if (row.getLastResultAt() != null) {
                        lastSeen.put(key, row.getLastResultAt().toInstant());
                    }
                });
        return states;
    }

    /** PostgreSQL text cannot hold NUL: a target that answers with one must not poison a batch. */
    private static Submitted sanitized(Submitted result) {
        ProbeResult probe = result.result();
        boolean clean = !hasNul(probe.message()) && !hasNul(probe.failedPhase())
                && probe.observations().entrySet().stream().noneMatch(entry -> hasNul(entry.getKey()) || hasNul(entry.getValue()))
                && probe.phases().keySet().stream().noneMatch(ResultWriter::hasNul);
        if (clean) {
            return result;
        }
        Map<String, String> observations = new LinkedHashMap<>();
        probe.observations().forEach((key, value) -> observations.put(withoutNul(key), withoutNul(value)));
        Map<String, java.time.Duration> phases = new LinkedHashMap<>();
        probe.phases().forEach((key, value) -> phases.put(withoutNul(key), value));
        return new Submitted(result.id(), result.checkId(), result.location(), result.at(),
                new ProbeResult(probe.status(), withoutNul(probe.message()), withoutNul(probe.failedPhase()), phases, observations),
                result.checkerFailure());
    }

    private static boolean hasNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    static String withoutNul(String text) {
        return text == null ? null : text.replace("\u0000", "");
    }

    private void saveStates(Map<LocationKey, LocationState> states, Map<LocationKey, Submitted> latest, Map<LocationKey, Instant> statusSince) {
        int n = latest.size();
        Long[] checkIds = new Long[n];
        String[] locations = new String[n];
        String[] statuses = new String[n];
        Integer[] failures = new Integer[n];
        Integer[] successes = new Integer[n];
        OffsetDateTime[] since = new OffsetDateTime[n];
        OffsetDateTime[] lastAt = new OffsetDateTime[n];
        String[] lastResult = new String[n];
        int i = 0;
        for (Map.Entry<LocationKey, Submitted> entry : latest.entrySet()) {
            LocationKey key = entry.getKey();
            LocationState state = states.get(key);
            Submitted result = entry.getValue();
            checkIds[i] = key.checkId();
            locations[i] = key.location();
            statuses[i] = CheckStore.text(state.status());
            failures[i] = state.consecutiveFailures();
            successes[i] = state.consecutiveSuccesses();
            Instant changed = statusSince.get(key);
            since[i] = changed == null ? null : changed.atOffset(ZoneOffset.UTC);
            lastAt[i] = result.at().atOffset(ZoneOffset.UTC);
            ObjectNode json = ResultJson.write(result.result());
            if (result.checkerFailure()) {
                json.put("checkerFailure", true);
            }
            lastResult[i] = json.toString();
            i++;
        }
        sql.execute("""
                insert into check_locations (check_id, location, status, consecutive_failures, consecutive_successes, status_since, last_result_at, last_result)
                select c, l, s, f, k, coalesce(t, now()), a, r::jsonb
                from unnest(?::bigint[], ?::text[], ?::text[], ?::int[], ?::int[], ?::timestamptz[], ?::timestamptz[], ?::text[]) as u(c, l, s, f, k, t, a, r)
                on conflict (check_id, location) do update set
                    status = excluded.status,
                    consecutive_failures = excluded.consecutive_failures,
                    consecutive_successes = excluded.consecutive_successes,
                    status_since = case when check_locations.status = excluded.status then check_locations.status_since else excluded.status_since end,
                    last_result_at = excluded.last_result_at,
                    last_result = excluded.last_result""", checkIds, locations, statuses, failures, successes, since, lastAt, lastResult);
    }

    private void saveRollups(Map<RollupKey, Rollup> rollups) {
        int n = rollups.size();
        Long[] checkIds = new Long[n];
        String[] locations = new String[n];
        String[] resolutions = new String[n];
        OffsetDateTime[] buckets = new OffsetDateTime[n];
        Integer[] up = new Integer[n];
        Integer[] degraded = new Integer[n];
        Integer[] down = new Integer[n];
        Integer[] unknown = new Integer[n];
        String[] latency = new String[n];
        int i = 0;
        for (Map.Entry<RollupKey, Rollup> entry : rollups.entrySet()) {
            RollupKey key = entry.getKey();
            Rollup rollup = entry.getValue();
            checkIds[i] = key.checkId;
            locations[i] = key.location;
            resolutions[i] = String.valueOf(key.resolution);
            buckets[i] = key.bucket.atOffset(ZoneOffset.UTC);
            up[i] = rollup.up;
            degraded[i] = rollup.degraded;
            down[i] = rollup.down;
            unknown[i] = rollup.unknown;
            latency[i] = rollup.latency == null ? "{}" : Arrays.stream(rollup.latency.counts()).mapToObj(Long::toString)
                    .collect(Collectors.joining(",", "{", "}"));
            i++;
        }
        sql.execute("""
                insert into check_rollups (check_id, location, resolution, bucket, up, degraded, down, unknown, latency)
                select c, l, r, b, u, g, d, k, h::bigint[]
                from unnest(?::bigint[], ?::text[], ?::text[], ?::timestamptz[], ?::int[], ?::int[], ?::int[], ?::int[], ?::text[]) as x(c, l, r, b, u, g, d, k, h)
                order by c, r, l, b
                on conflict (check_id, resolution, location, bucket) do update set
                    up = check_rollups.up + excluded.up,
                    degraded = check_rollups.degraded + excluded.degraded,
                    down = check_rollups.down + excluded.down,
                    unknown = check_rollups.unknown + excluded.unknown,
                    latency = andon_add_counts(check_rollups.latency, excluded.latency)""",
                checkIds, locations, resolutions, buckets, up, degraded, down, unknown, latency);
    }

    private void recordChanges(List<Change> changes) {
        List<Intake> raised = new ArrayList<>();
        for (Change change : changes) {
            CheckAlerts.of(change.check().slug(), change.check().name(), change.check().serviceId(), change.after(), change.cause().location(),
                    change.cause().result(), change.cause().at()).ifPresent(raised::add);
            Submitted cause = change.cause();
            ProbeResult result = cause.result();
            String message = change.after() == CheckStatus.UP ? "up" : cause.location() + ": " + result.message();
            String phase = change.after() == CheckStatus.UP ? null : result.failedPhase();
            sql.update(CHECKS).set(CHECKS.STATUS, CheckStore.text(change.after()))
                    .set(CHECKS.STATUS_SINCE, cause.at().atOffset(ZoneOffset.UTC))
                    .set(CHECKS.STATUS_MESSAGE, message)
                    .set(CHECKS.STATUS_PHASE, phase)
                    .set(CHECKS.LAST_RESULT_AT, cause.at().atOffset(ZoneOffset.UTC))
                    .where(CHECKS.ID.eq(change.check().id())).execute();
            ObjectNode after = JSON.createObjectNode();
            after.put("check", change.check().slug());
            after.put("service", change.check().service());
            after.put("status", CheckStore.text(change.after()));
            after.put("previous", CheckStore.text(change.before()));
            after.put("location", cause.location());
            after.put("message", result.message());
            if (phase != null) {
                after.put("failedPhase", phase);
            }
            ObjectNode locations = after.putObject("locations");
            change.byLocation().forEach((location, status) -> locations.put(location, CheckStore.text(status)));
            events.append(Event.of(cause.at(), "andon", "check." + CheckStore.text(change.after()), "check", change.check().slug(),
                    null, after.toString()));
        }
        // The check's alert opens, escalates or resolves in the same transaction as the verdict.
        alerts.apply(raised);
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

}
