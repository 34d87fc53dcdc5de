package dev.andon.server.alerts;

import static dev.andon.server.jooq.Tables.ALERTS;
import static dev.andon.server.jooq.Tables.ALERT_GROUPS;
import static dev.andon.server.jooq.Tables.ALERT_LOG;
import static dev.andon.server.jooq.Tables.CHANGE_EVENTS;
import static dev.andon.server.jooq.Tables.INTEGRATIONS;
import static dev.andon.server.jooq.Tables.MAINTENANCE_WINDOWS;
import static dev.andon.server.jooq.Tables.SERVICES;
import static dev.andon.server.jooq.Tables.TEAMS;

import com.fasterxml.jackson.annotation.JsonRawValue;
import dev.andon.alerts.AlertStatus;
import dev.andon.alerts.Severity;
import dev.andon.catalog.CatalogException;
import dev.andon.server.jooq.tables.records.AlertGroupsRecord;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.jooq.Condition;
import org.jooq.DSLContext;
import org.jooq.Field;
import org.jooq.Record;
import org.jooq.impl.DSL;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Reading alerts (inbox, one alert, its timeline, change events, the noise report) and what responders do to them. */
@Component
public class AlertStore {
    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public AlertStore(DSLContext sql, TransactionTemplate transactions, Clock clock) {
        this.sql = sql;
        this.transactions = transactions;
        this.clock = clock;
    }

    /** One alert as the inbox and the alert page show it. Its JSON columns go out in the API as JSON, not as strings of it. */
    public record AlertRow(long id, String status, String severity, String summary, String source, String component, String alertClass,
                           String service, String serviceName, String team, String origin, String originRef, String integration,
                           String integrationName, String dedupKey, Long groupId, Instant createdAt, Instant lastEventAt, int dedupCount,
                           Instant acknowledgedAt, String acknowledgedBy, Instant resolvedAt, String resolvedBy, String suppressedBy,
                           String suppressedByName, Instant autoResolveAt, Boolean actionable, String feedbackBy,
                           @JsonRawValue String customDetails, @JsonRawValue String links, @JsonRawValue String images, String client,
                           String clientUrl, Instant sourceTime) {
        public boolean open() {
            return !"resolved".equals(status);
        }
    }

    /** Filters of the inbox; null means any. {@code state} is open (triggered or acknowledged), triggered, acknowledged or resolved. */
    public record Filter(String state, String service, String team, String severity, Integer limit) {
        public static Filter open() {
            return new Filter("open", null, null, null, null);
        }
    }

    public static final List<String> STATES = List.of("open", "triggered", "acknowledged", "resolved", "all");

