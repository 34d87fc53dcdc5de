package dev.andon.server.paging;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.MultiGauge;
import io.micrometer.core.instrument.Tags;
import java.time.Clock;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.SmartInitializingSingleton;
import org.springframework.stereotype.Component;

/**
 * Response metrics on /metrics, over the last {@link #WINDOW}, read from the database every
 * minute so every node of a cluster reports the same figures: mean time to acknowledge and to
 * resolve per service and per team (a page is an alert group: acknowledged when its first alert
 * was, resolved when its last was), and pages per person (alert groups they were paged for).
 */
@Component
public class PagingMetrics implements SmartInitializingSingleton, DisposableBean {
    static final Duration WINDOW = Duration.ofDays(30);
    private static final Logger log = LoggerFactory.getLogger(PagingMetrics.class);

    private final DSLContext sql;
    private final Clock clock;
    private final MultiGauge mttaByService;
    private final MultiGauge mttrByService;
    private final MultiGauge mttaByTeam;
    private final MultiGauge mttrByTeam;
    private final MultiGauge pagesByPerson;
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(
            Thread.ofPlatform().name("andon-paging-metrics").daemon(true).factory());

    public PagingMetrics(DSLContext sql, Clock clock, MeterRegistry registry) {
        this.sql = sql;
        this.clock = clock;
        mttaByService = MultiGauge.builder("andon_service_mtta_seconds").baseUnit("seconds")
                .description("Mean time from a page opening to its acknowledgement, per service, over the last 30 days").register(registry);
        mttrByService = MultiGauge.builder("andon_service_mttr_seconds").baseUnit("seconds")
                .description("Mean time from a page opening to its resolution, per service, over the last 30 days").register(registry);
        mttaByTeam = MultiGauge.builder("andon_team_mtta_seconds").baseUnit("seconds")
                .description("Mean time to acknowledge the pages of a team's services, over the last 30 days").register(registry);
        mttrByTeam = MultiGauge.builder("andon_team_mttr_seconds").baseUnit("seconds")
                .description("Mean time to resolve the pages of a team's services, over the last 30 days").register(registry);
        pagesByPerson = MultiGauge.builder("andon_person_pages")
                .description("Pages (alert groups) a person was notified of, over the last 30 days").register(registry);
    }

    @Override
    public void afterSingletonsInstantiated() {
        refresher.scheduleWithFixedDelay(this::refresh, 5, 60, TimeUnit.SECONDS);
    }

    @Override
    public void destroy() {
        refresher.shutdownNow();
    }

    void refresh() {
        try {
            OffsetDateTime since = clock.instant().minus(WINDOW).atOffset(ZoneOffset.UTC);
            List<MultiGauge.Row<?>> serviceMtta = new ArrayList<>();
            List<MultiGauge.Row<?>> serviceMttr = new ArrayList<>();
            List<MultiGauge.Row<?>> teamMtta = new ArrayList<>();
            List<MultiGauge.Row<?>> teamMttr = new ArrayList<>();
            sql.resultQuery("""
                    with pages as (
                        select g.service_id, g.opened_at, g.resolved_at,
                               (select min(a.acknowledged_at) from alerts a where a.group_id = g.id) as acknowledged_at
                        from alert_groups g where g.opened_at >= ?::timestamptz)
                    select s.slug as service, coalesce(t.slug, '') as team,
                           avg(extract(epoch from p.acknowledged_at - p.opened_at)) as mtta,
                           avg(extract(epoch from p.resolved_at - p.opened_at)) as mttr,
                           grouping(s.slug) as by_team
                    from pages p join services s on s.id = p.service_id left join teams t on t.id = s.owner_team_id
                    group by grouping sets ((s.slug, t.slug), (t.slug))""", since).forEach(row -> {
                Double mtta = row.get("mtta", Double.class);
                Double mttr = row.get("mttr", Double.class);
                boolean byTeam = row.get("by_team", Integer.class) == 1;
                String team = row.get("team", String.class);
                if (byTeam) {
                    if (!team.isEmpty()) {
                        add(teamMtta, Tags.of("team", team), mtta);
                        add(teamMttr, Tags.of("team", team), mttr);
                    }
                } else {
                    Tags tags = Tags.of("service", row.get("service", String.class), "team", team);
                    add(serviceMtta, tags, mtta);
                    add(serviceMttr, tags, mttr);
                }
            });
            List<MultiGauge.Row<?>> pages = new ArrayList<>();
            sql.resultQuery("""
                    select u.username, count(distinct n.group_id) as pages
                    from notifications n join users u on u.id = n.user_id
                    where n.kind in ('page', 'reassign') and n.status = 'sent' and n.created_at >= ?::timestamptz
                    group by u.username""", since)
                    .forEach(row -> pages.add(MultiGauge.Row.of(Tags.of("user", row.get(0, String.class)), row.get(1, Long.class))));
            mttaByService.register(serviceMtta, true);
            mttrByService.register(serviceMttr, true);
            mttaByTeam.register(teamMtta, true);
            mttrByTeam.register(teamMttr, true);
            pagesByPerson.register(pages, true);
        } catch (RuntimeException e) {
            log.debug("cannot refresh paging metrics: {}", e.toString());
        }
    }

    private static void add(List<MultiGauge.Row<?>> rows, Tags tags, Double value) {
        if (value != null) {
            rows.add(MultiGauge.Row.of(tags, value));
        }
    }
}
