package dev.andon.server.slo;

import static dev.andon.server.database.SqlTimes.instant;
import static dev.andon.server.database.SqlTimes.utc;

import dev.andon.slo.ArrayBuckets;
import dev.andon.slo.Counts;
import dev.andon.slo.Slo;
import dev.andon.slo.SloFields;
import dev.andon.slo.TimeWindow;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * SLOs and their minute buckets on PostgreSQL. A minute is written with replace semantics (the
 * counts posted for a minute are that minute's counts, so a retried post does not count twice) and
 * the hour and day roll-ups move by the difference, in the same statement.
 */
@Component
public class SloStore {
    static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext sql;

    public SloStore(DSLContext sql) {
        this.sql = sql;
    }

    /** A stored SLO: its definition and bookkeeping. */
    public record Stored(long id, Slo slo, long serviceId, Instant collectingSince, Instant collectedUntil, Instant createdAt, Instant updatedAt,
                         Instant countsChangedAt) {}

    public record DataSource(long id, String slug, String type, String url) {}

    public record Exclusion(long id, long sloId, Instant startsAt, Instant endsAt, String reason, Long incidentId, String createdBy, Instant createdAt) {
        public TimeWindow.Period period() {
            return new TimeWindow.Period(startsAt, endsAt);
        }
    }

    public record Minute(long sloId, Instant minute, long good, long total) {}

    // --- SLOs

    public List<Stored> all() {
        return sql.resultQuery("select * from slos order by slug").fetch(this::stored);
    }

    public List<Stored> ofService(long serviceId) {
        return sql.resultQuery("select * from slos where service_id = ? order by slug", serviceId).fetch(this::stored);
    }

    public Optional<Stored> find(String slug) {
        return Optional.ofNullable(sql.resultQuery("select * from slos where slug = ?", slug).fetchOne()).map(this::stored);
    }

    public Optional<Stored> find(long id) {
        return Optional.ofNullable(sql.resultQuery("select * from slos where id = ?", id).fetchOne()).map(this::stored);
    }

    long insert(Slo slo, long serviceId, Instant since) {
        return sql.resultQuery("""
                insert into slos (slug, name, service_id, spec, collecting_since, created_at, updated_at)
                values (?, ?, ?, ?::jsonb, ?::timestamptz, ?::timestamptz, ?::timestamptz) returning id""",
                slo.slug(), slo.name(), serviceId, SloFields.write(slo).toString(), utc(since), utc(since), utc(since)).fetchOne(0, Long.class);
    }

    void update(long id, Slo slo, long serviceId, Instant now, boolean sourceChanged) {
        sql.execute("update slos set name = ?, service_id = ?, spec = ?::jsonb, updated_at = ?::timestamptz, "
                        + "collected_until = case when ? then null else collected_until end where id = ?",
                slo.name(), serviceId, SloFields.write(slo).toString(), utc(now), sourceChanged, id);
    }

    void delete(long id) {
        sql.execute("delete from slos where id = ?", id);
    }

    void collectedUntil(long id, Instant until) {
        sql.execute("update slos set collected_until = ?::timestamptz where id = ?", utc(until), id);
    }

    // --- minutes

    /**
     * Writes minutes with replace semantics and moves the hour and day roll-ups by the difference;
     * one statement for the whole batch. Minutes are truncated to the minute; a later entry for the
     * same (SLO, minute) in the batch wins.
     */
    public void putMinutes(List<Minute> minutes) {
        if (minutes.isEmpty()) {
            return;
        }
        Map<String, Minute> last = new java.util.LinkedHashMap<>();
        for (Minute minute : minutes) {
            Instant at = minute.minute().truncatedTo(ChronoUnit.MINUTES);
            last.put(minute.sloId() + "@" + at, new Minute(minute.sloId(), at, minute.good(), minute.total()));
        }
        List<Minute> batch = new ArrayList<>(last.values());
        Long[] ids = batch.stream().map(Minute::sloId).toArray(Long[]::new);
        OffsetDateTime[] ats = batch.stream().map(m -> utc(m.minute())).toArray(OffsetDateTime[]::new);
        Long[] good = batch.stream().map(Minute::good).toArray(Long[]::new);
        Long[] total = batch.stream().map(Minute::total).toArray(Long[]::new);
        // Writers of the same SLO take turns: two posting the same new minute at once would otherwise
        // both see no old row and both add the whole minute to the roll-ups.
        sql.execute("select 1 from slos where id = any(?::bigint[]) order by id for no key update",
                (Object) batch.stream().map(Minute::sloId).distinct().sorted().toArray(Long[]::new));
        sql.execute("""
                with input as (
                    select * from unnest(?::bigint[], ?::timestamptz[], ?::bigint[], ?::bigint[]) as t(slo_id, minute, good, total)
                ), old as (
                    select m.slo_id, m.minute, m.good, m.total from slo_minutes m join input i on i.slo_id = m.slo_id and i.minute = m.minute
                    for update of m
                ), written as (
                    insert into slo_minutes (slo_id, minute, good, total) select slo_id, minute, good, total from input
                    on conflict (slo_id, minute) do update set good = excluded.good, total = excluded.total
                    returning slo_id
                ), delta as (
                    select i.slo_id, i.minute, i.good - coalesce(o.good, 0) as good, i.total - coalesce(o.total, 0) as total,
                           (case when i.total > 0 then 1 else 0 end) - (case when coalesce(o.total, 0) > 0 then 1 else 0 end) as data_minutes
                    from input i left join old o on o.slo_id = i.slo_id and o.minute = i.minute
                ), hours as (
                    insert into slo_hours (slo_id, hour, good, total, data_minutes)
                    select slo_id, date_trunc('hour', minute, 'UTC'), sum(good), sum(total), sum(data_minutes) from delta
                    group by 1, 2
                    on conflict (slo_id, hour) do update set good = slo_hours.good + excluded.good, total = slo_hours.total + excluded.total,
                        data_minutes = slo_hours.data_minutes + excluded.data_minutes
                    returning slo_id
                )
                insert into slo_days (slo_id, day, good, total, data_minutes)
                select slo_id, date_trunc('day', minute, 'UTC'), sum(good), sum(total), sum(data_minutes) from delta
                group by 1, 2
                on conflict (slo_id, day) do update set good = slo_days.good + excluded.good, total = slo_days.total + excluded.total,
                    data_minutes = slo_days.data_minutes + excluded.data_minutes""", ids, ats, good, total);
    }

    /** Marks that minutes before {@code before} were rewritten, so running sums of the SLO are recomputed. */
    void countsChanged(long sloId, Instant at) {
        sql.execute("update slos set counts_changed_at = ?::timestamptz where id = ?", utc(at), sloId);
    }

    /**
     * Sums over [from, to) read from the hour roll-ups for whole hours and the minutes at both
     * edges: at most 120 minute rows whatever the span's length. Returns good, total and minutes with data.
     */
    public long[] span(long sloId, Instant from, Instant to) {
        Instant firstHour = from.truncatedTo(ChronoUnit.HOURS).equals(from) ? from : from.truncatedTo(ChronoUnit.HOURS).plus(1, ChronoUnit.HOURS);
        Instant lastHour = to.truncatedTo(ChronoUnit.HOURS);
        Record r;
        if (!firstHour.isBefore(lastHour)) {
            r = sql.resultQuery("""
                    select coalesce(sum(good), 0), coalesce(sum(total), 0), count(*) filter (where total > 0) from slo_minutes
                    where slo_id = ? and minute >= ?::timestamptz and minute < ?::timestamptz""", sloId, utc(from), utc(to)).fetchOne();
        } else {
            r = sql.resultQuery("""
                    select coalesce(sum(good), 0), coalesce(sum(total), 0), coalesce(sum(data), 0) from (
                      select good, total, data_minutes as data from slo_hours where slo_id = ? and hour >= ?::timestamptz and hour < ?::timestamptz
                      union all
                      select good, total, case when total > 0 then 1 else 0 end from slo_minutes where slo_id = ?
                        and ((minute >= ?::timestamptz and minute < ?::timestamptz) or (minute >= ?::timestamptz and minute < ?::timestamptz))
                    ) parts""", sloId, utc(firstHour), utc(lastHour), sloId, utc(from), utc(firstHour), utc(lastHour), utc(to)).fetchOne();
        }
        return new long[] {r.get(0, Long.class), r.get(1, Long.class), r.get(2, Long.class)};
    }

    /** The counts of the given (SLO, minute) pairs that have data: what running sums add and subtract. */
    public Map<Long, Map<Instant, Counts>> minutes(java.util.Collection<Long> sloIds, java.util.Collection<Instant> minutes) {
        Map<Long, Map<Instant, Counts>> found = new java.util.HashMap<>();
        if (sloIds.isEmpty() || minutes.isEmpty()) {
            return found;
        }
        sql.resultQuery("select slo_id, minute, good, total from slo_minutes where minute = any(?::timestamptz[]) and slo_id = any(?::bigint[])",
                minutes.stream().map(dev.andon.server.database.SqlTimes::utc).toArray(OffsetDateTime[]::new), sloIds.toArray(Long[]::new))
                .forEach(r -> found.computeIfAbsent(r.get(0, Long.class), k -> new java.util.HashMap<>())
                        .put(r.get(1, OffsetDateTime.class).toInstant(), new Counts(r.get(2, Long.class), r.get(3, Long.class))));
        return found;
    }

    /** Every SLO's minutes in [from, to): the fresh tail the evaluator reads each minute. */
    public Map<Long, ArrayBuckets> tails(java.util.Collection<Long> sloIds, Instant from, Instant to) {
        int size = (int) ChronoUnit.MINUTES.between(from, to);
        Map<Long, long[][]> arrays = new java.util.HashMap<>();
        for (long id : sloIds) {
            arrays.put(id, new long[][] {new long[size], new long[size]});
        }
        if (!sloIds.isEmpty()) {
            sql.resultQuery("select slo_id, minute, good, total from slo_minutes where minute >= ?::timestamptz and minute < ?::timestamptz and slo_id = any(?::bigint[])",
                    utc(from), utc(to), sloIds.toArray(Long[]::new)).forEach(r -> {
                        long[][] a = arrays.get(r.get(0, Long.class));
                        int i = (int) ChronoUnit.MINUTES.between(from, r.get(1, OffsetDateTime.class).toInstant());
                        a[0][i] = r.get(2, Long.class);
                        a[1][i] = r.get(3, Long.class);
                    });
        }
        Map<Long, ArrayBuckets> tails = new java.util.HashMap<>();
        arrays.forEach((id, a) -> tails.put(id, new ArrayBuckets(from, a[0], a[1], from)));
        return tails;
    }

    /** Every exclusion, by SLO. */
    public Map<Long, List<Exclusion>> allExclusions() {
        Map<Long, List<Exclusion>> all = new java.util.HashMap<>();
        sql.resultQuery("select * from slo_exclusions order by starts_at, id").forEach(r -> all.computeIfAbsent(r.get("slo_id", Long.class),
                k -> new ArrayList<>()).add(new Exclusion(r.get("id", Long.class), r.get("slo_id", Long.class), instant(r, "starts_at"),
                instant(r, "ends_at"), r.get("reason", String.class), r.get("incident_id", Long.class), r.get("created_by", String.class),
                instant(r, "created_at"))));
        return all;
    }

    /** The SLO's minutes in [from, to) as arrays with prefix sums, for the math. */
    public ArrayBuckets buckets(Stored stored, Instant from, Instant to) {
        Instant start = from.truncatedTo(ChronoUnit.MINUTES);
        int size = (int) Math.max(0, ChronoUnit.MINUTES.between(start, to));
        long[] good = new long[size];
        long[] total = new long[size];
        sql.resultQuery("select minute, good, total from slo_minutes where slo_id = ? and minute >= ?::timestamptz and minute < ?::timestamptz",
                stored.id(), utc(start), utc(to)).forEach(r -> {
                    int index = (int) ChronoUnit.MINUTES.between(start, r.get(0, OffsetDateTime.class).toInstant());
                    good[index] = r.get(1, Long.class);
                    total[index] = r.get(2, Long.class);
                });
        // Counting starts when the SLO was created, or earlier where data was pushed or read for
        // earlier minutes (a backfill): quiet minutes before either count for nothing.
        Instant since = stored.collectingSince();
        for (int i = 0; i < size; i++) {
            if (total[i] > 0) {
                Instant first = start.plus(i, ChronoUnit.MINUTES);
                since = first.isBefore(since) ? first : since;
                break;
            }
        }
        return new ArrayBuckets(start, good, total, since);
    }

    /** Hour roll-ups in [from, to): for charts and reports over long spans. */
    public List<Minute> hours(long sloId, Instant from, Instant to) {
        return sql.resultQuery("select hour, good, total from slo_hours where slo_id = ? and hour >= ?::timestamptz and hour < ?::timestamptz order by hour",
                sloId, utc(from), utc(to)).fetch(r -> new Minute(sloId, r.get(0, OffsetDateTime.class).toInstant(), r.get(1, Long.class), r.get(2, Long.class)));
    }

    public Counts sum(long sloId, Instant from, Instant to) {
        Record r = sql.resultQuery("select coalesce(sum(good), 0), coalesce(sum(total), 0) from slo_minutes where slo_id = ? and minute >= ?::timestamptz "
                + "and minute < ?::timestamptz", sloId, utc(from), utc(to)).fetchOne();
        return new Counts(r.get(0, Long.class), r.get(1, Long.class));
    }

    // --- exclusions

    public List<Exclusion> exclusions(long sloId) {
        return sql.resultQuery("select * from slo_exclusions where slo_id = ? order by starts_at, id", sloId).fetch(r -> new Exclusion(
                r.get("id", Long.class), r.get("slo_id", Long.class), instant(r, "starts_at"), instant(r, "ends_at"), r.get("reason", String.class),
                r.get("incident_id", Long.class), r.get("created_by", String.class), instant(r, "created_at")));
    }

    long addExclusion(long sloId, Instant from, Instant to, String reason, Long incidentId, String actor, Instant now) {
        return sql.resultQuery("""
                insert into slo_exclusions (slo_id, starts_at, ends_at, reason, incident_id, created_by, created_at)
                values (?, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?::timestamptz) returning id""",
                sloId, utc(from), utc(to), reason, incidentId, actor, utc(now)).fetchOne(0, Long.class);
    }

    int deleteExclusion(long sloId, long id) {
        return sql.execute("delete from slo_exclusions where slo_id = ? and id = ?", sloId, id);
    }

    // --- data sources

    public List<DataSource> dataSources() {
        return sql.resultQuery("select id, slug, type, url from slo_data_sources order by slug")
                .fetch(r -> new DataSource(r.get(0, Long.class), r.get(1, String.class), r.get(2, String.class), r.get(3, String.class)));
    }

    public Optional<DataSource> dataSource(String slug) {
        return dataSources().stream().filter(source -> source.slug().equals(slug)).findFirst();
    }

    void putDataSource(String slug, String url) {
        sql.execute("""
                insert into slo_data_sources (slug, type, url) values (?, 'prometheus', ?)
                on conflict (slug) do update set url = excluded.url, updated_at = now()""", slug, url);
    }

    // --- helpers

    /** Parsed definitions by id and the updated_at they were parsed at: the evaluator lists every SLO each minute. */
    private final java.util.concurrent.ConcurrentHashMap<Long, Map.Entry<OffsetDateTime, Slo>> parsed = new java.util.concurrent.ConcurrentHashMap<>();

    Stored stored(Record r) {
        long id = r.get("id", Long.class);
        OffsetDateTime updated = r.get("updated_at", OffsetDateTime.class);
        Map.Entry<OffsetDateTime, Slo> cached = parsed.get(id);
        Slo slo;
        if (cached != null && cached.getKey().equals(updated)) {
            slo = cached.getValue();
        } else {
            slo = SloFields.read(JSON.readTree(r.get("spec", String.class)));
            parsed.put(id, Map.entry(updated, slo));
        }
        return new Stored(r.get("id", Long.class), slo, r.get("service_id", Long.class), instant(r, "collecting_since"), instant(r, "collected_until"),
                instant(r, "created_at"), instant(r, "updated_at"), instant(r, "counts_changed_at"));
    }


}
