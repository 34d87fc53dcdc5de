package dev.andon.server.checks;

import static dev.andon.server.jooq.Tables.CHECK_RESULTS;
import static dev.andon.server.jooq.Tables.CHECK_ROLLUPS;

import dev.andon.checks.LatencyHistogram;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

/**
 * Reads a check's history from the roll-ups: uptime over 24 h, 7, 30 and 90 days, latency
 * percentiles from merged histograms (never averages), and the series the pages draw. A bucket
 * without results is missing, and stays missing: it is never counted as up.
 */
@Component
public class CheckHistory {
    private final DSLContext sql;
    private final Clock clock;

    public CheckHistory(DSLContext sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** Counts in one bucket. {@code uptime()} is empty when nothing known was recorded. */
    public record Bucket(Instant start, long up, long degraded, long down, long unknown, long[] latency) {
        public OptionalDouble uptime() {
            long known = up + degraded + down;
            return known == 0 ? OptionalDouble.empty() : OptionalDouble.of(100.0 * (up + degraded) / known);
        }

        public OptionalDouble percentile(double quantile) {
            return histogram(latency).percentile(quantile);
        }

        public long total() {
            return up + degraded + down + unknown;
        }
    }

    /** Uptime and latency over one window. */
    public record Window(String name, OptionalDouble uptime, OptionalDouble p50, OptionalDouble p95, OptionalDouble p99, long results) {}

    public List<Window> windows(long checkId) {
        Instant now = clock.instant();
        List<Window> windows = new ArrayList<>();
        windows.add(window("24h", checkId, 'h', now.minus(Duration.ofHours(24))));
        windows.add(window("7d", checkId, 'd', now.minus(Duration.ofDays(7))));
        windows.add(window("30d", checkId, 'd', now.minus(Duration.ofDays(30))));
        windows.add(window("90d", checkId, 'd', now.minus(Duration.ofDays(90))));
        return windows;
    }

    private Window window(String name, long checkId, char resolution, Instant from) {
        Instant start = ResultWriter.bucket(from, resolution);
        Bucket verdicts = sum(buckets(checkId, "", resolution, start));
        LatencyHistogram latency = new LatencyHistogram();
        long results = 0;
        for (Map.Entry<String, List<Bucket>> location : byLocation(checkId, resolution, start).entrySet()) {
            for (Bucket bucket : location.getValue()) {
                latency.merge(histogram(bucket.latency()));
                results += bucket.total();
            }
        }
        return new Window(name, verdicts.uptime(), latency.percentile(0.5), latency.percentile(0.95), latency.percentile(0.99), results);
    }

    /** A stored histogram; a bucket of only checker failures stored none. */
    static LatencyHistogram histogram(long[] counts) {
        return counts.length == 0 ? new LatencyHistogram() : LatencyHistogram.of(counts);
    }

    private static Bucket sum(List<Bucket> buckets) {
        long up = 0;
        long degraded = 0;
        long down = 0;
        long unknown = 0;
        for (Bucket bucket : buckets) {
            up += bucket.up();
            degraded += bucket.degraded();
            down += bucket.down();
            unknown += bucket.unknown();
        }
        return new Bucket(null, up, degraded, down, unknown, new long[0]);
    }

    /** The check's own verdict per bucket from {@code from} on (buckets with no data are absent). */
    public List<Bucket> buckets(long checkId, String location, char resolution, Instant from) {
        return sql.selectFrom(CHECK_ROLLUPS)
                .where(CHECK_ROLLUPS.CHECK_ID.eq(checkId)).and(CHECK_ROLLUPS.LOCATION.eq(location))
                .and(CHECK_ROLLUPS.RESOLUTION.eq(String.valueOf(resolution))).and(CHECK_ROLLUPS.BUCKET.ge(from.atOffset(ZoneOffset.UTC)))
                .orderBy(CHECK_ROLLUPS.BUCKET).fetch(CheckHistory::toBucket);
    }

    /** Per location (not the verdict row), the buckets from {@code from} on. */
    public Map<String, List<Bucket>> byLocation(long checkId, char resolution, Instant from) {
        Map<String, List<Bucket>> series = new LinkedHashMap<>();
        sql.selectFrom(CHECK_ROLLUPS)
                .where(CHECK_ROLLUPS.CHECK_ID.eq(checkId)).and(CHECK_ROLLUPS.LOCATION.ne(""))
                .and(CHECK_ROLLUPS.RESOLUTION.eq(String.valueOf(resolution))).and(CHECK_ROLLUPS.BUCKET.ge(from.atOffset(ZoneOffset.UTC)))
                .orderBy(CHECK_ROLLUPS.LOCATION, CHECK_ROLLUPS.BUCKET)
                .forEach(row -> series.computeIfAbsent(row.getLocation(), key -> new ArrayList<>()).add(toBucket(row)));
        return series;
    }

    /**
     * The last {@code days} days (UTC) of the check's verdict, one entry per day, oldest first; a day
     * without data is a bucket with all counts zero (shown as missing, never as up).
     */
    public List<Bucket> days(long checkId, int days) {
        Instant today = clock.instant().truncatedTo(ChronoUnit.DAYS);
        Instant first = today.minus(Duration.ofDays(days - 1L));
        Map<Instant, Bucket> stored = new HashMap<>();
        buckets(checkId, "", 'd', first).forEach(bucket -> stored.put(bucket.start(), bucket));
        List<Bucket> result = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            Instant day = first.plus(Duration.ofDays(i));
            result.add(stored.getOrDefault(day, new Bucket(day, 0, 0, 0, 0, new long[0])));
        }
        return result;
    }

