package dev.andon.server.paging;

import dev.andon.oncall.Schedule;
import dev.andon.oncall.Shift;
import java.math.BigDecimal;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

/**
 * What paging costs people and how fast pages are answered, over a period: pages and night pages
 * per person with their hours on call, and the mean times to acknowledge and to resolve per
 * service and per team. The on-call report shows these; metrics can export the same numbers.
 */
@Component
public class PagingReports {
    /** Night is 22:00 to 07:00 UTC: one clock for everyone, since responders sit in many time zones. */
    public static final int NIGHT_STARTS_HOUR = 22;
    public static final int NIGHT_ENDS_HOUR = 7;

    private final DSLContext sql;
    private final OnCallStore onCall;

    public PagingReports(DSLContext sql, OnCallStore onCall) {
        this.sql = sql;
        this.onCall = onCall;
    }

    /**
     * One person's load: {@code pages} is the number of alert groups they were paged for (a group
     * that notified them by email and SMS counts once), {@code nightPages} those whose first page to
     * them came at night, {@code onCall} the time they were on call across all schedules.
     */
    public record PersonLoad(String username, int pages, int nightPages, Duration onCall) {}

    /**
     * How fast the pages of a service or team were answered. {@code groups} counts the alert groups
     * opened in the period (those a maintenance window suppressed left out: they paged nobody); the
     * means are null when no group was acknowledged, or resolved.
     */
    public record ResponseTimes(String slug, String name, int groups, int acknowledged, Duration meanTimeToAcknowledge, int resolved,
                                Duration meanTimeToResolve) {}

    /**
     * Everyone who was paged or on call in {@code [from, to)}, the most paged first. A page that was
     * cancelled before it was sent (acknowledged in time) disturbed nobody and is not counted.
     */
    public List<PersonLoad> load(Instant from, Instant to) {
        Map<String, int[]> pages = new HashMap<>();
        sql.resultQuery("""
                with firsts as (
                    select n.user_id, n.group_id, min(n.created_at) as first_at
                    from notifications n
                    where n.kind in ('page', 'reassign') and n.group_id is not null and n.status <> 'cancelled' and n.created_at >= ?::timestamptz
                      and n.created_at < ?::timestamptz
                    group by n.user_id, n.group_id)
                select u.username, count(*) as pages,
                       count(*) filter (where extract(hour from f.first_at at time zone 'UTC') >= ?
                                           or extract(hour from f.first_at at time zone 'UTC') < ?) as night
                from firsts f join users u on u.id = f.user_id
                group by u.username""", from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC), NIGHT_STARTS_HOUR, NIGHT_ENDS_HOUR)
                .forEach(row -> pages.put(row.get("username", String.class),
                        new int[] {row.get("pages", Integer.class), row.get("night", Integer.class)}));
        Map<String, Duration> hours = new HashMap<>();
        for (Schedule schedule : onCall.schedules()) {
            for (Shift shift : onCall.shifts(schedule, from, to)) {
                hours.merge(shift.user(), Duration.between(shift.start(), shift.end()), Duration::plus);
            }
        }
        List<PersonLoad> load = new ArrayList<>();
        for (String username : union(pages.keySet(), hours.keySet())) {
            int[] counts = pages.getOrDefault(username, new int[2]);
            load.add(new PersonLoad(username, counts[0], counts[1], hours.getOrDefault(username, Duration.ZERO)));
        }
        load.sort(Comparator.comparingInt(PersonLoad::pages).reversed().thenComparing(PersonLoad::nightPages, Comparator.reverseOrder())
                .thenComparing(PersonLoad::onCall, Comparator.reverseOrder()).thenComparing(PersonLoad::username));
        return load;
    }

    /** Per service with alert groups opened in {@code [from, to)}, the slowest to acknowledge first. */
    public List<ResponseTimes> byService(Instant from, Instant to) {
        return responseTimes(from, to, "s.slug", "s.name");
    }

    /** Per owner team of the services; services without an owner are one row with a null slug. */
    public List<ResponseTimes> byTeam(Instant from, Instant to) {
        return responseTimes(from, to, "t.slug", "t.name");
    }

    private List<ResponseTimes> responseTimes(Instant from, Instant to, String slugColumn, String nameColumn) {
        // The group was acknowledged when its first alert was; a group resolved without anyone
        // acknowledging it counts towards the time to resolve only.
        List<ResponseTimes> rows = sql.resultQuery("""
                with groups as (
                    select g.id, g.service_id, g.opened_at, g.resolved_at,
                           (select min(a.acknowledged_at) from alerts a where a.group_id = g.id) as acknowledged_at
                    from alert_groups g
                    where g.opened_at >= ?::timestamptz and g.opened_at < ?::timestamptz and g.page_state <> 'suppressed')
                select %s as slug, %s as name, count(*) as groups,
                       count(g.acknowledged_at) as acknowledged,
                       avg(greatest(extract(epoch from g.acknowledged_at - g.opened_at), 0)) filter (where g.acknowledged_at is not null) as mtta,
                       count(g.resolved_at) as resolved,
                       avg(greatest(extract(epoch from g.resolved_at - g.opened_at), 0)) filter (where g.resolved_at is not null) as mttr
                from groups g join services s on s.id = g.service_id left join teams t on t.id = s.owner_team_id
                group by 1, 2""".formatted(slugColumn, nameColumn), from.atOffset(ZoneOffset.UTC), to.atOffset(ZoneOffset.UTC))
                .fetch(PagingReports::responseTimes);
        return rows.stream().sorted(Comparator.comparing((ResponseTimes row) -> row.meanTimeToAcknowledge() == null ? Duration.ZERO
                        : row.meanTimeToAcknowledge()).reversed().thenComparing(ResponseTimes::groups, Comparator.reverseOrder())
                .thenComparing(row -> row.name() == null ? "" : row.name(), String.CASE_INSENSITIVE_ORDER)).toList();
    }

    private static ResponseTimes responseTimes(Record row) {
        return new ResponseTimes(row.get("slug", String.class), row.get("name", String.class), row.get("groups", Integer.class),
                row.get("acknowledged", Integer.class), seconds(row.get("mtta", BigDecimal.class)), row.get("resolved", Integer.class),
                seconds(row.get("mttr", BigDecimal.class)));
    }

    private static Duration seconds(BigDecimal seconds) {
        return seconds == null ? null : Duration.ofMillis(seconds.movePointRight(3).longValue());
    }

    private static List<String> union(java.util.Set<String> first, java.util.Set<String> second) {
        List<String> all = new ArrayList<>(first);
        second.stream().filter(name -> !first.contains(name)).forEach(all::add);
        return all;
    }
}
