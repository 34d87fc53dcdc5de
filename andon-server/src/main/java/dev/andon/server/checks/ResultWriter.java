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
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PreDestroy;
import java.time.Clock;
import java.time.Duration;
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
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.SmartInitializingSingleton;
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
public class ResultWriter implements SmartInitializingSingleton {
    private static final Logger log = LoggerFactory.getLogger(ResultWriter.class);
    private static final JsonMapper JSON = ResultJson.JSON;
    static final int QUEUE_CAPACITY = 100_000;
    private static final int MAX_BATCH = 2_000;

    /** One result to store; {@code checkerFailure} marks a run that failed because of us (it counts as UNKNOWN). */
    public record Submitted(UUID id, long checkId, String location, Instant at, ProbeResult result, boolean checkerFailure) {}

    /** The queue is full: the writer is behind, usually because the database is down. Try again later. */
    public static final class QueueFullException extends RuntimeException {
        public QueueFullException() {
            super("the result queue is full; try again later");
        }
    }

    private record Pending(Submitted result, CompletableFuture<Void> done) {}

    private final BlockingQueue<Pending> queue = new ArrayBlockingQueue<>(QUEUE_CAPACITY);
    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final EventLog events;
    private final Clock clock;
    private final Counter written;
    private final Counter ignored;
    private final Counter refused;
    private final Timer batches;
    private final AtomicInteger failing = new AtomicInteger();
    /** Results taken from the queue and not yet committed: they count as queued. */
    private final AtomicInteger inHand = new AtomicInteger();
    private volatile Instant lastCommit;
    private volatile String lastError;
    private volatile boolean running = true;
    private Thread thread;

    public ResultWriter(DSLContext sql, TransactionTemplate transactions, EventLog events, Clock clock, MeterRegistry meters) {
        this.sql = sql;
        this.transactions = transactions;
        this.events = events;
        this.clock = clock;
        this.written = Counter.builder("andon_check_results_written_total").description("Probe results stored").register(meters);
        this.ignored = Counter.builder("andon_check_results_ignored_total")
                .description("Probe results not stored: already stored (a retried upload), or for a deleted or paused check").register(meters);
        this.refused = Counter.builder("andon_check_results_refused_total").description("Probe results refused because the queue was full").register(meters);
        this.batches = Timer.builder("andon_check_result_batch_seconds").description("Time to store one batch of results").register(meters);
        meters.gauge("andon_check_result_queue", this, writer -> writer.health().queued());
    }

    @Override
    public void afterSingletonsInstantiated() {
        thread = Thread.ofPlatform().name("andon-result-writer").daemon(true).start(this::run);
    }