    /** For every check, its verdict per hour over the last 24 hours (for the list's sparklines). */
    public Map<Long, List<Bucket>> last24Hours() {
        Instant from = clock.instant().truncatedTo(ChronoUnit.HOURS).minus(Duration.ofHours(23));
        Map<Long, List<Bucket>> byCheck = new HashMap<>();
        sql.selectFrom(CHECK_ROLLUPS).where(CHECK_ROLLUPS.LOCATION.eq("")).and(CHECK_ROLLUPS.RESOLUTION.eq("h"))
                .and(CHECK_ROLLUPS.BUCKET.ge(from.atOffset(ZoneOffset.UTC))).orderBy(CHECK_ROLLUPS.BUCKET)
                .forEach(row -> byCheck.computeIfAbsent(row.getCheckId(), key -> new ArrayList<>()).add(toBucket(row)));
        return byCheck;
    }

    /** One stored result, newest first in {@link #recent}. */
    public record Result(Instant at, String location, String status, double durationMillis, String failedPhase, String message) {}

    public List<Result> recent(long checkId, int limit) {
        return sql.select(CHECK_RESULTS.AT, CHECK_RESULTS.LOCATION, CHECK_RESULTS.STATUS, CHECK_RESULTS.DURATION_MS,
                        CHECK_RESULTS.FAILED_PHASE, CHECK_RESULTS.MESSAGE)
                .from(CHECK_RESULTS).where(CHECK_RESULTS.CHECK_ID.eq(checkId)).orderBy(CHECK_RESULTS.AT.desc()).limit(limit)
                .fetch(row -> new Result(row.value1().toInstant(), row.value2(), row.value3(), row.value4(), row.value5(), row.value6()));
    }

    private static Bucket toBucket(Record record) {
        var row = record.into(CHECK_ROLLUPS);
        Long[] latency = row.getLatency();
        long[] counts = new long[latency == null ? 0 : latency.length];
        for (int i = 0; i < counts.length; i++) {
            counts[i] = latency[i] == null ? 0 : latency[i];
        }
        return new Bucket(row.getBucket().toInstant(), row.getUp(), row.getDegraded(), row.getDown(), row.getUnknown(), counts);
    }
}