    public List<AlertRow> list(Filter filter) {
        List<Condition> where = new ArrayList<>();
        String state = filter.state() == null ? "open" : filter.state();
        switch (state) {
            case "open" -> where.add(ALERTS.STATUS.ne("resolved"));
            case "triggered", "acknowledged", "resolved" -> where.add(ALERTS.STATUS.eq(state));
            case "all" -> { }
            default -> throw new CatalogException(CatalogException.Code.INVALID, "state", "'" + state + "' is not one of " + String.join(", ", STATES));
        }
        if (filter.service() != null && !filter.service().isBlank()) {
            where.add(SERVICES.SLUG.eq(filter.service()));
        }
        if (filter.team() != null && !filter.team().isBlank()) {
            where.add(TEAMS.SLUG.eq(filter.team()));
        }
        if (filter.severity() != null && !filter.severity().isBlank()) {
            if (Severity.parse(filter.severity()) == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "severity", "'" + filter.severity() + "' is not one of critical, error, warning, info");
            }
            where.add(ALERTS.SEVERITY.eq(filter.severity()));
        }
        int limit = filter.limit() == null ? 200 : Math.max(1, Math.min(filter.limit(), 1000));
        return select().where(where).orderBy(ALERTS.CREATED_AT.desc(), ALERTS.ID.desc()).limit(limit).fetch(AlertStore::toRow);
    }

    public Optional<AlertRow> find(long id) {
        return select().where(ALERTS.ID.eq(id)).fetchOptional(AlertStore::toRow);
    }

    /** The open alert under an integration's dedup key (tests, and the API's lookup by key). */
    public Optional<AlertRow> findOpen(String integration, String dedupKey) {
        return select().where(INTEGRATIONS.SLUG.eq(integration)).and(ALERTS.DEDUP_KEY.eq(dedupKey)).and(ALERTS.STATUS.ne("resolved"))
                .fetchOptional(AlertStore::toRow);
    }

    public List<AlertRow> inGroup(long groupId) {
        return select().where(ALERTS.GROUP_ID.eq(groupId)).orderBy(ALERTS.CREATED_AT, ALERTS.ID).limit(500).fetch(AlertStore::toRow);
    }

    /** The latest alerts that came in through one integration, any status: the integration page shows what it receives. */
    public List<AlertRow> forIntegration(String integration, int limit) {
        return select().where(INTEGRATIONS.SLUG.eq(integration)).orderBy(ALERTS.CREATED_AT.desc(), ALERTS.ID.desc())
                .limit(Math.max(1, Math.min(limit, 1000))).fetch(AlertStore::toRow);
    }

    private org.jooq.SelectOnConditionStep<Record> select() {
        return sql.select(ALERTS.fields()).select(SERVICES.SLUG.as("service_slug"), SERVICES.NAME.as("service_name"), TEAMS.SLUG.as("team_slug"),
                        INTEGRATIONS.SLUG.as("integration_slug"), INTEGRATIONS.NAME.as("integration_name"),
                        MAINTENANCE_WINDOWS.SLUG.as("window_slug"), MAINTENANCE_WINDOWS.NAME.as("window_name"))
                .from(ALERTS).join(SERVICES).on(SERVICES.ID.eq(ALERTS.SERVICE_ID))
                .leftJoin(TEAMS).on(TEAMS.ID.eq(SERVICES.OWNER_TEAM_ID))
                .leftJoin(INTEGRATIONS).on(INTEGRATIONS.ID.eq(ALERTS.INTEGRATION_ID))
                .leftJoin(MAINTENANCE_WINDOWS).on(MAINTENANCE_WINDOWS.ID.eq(ALERTS.SUPPRESSED_BY));
    }

    private static AlertRow toRow(Record r) {
        return new AlertRow(r.get(ALERTS.ID), r.get(ALERTS.STATUS), r.get(ALERTS.SEVERITY), r.get(ALERTS.SUMMARY), r.get(ALERTS.SOURCE),
                r.get(ALERTS.COMPONENT), r.get(ALERTS.ALERT_CLASS), r.get("service_slug", String.class), r.get("service_name", String.class),
                r.get("team_slug", String.class), r.get(ALERTS.ORIGIN), r.get(ALERTS.ORIGIN_REF), r.get("integration_slug", String.class),
                r.get("integration_name", String.class), r.get(ALERTS.DEDUP_KEY), r.get(ALERTS.GROUP_ID), instant(r.get(ALERTS.CREATED_AT)),
                instant(r.get(ALERTS.LAST_EVENT_AT)), r.get(ALERTS.DEDUP_COUNT), instant(r.get(ALERTS.ACKNOWLEDGED_AT)),
                r.get(ALERTS.ACKNOWLEDGED_BY), instant(r.get(ALERTS.RESOLVED_AT)), r.get(ALERTS.RESOLVED_BY), r.get("window_slug", String.class),
                r.get("window_name", String.class), instant(r.get(ALERTS.AUTO_RESOLVE_AT)), r.get(ALERTS.ACTIONABLE), r.get(ALERTS.FEEDBACK_BY),
                r.get(ALERTS.CUSTOM_DETAILS) == null ? null : r.get(ALERTS.CUSTOM_DETAILS).data(), r.get(ALERTS.LINKS).data(),
                r.get(ALERTS.IMAGES).data(), r.get(ALERTS.CLIENT), r.get(ALERTS.CLIENT_URL), instant(r.get(ALERTS.SOURCE_TIME)));
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }

    /** One entry of an alert's timeline; {@code detail} is JSON text or null, and goes out in the API as JSON. */
    public record LogRow(Instant at, String kind, String actor, @JsonRawValue String detail) {}

    public List<LogRow> log(long alertId) {
        return sql.selectFrom(ALERT_LOG).where(ALERT_LOG.ALERT_ID.eq(alertId)).orderBy(ALERT_LOG.AT, ALERT_LOG.ID)
                .fetch(r -> new LogRow(r.getAt().toInstant(), r.getKind(), r.getActor(), r.getDetail() == null ? null : r.getDetail().data()));
    }

    /** The storm group an alert belongs to. */
    public record GroupRow(long id, String status, String severity, String title, int alertCount, Instant openedAt, Instant resolvedAt,
                           String pageState) {}

    /** How many alerts the group holds is counted here: writers add to a group without updating its row (V13). */
    public Optional<GroupRow> group(long id) {
        Field<Integer> count = DSL.selectCount().from(ALERTS).where(ALERTS.GROUP_ID.eq(ALERT_GROUPS.ID)).asField("alert_count");
        return sql.select(ALERT_GROUPS.asterisk(), count).from(ALERT_GROUPS).where(ALERT_GROUPS.ID.eq(id)).fetchOptional(r -> {
            AlertGroupsRecord g = r.into(ALERT_GROUPS);
            return new GroupRow(g.getId(), g.getStatus(), g.getSeverity(), g.getTitle(), r.get(count), g.getOpenedAt().toInstant(),
                    instant(g.getResolvedAt()), g.getPageState());
        });
    }

    /** A change event on a service: "who just changed?". */
    public record ChangeRow(long id, String service, String summary, String source, Instant happenedAt, String integration,
                            @JsonRawValue String links, @JsonRawValue String customDetails) {}

    public List<ChangeRow> changes(String service, Instant since, int limit) {
        Condition where = DSL.trueCondition();
        if (service != null) {
            where = where.and(SERVICES.SLUG.eq(service));
        }
        if (since != null) {
            where = where.and(CHANGE_EVENTS.HAPPENED_AT.ge(since.atOffset(java.time.ZoneOffset.UTC)));
        }
        return sql.select(CHANGE_EVENTS.ID, SERVICES.SLUG, CHANGE_EVENTS.SUMMARY, CHANGE_EVENTS.SOURCE, CHANGE_EVENTS.HAPPENED_AT,
                        INTEGRATIONS.SLUG, CHANGE_EVENTS.LINKS, CHANGE_EVENTS.CUSTOM_DETAILS)
                .from(CHANGE_EVENTS).join(SERVICES).on(SERVICES.ID.eq(CHANGE_EVENTS.SERVICE_ID))
                .leftJoin(INTEGRATIONS).on(INTEGRATIONS.ID.eq(CHANGE_EVENTS.INTEGRATION_ID))
                .where(where).orderBy(CHANGE_EVENTS.HAPPENED_AT.desc(), CHANGE_EVENTS.ID.desc()).limit(limit)
                .fetch(r -> new ChangeRow(r.value1(), r.value2(), r.value3(), r.value4(), r.value5().toInstant(), r.value6(), r.value7().data(),
                        r.value8() == null ? null : r.value8().data()));
    }

    /** Acknowledge, resolve: what a responder does, recorded on the alert's timeline. Returns false when it did nothing (already so). */
    public boolean act(long id, AlertStatus to, String actor) {
        return Boolean.TRUE.equals(transactions.execute(status -> {
            var row = sql.select(ALERTS.STATUS, ALERTS.GROUP_ID).from(ALERTS).where(ALERTS.ID.eq(id)).forUpdate().fetchOptional()
                    .orElseThrow(() -> notFound(id));
            AlertStatus current = AlertStatus.parse(row.value1());
            boolean applies = switch (to) {
                case ACKNOWLEDGED -> current == AlertStatus.TRIGGERED;
                case RESOLVED -> current != AlertStatus.RESOLVED;
                case TRIGGERED -> false;
            };
            if (!applies) {
                return false;
            }
            OffsetDateTime now = clock.instant().atOffset(java.time.ZoneOffset.UTC);
            if (to == AlertStatus.ACKNOWLEDGED) {
                sql.update(ALERTS).set(ALERTS.STATUS, "acknowledged").set(ALERTS.ACKNOWLEDGED_AT, now).set(ALERTS.ACKNOWLEDGED_BY, actor)
                        .where(ALERTS.ID.eq(id)).execute();
            } else {
                sql.update(ALERTS).set(ALERTS.STATUS, "resolved").set(ALERTS.RESOLVED_AT, now).set(ALERTS.RESOLVED_BY, actor)
                        .setNull(ALERTS.AUTO_RESOLVE_AT).where(ALERTS.ID.eq(id)).execute();
            }
            sql.insertInto(ALERT_LOG).set(ALERT_LOG.ALERT_ID, id).set(ALERT_LOG.AT, now).set(ALERT_LOG.KIND, to.text()).set(ALERT_LOG.ACTOR, actor)
                    .execute();
            if (row.value2() != null) {
                sql.execute("select andon_refresh_groups(?::bigint[], ?::timestamptz)", new Long[] {row.value2()}, now);
            }
            return true;
        }));
    }

    /** Noise feedback: was this page worth acting on? */
    public void feedback(long id, boolean actionable, String actor) {
        transactions.executeWithoutResult(status -> {
            OffsetDateTime now = clock.instant().atOffset(java.time.ZoneOffset.UTC);
            int updated = sql.update(ALERTS).set(ALERTS.ACTIONABLE, actionable).set(ALERTS.FEEDBACK_BY, actor).set(ALERTS.FEEDBACK_AT, now)
                    .where(ALERTS.ID.eq(id)).execute();
            if (updated == 0) {
                throw notFound(id);
            }
            sql.insertInto(ALERT_LOG).set(ALERT_LOG.ALERT_ID, id).set(ALERT_LOG.AT, now).set(ALERT_LOG.KIND, "feedback").set(ALERT_LOG.ACTOR, actor)
                    .set(ALERT_LOG.DETAIL, org.jooq.JSONB.valueOf("{\"actionable\":" + actionable + "}")).execute();
        });
    }

    /**
     * Per source (integration, or Andon's checks) and rule (the alert's class, Alertmanager's
     * alertname, or the check): how many alerts, how many were marked actionable or not, and how
     * many were suppressed, since a time.
     */
    public record NoiseRow(String source, String rule, int alerts, int actionable, int notActionable, int unrated, int suppressed,
                           Integer actionablePercent) {
        NoiseRow(String source, String rule, int alerts, int actionable, int notActionable, int unrated, int suppressed) {
            this(source, rule, alerts, actionable, notActionable, unrated, suppressed,
                    actionable + notActionable == 0 ? null : Math.round(100f * actionable / (actionable + notActionable)));
        }
    }

    public List<NoiseRow> noise(Instant since) {
        return sql.resultQuery("""
                select coalesce(i.slug, a.origin) as source,
                       coalesce(case when a.origin = 'check' then a.origin_ref end, a.alert_class, a.component, '(none)') as rule,
                       count(*) as alerts,
                       count(*) filter (where a.actionable) as actionable,
                       count(*) filter (where not a.actionable) as not_actionable,
                       count(*) filter (where a.actionable is null) as unrated,
                       count(*) filter (where a.suppressed_by is not null) as suppressed
                from alerts a left join integrations i on i.id = a.integration_id
                where a.created_at >= ?::timestamptz
                group by 1, 2
                order by count(*) filter (where not a.actionable) desc, count(*) desc, 1, 2
                limit 500""", since.atOffset(java.time.ZoneOffset.UTC))
                .fetch(r -> new NoiseRow(r.get("source", String.class), r.get("rule", String.class), r.get("alerts", Integer.class),
                        r.get("actionable", Integer.class), r.get("not_actionable", Integer.class), r.get("unrated", Integer.class),
                        r.get("suppressed", Integer.class)));
    }

    static CatalogException notFound(long id) {
        return new CatalogException(CatalogException.Code.NOT_FOUND, "id", "alert " + id + " does not exist");
    }
}
