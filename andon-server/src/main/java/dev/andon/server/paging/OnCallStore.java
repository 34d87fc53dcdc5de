package dev.andon.server.paging;

import static dev.andon.server.jooq.Tables.ESCALATION_POLICIES;
import static dev.andon.server.jooq.Tables.SCHEDULES;
import static dev.andon.server.jooq.Tables.SCHEDULE_OVERRIDES;
import static dev.andon.server.jooq.Tables.SERVICES;
import static dev.andon.server.jooq.Tables.TEAMS;
import static dev.andon.server.jooq.Tables.USERS;

import dev.andon.catalog.CatalogException;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.EscalationTarget;
import dev.andon.oncall.EscalationTier;
import dev.andon.oncall.Layer;
import dev.andon.oncall.OnCall;
import dev.andon.oncall.OnCallFields;
import dev.andon.oncall.Schedule;
import dev.andon.oncall.ScheduleOverride;
import dev.andon.oncall.Shift;
import dev.andon.server.jooq.tables.Users;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.jooq.Record;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * Schedules, their overrides and escalation policies in PostgreSQL, and the questions asked of them:
 * who is on call for a schedule now or at T, over a range, and who a tier pages. Definitions are
 * stored in the YAML vocabulary ({@link OnCallFields}); every change is an event.
 */