    /** Queues results; the future completes once they are committed. Throws QueueFullException when full, queuing none. */
    public CompletableFuture<Void> submit(List<Submitted> results) {
        List<CompletableFuture<Void>> futures = new ArrayList<>(results.size());
        synchronized (queue) {
            if (queue.remainingCapacity() < results.size()) {
                refused.increment(results.size());
                throw new QueueFullException();
            }
            for (Submitted result : results) {
                CompletableFuture<Void> done = new CompletableFuture<>();
                queue.add(new Pending(result, done));
                futures.add(done);
            }
        }
        return CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new));
    }

    /** Health for /readyz and /metrics: is the writer keeping up, and when did it last commit. */
    public record Health(boolean healthy, int queued, Instant lastCommit, String lastError) {}

    public Health health() {
        return new Health(failing.get() == 0 && thread != null && thread.isAlive(), queue.size() + inHand.get(), lastCommit, lastError);
    }

    private void run() {
        List<Pending> batch = new ArrayList<>();
        while (running || !queue.isEmpty()) {
            try {
                Pending first = queue.poll(500, TimeUnit.MILLISECONDS);
                if (first == null) {
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                inHand.set(batch.size());
                writeUntilDone(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            } finally {
                batch.clear();
                inHand.set(0);
            }
        }
    }

    /**
     * An error that will come back on every retry (bad data, not a lost connection): retrying the
     * batch would stall every check behind one bad result.
     */
    static boolean permanent(RuntimeException e) {
        return !(e instanceof org.springframework.dao.TransientDataAccessException
                || e instanceof org.springframework.dao.RecoverableDataAccessException
                || e instanceof org.springframework.dao.DataAccessResourceFailureException
                || e instanceof org.springframework.transaction.CannotCreateTransactionException
                || e instanceof org.springframework.jdbc.CannotGetJdbcConnectionException
                || e instanceof org.springframework.dao.PessimisticLockingFailureException
                || e instanceof org.springframework.dao.QueryTimeoutException
                || (e instanceof org.springframework.dao.DataAccessException && !(e instanceof org.springframework.dao.NonTransientDataAccessException)));
    }

    /** Stores a batch that failed for a reason of its own: halves until the bad results are alone, and refuses those. */
    private void writeSplitting(List<Pending> batch) throws InterruptedException {
        if (batch.size() == 1) {
            try {
                write(List.of(batch.getFirst().result()));
                batch.getFirst().done().complete(null);
            } catch (RuntimeException e) {
                if (!permanent(e)) {
                    writeUntilDone(batch);
                    return;
                }
                log.warn("refusing probe result {} of check {}: {}", batch.getFirst().result().id(), batch.getFirst().result().checkId(), e.toString());
                refused.increment();
                batch.getFirst().done().completeExceptionally(e);
            }
            return;
        }
        int half = batch.size() / 2;
        writeUntilDone(new ArrayList<>(batch.subList(0, half)));
        writeUntilDone(new ArrayList<>(batch.subList(half, batch.size())));
    }

    private void writeUntilDone(List<Pending> batch) throws InterruptedException {
        long backoff = 100;
        while (true) {
            try {
                long start = System.nanoTime();
                write(batch.stream().map(Pending::result).toList());
                batches.record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
                lastCommit = clock.instant();
                failing.set(0);
                batch.forEach(pending -> pending.done().complete(null));
                return;
            } catch (RuntimeException e) {
                if (permanent(e)) {
                    writeSplitting(batch);
                    return;
                }
                // Keep the batch: nothing in it is acknowledged until it is committed.
                if (failing.incrementAndGet() == 1 || failing.get() % 20 == 0) {
                    log.warn("cannot store {} probe results (attempt {}), retrying: {}", batch.size(), failing.get(), e.toString());
                }
                lastError = e.getMessage();
                if (!running) {
                    // Shutting down and the database is going: the callers were not told "stored",
                    // so an agent keeps these and sends them again to the next node up.
                    log.warn("stopping with {} probe results not stored: {}", batch.size(), e.toString());
                    batch.forEach(pending -> pending.done().completeExceptionally(e));
                    return;
                }
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private record CheckConfig(long id, String slug, String service, Thresholds thresholds, DownRule rule, List<String> locations,
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
    void write(List<Submitted> results) {
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
        return sql.select(CHECKS.ID, CHECKS.SLUG, SERVICES.SLUG, CHECKS.FAILURES_TO_DOWN, CHECKS.SUCCESSES_TO_UP, CHECKS.DOWN_WHEN,
                        CHECKS.LOCATIONS, CHECKS.PAUSED, CHECKS.STATUS)
                .from(CHECKS).join(SERVICES).on(SERVICES.ID.eq(CHECKS.SERVICE_ID))
                .where(CHECKS.ID.in(ids)).orderBy(CHECKS.ID).forNoKeyUpdate().of(CHECKS)
                .fetch(row -> new CheckConfig(row.value1(), row.value2(), row.value3(), new Thresholds(row.value4(), row.value5()),
                        DownRule.parse(row.value6()), Arrays.asList(row.value7()), row.value8(), CheckStore.status(row.value9())))
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
        for (Change change : changes) {
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
    }

    /** Lets the writer finish what is queued (or give up after retries) before the database closes. */
    @PreDestroy
    void stop() throws InterruptedException {
        running = false;
        if (thread != null) {
            thread.join(Duration.ofSeconds(10));
        }
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }

}
