package dev.andon.server.alerts;

import static dev.andon.server.jooq.Tables.ALERTS;
import static dev.andon.server.jooq.Tables.ALERT_GROUPS;
import static dev.andon.server.jooq.Tables.ALERT_LOG;

import com.github.kagkarlsson.scheduler.task.helper.RecurringTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import com.github.kagkarlsson.scheduler.task.schedule.FixedDelay;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.node.ObjectNode;

/**
 * Time-driven alert work, run every {@link #INTERVAL} as a db-scheduler task (one node at a time,
 * survives restarts): alerts whose auto-resolve timeout passed are resolved; when a maintenance
 * window starts, open alerts on its services become suppressed and their groups stop being ready
 * to page (which cancels pages not yet sent); when it ends, alerts still open and unacknowledged
 * are ready to page again, because the problem outlived the maintenance.
 */
@Component
public class AlertSweeps {
    static final Duration INTERVAL = Duration.ofSeconds(10);
    private static final int MAX_PER_RUN = 1_000;

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final MaintenanceCalendar calendar;
    private final Clock clock;

    public AlertSweeps(DSLContext sql, TransactionTemplate transactions, MaintenanceCalendar calendar, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.calendar = calendar;
        this.clock = clock;
    }

    @Bean
    static RecurringTask<Void> alertSweepsTask(AlertSweeps sweeps) {
        return Tasks.recurring("alert-sweeps", FixedDelay.of(INTERVAL)).execute((instance, context) -> sweeps.run(sweeps.clock.instant()));
    }

    /** One pass at time {@code now}; returns how many alerts it changed. */
    public int run(Instant now) {
        return autoResolve(now) + maintenance(now);
    }

    int autoResolve(Instant now) {
        return transactions.execute(status -> {
            OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
            var resolved = sql.resultQuery("""
                    update alerts set status = 'resolved', resolved_at = ?::timestamptz, resolved_by = 'andon', auto_resolve_at = null
                    where id in (select id from alerts where status <> 'resolved' and auto_resolve_at <= ?::timestamptz
                                 order by id limit ? for update skip locked)
                    returning id, group_id, last_event_at""", at, at, MAX_PER_RUN).fetch();
            Set<Long> groups = new LinkedHashSet<>();
            for (var row : resolved) {
                ObjectNode detail = AlertIntake.JSON.createObjectNode();
                detail.put("reason", "auto-resolved: no news since " + row.get("last_event_at", OffsetDateTime.class).toInstant());
                log(row.get("id", Long.class), at, "resolved", detail);
                Long group = row.get("group_id", Long.class);
                if (group != null) {
                    groups.add(group);
                }
            }
            refresh(groups, at);
            return resolved.size();
        });
    }

