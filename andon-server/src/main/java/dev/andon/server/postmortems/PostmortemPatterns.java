package dev.andon.server.postmortems;

import static dev.andon.server.database.SqlTimes.instant;
import static dev.andon.server.database.SqlTimes.utc;

import dev.andon.postmortems.FactorType;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

/**
 * What the postmortems say together over a window: the contributing factors that keep coming back,
 * the services with repeated incidents, whether action items get done, and how long a postmortem
 * takes to be published after its incident is resolved. Months are calendar months in UTC.
 */
@Component
public class PostmortemPatterns {
    /** The windows offered, in days. */
    public static final List<Integer> WINDOWS = List.of(90, 180, 365);
    /** How many of the most frequent factor descriptions are shown. */
    static final int TOP_FACTORS = 10;

    private final DSLContext sql;
    private final Clock clock;

    public PostmortemPatterns(DSLContext sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    /** Factors of one type: how many, and in how many postmortems. */
    public record TypeCount(FactorType type, int factors, int postmortems) {}

    /**
     * A factor description as written most often (descriptions are grouped without case and extra
     * spaces), how many times and in how many postmortems; {@code type} is the one most often given.
     */
    public record FactorCount(String description, FactorType type, int factors, int postmortems) {}

    /** A service with two or more incidents in the window, and how many of them have a postmortem. */
    public record RepeatedService(String slug, String name, int incidents, int postmortems, Instant lastStarted) {}

    /**
     * One month of action items created in the window: created and done that month, and the
     * completion rate at the month's end over all of them created so far (done / (created − won't
     * do); null when there is nothing to complete).
     */
    public record CompletionMonth(YearMonth month, int created, int done, Double rate) {}

    /** A published postmortem: hours from its incident's resolution to publication. */
    public record PublishTime(long postmortemId, long incident, String title, Instant resolvedAt, Instant publishedAt, double hours) {}

    /** The median time to publish of the postmortems published in a month (null when none were). */
    public record PublishMonth(YearMonth month, int published, Double medianHours) {}

    public record Patterns(int days, Instant from, Instant to, int postmortems, int published, int overdue, List<TypeCount> types,
                           List<FactorCount> factors, List<RepeatedService> services, List<CompletionMonth> completion,
                           List<PublishTime> publishTimes, List<PublishMonth> publishMonths) {}

    /** The patterns of the last {@code days} days; any window other than those offered is the first one. */
    public Patterns of(int days) {
        int window = WINDOWS.contains(days) ? days : WINDOWS.getFirst();
        Instant to = clock.instant();
        Instant from = to.minus(Duration.ofDays(window));
        OffsetDateTime since = utc(from);
        Record totals = sql.resultQuery("""
                select count(*) as postmortems, count(*) filter (where p.status = 'published') as published,
                       count(*) filter (where p.status <> 'published' and p.due_at < ?::timestamptz) as overdue
                from postmortems p join incidents i on i.id = p.incident_id where i.started_at >= ?::timestamptz""", utc(to), since).fetchOne();
        List<TypeCount> types = sql.resultQuery("""
                select f.type, count(*) as factors, count(distinct f.postmortem_id) as postmortems
                from postmortem_factors f join postmortems p on p.id = f.postmortem_id join incidents i on i.id = p.incident_id
                where i.started_at >= ?::timestamptz group by f.type order by factors desc, f.type""", since)
                .fetch(r -> new TypeCount(FactorType.parse(r.get("type", String.class)), r.get("factors", Integer.class), r.get("postmortems", Integer.class)));
        List<FactorCount> factors = sql.resultQuery("""
                select mode() within group (order by btrim(f.description)) as description, mode() within group (order by f.type) as type, count(*) as factors,
                       count(distinct f.postmortem_id) as postmortems
                from postmortem_factors f join postmortems p on p.id = f.postmortem_id join incidents i on i.id = p.incident_id
                where i.started_at >= ?::timestamptz and btrim(f.description) <> ''
                group by lower(regexp_replace(btrim(f.description), '\\s+', ' ', 'g'))
                order by factors desc, postmortems desc, description limit ?""", since, TOP_FACTORS)
                .fetch(r -> new FactorCount(r.get("description", String.class), FactorType.parse(r.get("type", String.class)),
                        r.get("factors", Integer.class), r.get("postmortems", Integer.class)));
        List<RepeatedService> services = sql.resultQuery("""
                select s.slug, s.name, count(*) as incidents, count(p.id) as postmortems, max(i.started_at) as last_started
                from incidents i join incident_services v on v.incident_id = i.id join services s on s.id = v.service_id
                left join postmortems p on p.incident_id = i.id
                where i.started_at >= ?::timestamptz group by s.id, s.slug, s.name having count(*) >= 2
                order by incidents desc, s.slug limit 50""", since)
                .fetch(r -> new RepeatedService(r.get("slug", String.class), r.get("name", String.class), r.get("incidents", Integer.class),
                        r.get("postmortems", Integer.class), instant(r, "last_started")));
        List<PublishTime> publishTimes = sql.resultQuery("""
                select p.id, i.number, p.title, i.resolved_at, p.published_at,
                       greatest(0, extract(epoch from p.published_at - i.resolved_at) / 3600.0)::float8 as hours
                from postmortems p join incidents i on i.id = p.incident_id
                where p.status = 'published' and p.published_at >= ?::timestamptz and i.resolved_at is not null
                order by p.published_at desc, p.id desc limit 500""", since)
                .fetch(r -> new PublishTime(r.get("id", Long.class), r.get("number", Long.class), r.get("title", String.class),
                        instant(r, "resolved_at"), instant(r, "published_at"), r.get("hours", Double.class)));
        return new Patterns(window, from, to, totals.get("postmortems", Integer.class), totals.get("published", Integer.class),
                totals.get("overdue", Integer.class), types, factors, services, completion(from, to), publishTimes,
                publishMonths(months(from, to), publishTimes));
    }

    private List<CompletionMonth> completion(Instant from, Instant to) {
        // Per month, over the items created since the window began: created and done in the month, and
        // the rate at the month's end (an item's closed_at is when it reached done or won't do).
        return sql.resultQuery("""
                with items as (select status, created_at at time zone 'UTC' as created, closed_at at time zone 'UTC' as closed
                               from action_items where created_at >= ?::timestamptz),
                     months as (select generate_series(date_trunc('month', ?::timestamptz at time zone 'UTC'),
                                                       date_trunc('month', ?::timestamptz at time zone 'UTC'), interval '1 month') as month)
                select to_char(m.month, 'YYYY-MM') as month,
                       count(*) filter (where a.created >= m.month and a.created < m.month + interval '1 month') as created,
                       count(*) filter (where a.status = 'done' and a.closed >= m.month and a.closed < m.month + interval '1 month') as done,
                       count(*) filter (where a.created < m.month + interval '1 month') as so_far,
                       count(*) filter (where a.status = 'done' and a.closed < m.month + interval '1 month') as done_so_far,
                       count(*) filter (where a.status = 'wont_do' and a.closed < m.month + interval '1 month') as wont_do_so_far
                from months m left join items a on true
                group by m.month order by m.month""", utc(from), utc(from), utc(to))
                .fetch(r -> {
                    int counted = r.get("so_far", Integer.class) - r.get("wont_do_so_far", Integer.class);
                    return new CompletionMonth(YearMonth.parse(r.get("month", String.class)), r.get("created", Integer.class), r.get("done", Integer.class),
                            counted <= 0 ? null : (double) r.get("done_so_far", Integer.class) / counted);
                });
    }

    static List<YearMonth> months(Instant from, Instant to) {
        List<YearMonth> months = new ArrayList<>();
        YearMonth last = YearMonth.from(to.atOffset(ZoneOffset.UTC));
        for (YearMonth month = YearMonth.from(from.atOffset(ZoneOffset.UTC)); !month.isAfter(last); month = month.plusMonths(1)) {
            months.add(month);
        }
        return months;
    }

    static List<PublishMonth> publishMonths(List<YearMonth> months, List<PublishTime> times) {
        Map<YearMonth, List<Double>> hours = new LinkedHashMap<>();
        months.forEach(month -> hours.put(month, new ArrayList<>()));
        for (PublishTime time : times) {
            List<Double> month = hours.get(YearMonth.from(time.publishedAt().atOffset(ZoneOffset.UTC)));
            if (month != null) {
                month.add(time.hours());
            }
        }
        return hours.entrySet().stream().map(e -> new PublishMonth(e.getKey(), e.getValue().size(), median(e.getValue()))).toList();
    }

    /** The middle value (the mean of the two middle ones for an even count); null for none. */
    public static Double median(List<Double> values) {
        if (values.isEmpty()) {
            return null;
        }
        List<Double> sorted = values.stream().sorted().toList();
        int middle = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(middle) : (sorted.get(middle - 1) + sorted.get(middle)) / 2;
    }

}