@Component
public class OnCallStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext sql;
    private final EventLog events;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public OnCallStore(DSLContext sql, EventLog events, TransactionTemplate transactions, Clock clock) {
        this.sql = sql;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
    }

    // --- schedules

    public List<Schedule> schedules() {
        return sql.select(SCHEDULES.SLUG, SCHEDULES.SPEC).from(SCHEDULES).orderBy(SCHEDULES.SLUG).fetch(OnCallStore::toSchedule);
    }

    public Optional<Schedule> schedule(String slug) {
        return sql.select(SCHEDULES.SLUG, SCHEDULES.SPEC).from(SCHEDULES).where(SCHEDULES.SLUG.eq(slug)).fetchOptional(OnCallStore::toSchedule);
    }

    private static Schedule toSchedule(Record row) {
        return OnCallFields.schedule(row.get(SCHEDULES.SLUG), JSON.readTree(row.get(SCHEDULES.SPEC).data()));
    }

    /** Creates or updates by slug, in the caller's transaction; every user and the team must exist. */
    public Schedule saveSchedule(String actor, Schedule schedule) {
        Long team = teamId(schedule.team());
        for (int layer = 0; layer < schedule.layers().size(); layer++) {
            Layer value = schedule.layers().get(layer);
            for (int index = 0; index < value.users().size(); index++) {
                userId(value.users().get(index), "layers[" + layer + "].users[" + index + "]");
            }
        }
        Optional<Schedule> before = schedule(schedule.slug());
        String spec = OnCallFields.json(schedule).toString();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        sql.insertInto(SCHEDULES).set(SCHEDULES.SLUG, schedule.slug()).set(SCHEDULES.NAME, schedule.name()).set(SCHEDULES.TEAM_ID, team)
                .set(SCHEDULES.SPEC, JSONB.valueOf(spec))
                .onConflict(SCHEDULES.SLUG).doUpdate().set(SCHEDULES.NAME, schedule.name()).set(SCHEDULES.TEAM_ID, team)
                .set(SCHEDULES.SPEC, JSONB.valueOf(spec)).set(SCHEDULES.UPDATED_AT, now).execute();
        if (before.isEmpty() || !before.get().equals(schedule)) {
            events.append(Event.of(clock.instant(), actor, before.isEmpty() ? "schedule.created" : "schedule.updated", "schedule",
                    schedule.slug(), before.map(value -> OnCallFields.json(value).toString()).orElse(null), spec));
        }
        return schedule(schedule.slug()).orElseThrow();
    }

    public Schedule createSchedule(String actor, Schedule schedule) {
        return transactions.execute(status -> {
            if (schedule(schedule.slug()).isPresent()) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "slug", "schedule '" + schedule.slug() + "' already exists");
            }
            return saveSchedule(actor, schedule);
        });
    }

    public Schedule updateSchedule(String actor, Schedule schedule) {
        return transactions.execute(status -> {
            schedule(schedule.slug()).orElseThrow(() -> notFound("schedule", schedule.slug()));
            return saveSchedule(actor, schedule);
        });
    }

    public void deleteSchedule(String actor, String slug) {
        transactions.executeWithoutResult(status -> deleteScheduleInTransaction(actor, slug));
    }

    public void deleteScheduleInTransaction(String actor, String slug) {
        Schedule before = schedule(slug).orElseThrow(() -> notFound("schedule", slug));
        List<String> users = policies().stream().filter(policy -> policy.tiers().stream().flatMap(tier -> tier.targets().stream())
                .anyMatch(target -> target.equals(EscalationTarget.schedule(slug)))).map(EscalationPolicy::slug).toList();
        if (!users.isEmpty()) {
            throw new CatalogException(CatalogException.Code.IN_USE, "slug", "schedule '" + slug + "' is still paged by escalation policy "
                    + String.join(", ", users) + ": take it out of the policy first");
        }
        sql.deleteFrom(SCHEDULES).where(SCHEDULES.SLUG.eq(slug)).execute();
        events.append(Event.of(clock.instant(), actor, "schedule.deleted", "schedule", slug, OnCallFields.json(before).toString(), null));
    }

    // --- overrides

    /** The overrides of a schedule that overlap [from, to), oldest created first (a later one wins where they overlap). */
    public List<ScheduleOverride> overrides(String schedule, Instant from, Instant to) {
        Users user = USERS.as("override_user");
        Users replaced = USERS.as("replaced_user");
        return sql.select(SCHEDULE_OVERRIDES.ID, user.USERNAME, SCHEDULE_OVERRIDES.STARTS_AT, SCHEDULE_OVERRIDES.ENDS_AT,
                        replaced.USERNAME, SCHEDULE_OVERRIDES.NOTE)
                .from(SCHEDULE_OVERRIDES)
                .join(SCHEDULES).on(SCHEDULES.ID.eq(SCHEDULE_OVERRIDES.SCHEDULE_ID))
                .join(user).on(user.ID.eq(SCHEDULE_OVERRIDES.USER_ID))
                .leftJoin(replaced).on(replaced.ID.eq(SCHEDULE_OVERRIDES.REPLACES_USER_ID))
                .where(SCHEDULES.SLUG.eq(schedule))
                .and(SCHEDULE_OVERRIDES.ENDS_AT.gt(from.atOffset(ZoneOffset.UTC)))
                .and(SCHEDULE_OVERRIDES.STARTS_AT.lt(to.atOffset(ZoneOffset.UTC)))
                .orderBy(SCHEDULE_OVERRIDES.ID)
                .fetch(row -> new ScheduleOverride(row.get(SCHEDULE_OVERRIDES.ID), row.get(user.USERNAME),
                        row.get(SCHEDULE_OVERRIDES.STARTS_AT).toInstant(), row.get(SCHEDULE_OVERRIDES.ENDS_AT).toInstant(),
                        row.get(replaced.USERNAME), row.get(SCHEDULE_OVERRIDES.NOTE)));
    }

    public ScheduleOverride addOverride(String actor, String schedule, ScheduleOverride override) {
        return transactions.execute(status -> {
            Long scheduleId = sql.select(SCHEDULES.ID).from(SCHEDULES).where(SCHEDULES.SLUG.eq(schedule)).fetchOne(SCHEDULES.ID);
            if (scheduleId == null) {
                throw notFound("schedule", schedule);
            }
            long user = userId(override.user(), "user");
            Long replaces = override.replaces() == null ? null : userId(override.replaces(), "replaces");
            long id = sql.insertInto(SCHEDULE_OVERRIDES).set(SCHEDULE_OVERRIDES.SCHEDULE_ID, scheduleId)
                    .set(SCHEDULE_OVERRIDES.USER_ID, user).set(SCHEDULE_OVERRIDES.REPLACES_USER_ID, replaces)
                    .set(SCHEDULE_OVERRIDES.STARTS_AT, override.start().atOffset(ZoneOffset.UTC))
                    .set(SCHEDULE_OVERRIDES.ENDS_AT, override.end().atOffset(ZoneOffset.UTC))
                    .set(SCHEDULE_OVERRIDES.NOTE, override.note()).set(SCHEDULE_OVERRIDES.CREATED_BY, actor)
                    .returning(SCHEDULE_OVERRIDES.ID).fetchOne(SCHEDULE_OVERRIDES.ID);
            ScheduleOverride stored = new ScheduleOverride(id, override.user(), override.start(), override.end(), override.replaces(),
                    override.note());
            events.append(Event.of(clock.instant(), actor, "schedule.override-added", "schedule", schedule, null, overrideJson(stored)));
            return stored;
        });
    }

    public void deleteOverride(String actor, String schedule, long id) {
        transactions.executeWithoutResult(status -> {
            ScheduleOverride before = overrides(schedule, Instant.EPOCH, Instant.parse("9999-01-01T00:00:00Z")).stream()
                    .filter(override -> override.id() == id).findFirst()
                    .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "id", "schedule '" + schedule
                            + "' has no override " + id));
            sql.deleteFrom(SCHEDULE_OVERRIDES).where(SCHEDULE_OVERRIDES.ID.eq(id)).execute();
            events.append(Event.of(clock.instant(), actor, "schedule.override-removed", "schedule", schedule, overrideJson(before), null));
        });
    }

    private static String overrideJson(ScheduleOverride override) {
        var node = JSON.createObjectNode().put("id", override.id()).put("user", override.user())
                .put("start", override.start().toString()).put("end", override.end().toString());
        if (override.replaces() != null) {
            node.put("replaces", override.replaces());
        }
        return node.put("note", override.note()).toString();
    }

    // --- who is on call

    /** Who is on call for the schedule at the instant, overrides included. */
    public Optional<Shift> onCall(Schedule schedule, Instant at) {
        return OnCall.at(schedule, overrides(schedule.slug(), at.minus(OnCall.AT_HORIZON), at.plus(OnCall.AT_HORIZON)), at);
    }

    /** The final on-call line of the schedule over [from, to). */
    public List<Shift> shifts(Schedule schedule, Instant from, Instant to) {
        return OnCall.shifts(schedule, overrides(schedule.slug(), from, to), from, to);
    }

    /** The schedules a user takes turns in. */
    public List<Schedule> schedulesOf(String username) {
        return schedules().stream().filter(schedule -> schedule.layers().stream().anyMatch(layer -> layer.users().contains(username))
                || !overrides(schedule.slug(), clock.instant().minus(java.time.Duration.ofDays(1)), clock.instant().plus(
                        java.time.Duration.ofDays(60))).stream().filter(override -> override.user().equals(username)).toList().isEmpty())
                .toList();
    }

    // --- escalation policies

    public List<EscalationPolicy> policies() {
        return sql.select(ESCALATION_POLICIES.SLUG, ESCALATION_POLICIES.SPEC).from(ESCALATION_POLICIES).orderBy(ESCALATION_POLICIES.SLUG)
                .fetch(OnCallStore::toPolicy);
    }

    public Optional<EscalationPolicy> policy(String slug) {
        return sql.select(ESCALATION_POLICIES.SLUG, ESCALATION_POLICIES.SPEC).from(ESCALATION_POLICIES)
                .where(ESCALATION_POLICIES.SLUG.eq(slug)).fetchOptional(OnCallStore::toPolicy);
    }

    public Optional<EscalationPolicy> policy(long id) {
        return sql.select(ESCALATION_POLICIES.SLUG, ESCALATION_POLICIES.SPEC).from(ESCALATION_POLICIES)
                .where(ESCALATION_POLICIES.ID.eq(id)).fetchOptional(OnCallStore::toPolicy);
    }

    /** The services that page through the policy. */
    public List<String> servicesOf(String policy) {
        return sql.select(SERVICES.SLUG).from(SERVICES).join(ESCALATION_POLICIES).on(ESCALATION_POLICIES.ID.eq(SERVICES.ESCALATION_POLICY_ID))
                .where(ESCALATION_POLICIES.SLUG.eq(policy)).orderBy(SERVICES.SLUG).fetch(SERVICES.SLUG);
    }

    private static EscalationPolicy toPolicy(Record row) {
        return OnCallFields.escalationPolicy(row.get(ESCALATION_POLICIES.SLUG), JSON.readTree(row.get(ESCALATION_POLICIES.SPEC).data()));
    }

    /** Creates or updates by slug, in the caller's transaction; every user, schedule and the team must exist. */
    public EscalationPolicy savePolicy(String actor, EscalationPolicy policy) {
        Long team = teamId(policy.team());
        for (int tier = 0; tier < policy.tiers().size(); tier++) {
            EscalationTier value = policy.tiers().get(tier);
            for (int index = 0; index < value.targets().size(); index++) {
                EscalationTarget target = value.targets().get(index);
                String field = "tiers[" + tier + "].targets[" + index + "]";
                if (target.kind() == EscalationTarget.Kind.USER) {
                    userId(target.name(), field + ".user");
                } else if (schedule(target.name()).isEmpty()) {
                    throw new CatalogException(CatalogException.Code.INVALID, field + ".schedule", "schedule '" + target.name()
                            + "' does not exist: create it first");
                }
            }
        }
        Optional<EscalationPolicy> before = policy(policy.slug());
        String spec = OnCallFields.json(policy).toString();
        OffsetDateTime now = clock.instant().atOffset(ZoneOffset.UTC);
        sql.insertInto(ESCALATION_POLICIES).set(ESCALATION_POLICIES.SLUG, policy.slug()).set(ESCALATION_POLICIES.NAME, policy.name())
                .set(ESCALATION_POLICIES.TEAM_ID, team).set(ESCALATION_POLICIES.SPEC, JSONB.valueOf(spec))
                .onConflict(ESCALATION_POLICIES.SLUG).doUpdate().set(ESCALATION_POLICIES.NAME, policy.name())
                .set(ESCALATION_POLICIES.TEAM_ID, team).set(ESCALATION_POLICIES.SPEC, JSONB.valueOf(spec))
                .set(ESCALATION_POLICIES.UPDATED_AT, now).execute();
        if (before.isEmpty() || !before.get().equals(policy)) {
            events.append(Event.of(clock.instant(), actor, before.isEmpty() ? "escalation-policy.created" : "escalation-policy.updated",
                    "escalation-policy", policy.slug(), before.map(value -> OnCallFields.json(value).toString()).orElse(null), spec));
        }
        return policy(policy.slug()).orElseThrow();
    }

    public EscalationPolicy createPolicy(String actor, EscalationPolicy policy) {
        return transactions.execute(status -> {
            if (policy(policy.slug()).isPresent()) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "slug", "escalation policy '" + policy.slug() + "' already exists");
            }
            return savePolicy(actor, policy);
        });
    }

    public EscalationPolicy updatePolicy(String actor, EscalationPolicy policy) {
        return transactions.execute(status -> {
            policy(policy.slug()).orElseThrow(() -> notFound("escalation policy", policy.slug()));
            return savePolicy(actor, policy);
        });
    }

    public void deletePolicy(String actor, String slug) {
        transactions.executeWithoutResult(status -> deletePolicyInTransaction(actor, slug));
    }

    public void deletePolicyInTransaction(String actor, String slug) {
        EscalationPolicy before = policy(slug).orElseThrow(() -> notFound("escalation policy", slug));
        List<String> services = servicesOf(slug);
        if (!services.isEmpty()) {
            throw new CatalogException(CatalogException.Code.IN_USE, "slug", "escalation policy '" + slug + "' still pages for service "
                    + String.join(", ", services) + ": give them another policy first");
        }
        sql.deleteFrom(ESCALATION_POLICIES).where(ESCALATION_POLICIES.SLUG.eq(slug)).execute();
        events.append(Event.of(clock.instant(), actor, "escalation-policy.deleted", "escalation-policy", slug,
                OnCallFields.json(before).toString(), null));
    }

    // --- helpers

    private Long teamId(String slug) {
        if (slug == null) {
            return null;
        }
        Long id = sql.select(TEAMS.ID).from(TEAMS).where(TEAMS.SLUG.eq(slug)).fetchOne(TEAMS.ID);
        if (id == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "team", "team '" + slug + "' does not exist: create it first");
        }
        return id;
    }

    private long userId(String username, String field) {
        Long id = sql.select(USERS.ID).from(USERS).where(USERS.USERNAME.eq(username)).fetchOne(USERS.ID);
        if (id == null) {
            throw new CatalogException(CatalogException.Code.INVALID, field, "user '" + username + "' does not exist: create them first");
        }
        return id;
    }

    static CatalogException notFound(String what, String slug) {
        return new CatalogException(CatalogException.Code.NOT_FOUND, "slug", what + " '" + slug + "' does not exist");
    }
}