    int maintenance(Instant now) {
        List<MaintenanceCalendar.Entry> entries = calendar.entries();
        Set<Long> active = new LinkedHashSet<>();
        Set<Long> coveredServices = new LinkedHashSet<>();
        boolean allServices = false;
        for (MaintenanceCalendar.Entry entry : entries) {
            if (dev.andon.alerts.MaintenanceSchedule.activeAt(entry.window(), now).isPresent()) {
                active.add(entry.id());
                coveredServices.addAll(entry.serviceIds());
                allServices |= entry.window().allServices();
            }
        }
        boolean everything = allServices;
        return transactions.execute(status -> {
            OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
            int changed = 0;
            Map<Long, Optional<MaintenanceCalendar.Suppression>> byService = new HashMap<>();
            // Alerts whose window is over (or deleted): another window may still cover them; else ready to page again.
            var released = sql.select(ALERTS.ID, ALERTS.SERVICE_ID).from(ALERTS)
                    .where(ALERTS.STATUS.ne("resolved")).and(ALERTS.SUPPRESSED_BY.isNotNull())
                    .and(ALERTS.SUPPRESSED_BY.notIn(active))
                    .orderBy(ALERTS.ID).limit(MAX_PER_RUN).forUpdate().skipLocked().fetch();
            for (var alert : released) {
                Optional<MaintenanceCalendar.Suppression> still = byService.computeIfAbsent(alert.value2(), service -> calendar.suppressing(service, now));
                if (still.isPresent()) {
                    sql.update(ALERTS).set(ALERTS.SUPPRESSED_BY, still.get().id()).where(ALERTS.ID.eq(alert.value1())).execute();
                    log(alert.value1(), at, "suppressed", why(still.get(), "its window ended, and another one covers the service"));
                } else {
                    sql.update(ALERTS).setNull(ALERTS.SUPPRESSED_BY).where(ALERTS.ID.eq(alert.value1())).execute();
                    ObjectNode detail = AlertIntake.JSON.createObjectNode();
                    detail.put("reason", "the maintenance window ended and the alert is still open");
                    log(alert.value1(), at, "unsuppressed", detail);
                }
                changed++;
            }
            // Alerts nobody acknowledged on services a window now covers: suppressed, and their
            // groups stop being ready to page (which cancels pages not yet sent).
            if (!active.isEmpty()) {
                var candidates = sql.select(ALERTS.ID, ALERTS.SERVICE_ID, ALERTS.GROUP_ID).from(ALERTS)
                        .where(ALERTS.STATUS.eq("triggered")).and(ALERTS.SUPPRESSED_BY.isNull())
                        .and(everything ? org.jooq.impl.DSL.trueCondition() : ALERTS.SERVICE_ID.in(coveredServices))
                        .orderBy(ALERTS.ID).limit(MAX_PER_RUN).forUpdate().skipLocked().fetch();
                Map<Long, Long> suppressedGroups = new HashMap<>();
                for (var alert : candidates) {
                    Optional<MaintenanceCalendar.Suppression> suppression = byService.computeIfAbsent(alert.value2(),
                            service -> calendar.suppressing(service, now));
                    if (suppression.isEmpty()) {
                        continue;
                    }
                    sql.update(ALERTS).set(ALERTS.SUPPRESSED_BY, suppression.get().id()).where(ALERTS.ID.eq(alert.value1())).execute();
                    log(alert.value1(), at, "suppressed", why(suppression.get(), "the maintenance window started; pages not yet sent are cancelled"));
                    if (alert.value3() != null) {
                        suppressedGroups.put(alert.value3(), suppression.get().id());
                    }
                    changed++;
                }
                suppressedGroups.forEach((group, window) -> sql.update(ALERT_GROUPS).set(ALERT_GROUPS.PAGE_STATE, "suppressed")
                        .set(ALERT_GROUPS.SUPPRESSED_BY, window).where(ALERT_GROUPS.ID.eq(group)).and(ALERT_GROUPS.RESOLVED_AT.isNull()).execute());
            }
            // A group is ready to page again once none of its open alerts is suppressed.
            sql.execute("""
                    update alert_groups g set page_state = 'pending', suppressed_by = null
                    where g.resolved_at is null and g.page_state = 'suppressed'
                      and not exists (select 1 from alerts a where a.group_id = g.id and a.status in ('triggered', 'acknowledged') and a.suppressed_by is not null)""");
            return changed;
        });
    }

    private static ObjectNode why(MaintenanceCalendar.Suppression suppression, String reason) {
        ObjectNode detail = AlertIntake.JSON.createObjectNode();
        detail.put("window", suppression.slug());
        detail.put("windowName", suppression.name());
        detail.put("until", suppression.until().toString());
        detail.put("reason", reason);
        return detail;
    }

    private void log(long alert, OffsetDateTime at, String kind, ObjectNode detail) {
        sql.insertInto(ALERT_LOG).set(ALERT_LOG.ALERT_ID, alert).set(ALERT_LOG.AT, at).set(ALERT_LOG.KIND, kind).set(ALERT_LOG.ACTOR, "andon")
                .set(ALERT_LOG.DETAIL, detail == null ? null : JSONB.valueOf(detail.toString())).execute();
    }

    private void refresh(Set<Long> groups, OffsetDateTime at) {
        if (!groups.isEmpty()) {
            sql.execute("select andon_refresh_groups(?::bigint[], ?::timestamptz)", groups.toArray(Long[]::new), at);
        }
    }
}
