package dev.andon.server.paging;

import com.github.kagkarlsson.scheduler.Scheduler;
import com.github.kagkarlsson.scheduler.task.FailureHandler;
import com.github.kagkarlsson.scheduler.task.helper.OneTimeTask;
import com.github.kagkarlsson.scheduler.task.helper.Tasks;
import dev.andon.alerts.AlertStatus;
import dev.andon.catalog.CatalogRepository;
import dev.andon.catalog.User;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.EscalationTarget;
import dev.andon.oncall.EscalationTier;
import dev.andon.oncall.Schedule;
import dev.andon.oncall.Shift;
import dev.andon.server.alerts.AlertStore;
import dev.andon.server.events.AfterCommit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The escalation engine. A group that becomes ready to page gets an escalation (the database
 * trigger {@code andon_page_groups} starts it, so no path that changes a group can forget to); each
 * step is a durable db-scheduler task that pages one tier (users, and whoever is on call for the
 * tier's schedules) and schedules the next tier after the tier's wait, round after round until the
 * policy's repeats are used up. A step runs in one transaction that records it in
 * {@code escalation_steps}, so a step run twice (a node died between its commit and db-scheduler's
 * bookkeeping) pages nobody twice. A service with no policy, or a policy that reaches nobody, pages
 * the admins: an alert is never silently dropped.
 */
@Component
public class Paging {
    public static final String STEP_TASK = "escalation-step";
    private static final Logger log = LoggerFactory.getLogger(Paging.class);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final OnCallStore onCall;
    private final Outbox outbox;
    private final AlertStore alerts;
    private final ActionLinks links;
    private final CatalogRepository catalog;
    private final Clock clock;
    private final ObjectProvider<Scheduler> scheduler;
    private final Timer lateness;
    private final Counter unroutable;

    public Paging(DSLContext sql, TransactionTemplate transactions, OnCallStore onCall, Outbox outbox, AlertStore alerts, ActionLinks links,
                  CatalogRepository catalog, Clock clock, ObjectProvider<Scheduler> scheduler, MeterRegistry meters) {
        this.sql = sql;
        this.transactions = transactions;
        this.onCall = onCall;
        this.outbox = outbox;
        this.alerts = alerts;
        this.links = links;
        this.catalog = catalog;
        this.clock = clock;
        this.scheduler = scheduler;
        this.lateness = Timer.builder("andon_escalation_step_lateness").description("How late escalation steps fire after they were due")
                .publishPercentiles(0.5, 0.99).register(meters);
        this.unroutable = Counter.builder("andon_pages_unroutable_total")
                .description("Pages that reached nobody, not even an admin with a way to be reached").register(meters);
    }

    @Bean
    static OneTimeTask<Void> escalationStepTask(Paging paging) {
        // A step that throws (the database went away) is tried again soon: a page must not wait minutes.
        return Tasks.oneTime(STEP_TASK).onFailure(new RetrySoon<>(Duration.ofSeconds(1), Duration.ofSeconds(30)))
                .execute((instance, context) -> paging.runStep(instance.getId()));
    }

    /** Retries a failed task after 1 s, 2 s, 4 s, ... but never more than {@code longest} later: a page must not wait an hour. */
    static final class RetrySoon<T> implements FailureHandler<T> {
        private final Duration first;
        private final Duration longest;

        RetrySoon(Duration first, Duration longest) {
            this.first = first;
            this.longest = longest;
        }

        @Override
        public void onFailure(com.github.kagkarlsson.scheduler.task.ExecutionComplete complete,
                              com.github.kagkarlsson.scheduler.task.ExecutionOperations<T> operations) {
            int failures = Math.min(complete.getExecution().consecutiveFailures, 20);
            Duration wait = first.multipliedBy(1L << Math.min(failures, 20));
            operations.reschedule(complete, complete.getTimeDone().plus(wait.compareTo(longest) > 0 ? longest : wait));
        }
    }

    /** Runs "escalationId:step"; whatever it decided to send is in the outbox when it returns. */
    public void runStep(String instance) {
        int colon = instance.indexOf(':');
        runStep(Long.parseLong(instance.substring(0, colon)), Integer.parseInt(instance.substring(colon + 1)));
    }

    public void runStep(long escalationId, int step) {
        Boolean paged = transactions.execute(status -> step(escalationId, step));
        if (Boolean.TRUE.equals(paged)) {
            wake();
        }
    }

    private boolean step(long escalationId, int step) {
        Record escalation = sql.resultQuery("""
                select e.id, e.group_id, e.policy_id, e.state, e.step, e.next_step_at, g.status, g.page_state, g.service_id, s.slug as service
                from escalations e join alert_groups g on g.id = e.group_id join services s on s.id = g.service_id
                where e.id = ? for update of e""", escalationId).fetchOne();
        if (escalation == null || !"active".equals(escalation.get("state", String.class)) || escalation.get("step", Integer.class) != step
                || sql.fetchExists(sql.selectOne().from("escalation_steps").where("escalation_id = ? and step = ?", escalationId, step))) {
            return false;
        }
        long groupId = escalation.get("group_id", Long.class);
        Instant now = clock.instant();
        if (!"triggered".equals(escalation.get("status", String.class)) || !"pending".equals(escalation.get("page_state", String.class))) {
            // The trigger ends escalations when their group changes; this only guards a row changed by hand.
            end(escalationId, "triggered".equals(escalation.get("status", String.class)) ? "suppressed"
                    : escalation.get("status", String.class));
            return false;
        }
        OffsetDateTime due = escalation.get("next_step_at", OffsetDateTime.class);
        if (due != null) {
            lateness.record(Duration.between(due.toInstant(), now).isNegative() ? Duration.ZERO : Duration.between(due.toInstant(), now));
        }
        Long policyId = escalation.get("policy_id", Long.class);
        Optional<EscalationPolicy> policy = policyId == null ? Optional.empty() : onCall.policy(policyId);
        String service = escalation.get("service", String.class);
        if (policy.isEmpty()) {
            record(escalationId, step, due, now, 0, 0, List.of());
            end(escalationId, "exhausted");
            return toAdmins(groupId, escalationId, step, "service " + service + " has no escalation policy", now);
        }
        List<EscalationTier> tiers = policy.get().tiers();
        int round = step / tiers.size();
        int tier = step % tiers.size();
        int total = tiers.size() * (policy.get().repeat() + 1);
        List<Target> targets = targets(tiers.get(tier), now);
        int notifications = 0;
        ArrayNode paged = JSON.createArrayNode();
        List<String> seen = new ArrayList<>();
        for (Target target : targets) {
            if (target.username() == null || seen.contains(target.username())) {
                continue;
            }
            seen.add(target.username());
            int created = outbox.page(target.username(), groupId, escalationId, step, now);
            notifications += created;
            ObjectNode entry = paged.addObject().put("user", target.username()).put("via", target.via());
            if (created == 0) {
                entry.put("unreachable", true);
            }
        }
        for (Target target : targets) {
            if (target.username() == null) {
                paged.addObject().put("via", target.via()).put("nobody", true);
            }
        }
        record(escalationId, step, due, now, tier, round, List.of(paged));
        ObjectNode detail = JSON.createObjectNode().put("policy", policy.get().slug()).put("tier", tier + 1).put("round", round + 1);
        detail.set("paged", paged);
        note(groupId, now, "escalated", detail);
        int next = step + 1;
        if (notifications == 0 && next < total) {
            // Nobody to reach in this tier: go on to the next at once rather than wait on nobody.
            schedule(escalationId, next, now);
        } else if (notifications == 0) {
            end(escalationId, "exhausted");
            if (!outbox.anyPaged(escalationId)) {
                toAdmins(groupId, escalationId, step, "escalation policy " + policy.get().slug() + " reached nobody", now);
            }
        } else if (next < total) {
            schedule(escalationId, next, now.plus(tiers.get(tier).escalateAfter()));
        } else {
            end(escalationId, "exhausted");
        }
        return true;
    }

    /** Who a tier pages now: its users, and whoever is on call for its schedules (null when nobody is). */
    private List<Target> targets(EscalationTier tier, Instant now) {
        List<Target> targets = new ArrayList<>();
        for (EscalationTarget target : tier.targets()) {
            if (target.kind() == EscalationTarget.Kind.USER) {
                targets.add(new Target(target.name(), "user"));
            } else {
                Optional<Schedule> schedule = onCall.schedule(target.name());
                Optional<Shift> shift = schedule.flatMap(value -> onCall.onCall(value, now));
                targets.add(new Target(shift.map(Shift::user).orElse(null), "schedule " + target.name()));
            }
        }
        return targets;
    }

    private record Target(String username, String via) {}

    /** Pages every admin; true when anyone could be reached. */
    private boolean toAdmins(long groupId, long escalationId, int step, String reason, Instant now) {
        int notifications = 0;
        ArrayNode paged = JSON.createArrayNode();
        for (User user : catalog.users()) {
            if (user.role() == User.Role.ADMIN) {
                int created = outbox.page(user.username(), groupId, escalationId, step, now);
                notifications += created;
                paged.addObject().put("user", user.username()).put("via", "admin");
            }
        }
        ObjectNode detail = JSON.createObjectNode().put("reason", reason);
        detail.set("paged", paged);
        note(groupId, now, "routed-to-admins", detail);
        if (notifications == 0) {
            unroutable.increment();
            log.error("Alert group {} reached nobody: {}, and no admin has an email address or contact method", groupId, reason);
            note(groupId, now, "unroutable", JSON.createObjectNode().put("reason", reason + "; no admin can be reached either"));
        }
        return notifications > 0;
    }

    private void record(long escalationId, int step, OffsetDateTime due, Instant now, int tier, int round, List<ArrayNode> paged) {
        sql.execute("insert into escalation_steps (escalation_id, step, due_at, fired_at, tier, round, paged) values (?, ?, ?::timestamptz, ?::timestamptz, ?, ?, ?::jsonb)",
                escalationId, step, due == null ? now.atOffset(ZoneOffset.UTC) : due, now.atOffset(ZoneOffset.UTC), tier, round,
                paged.isEmpty() ? "[]" : paged.get(0).toString());
    }

    private void schedule(long escalationId, int step, Instant at) {
        OffsetDateTime when = at.atOffset(ZoneOffset.UTC);
        sql.execute("update escalations set step = ?, next_step_at = ?::timestamptz where id = ?", step, when, escalationId);
        sql.execute("""
                insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                values (?, ?, ?::timestamptz, false, 1, 0) on conflict do nothing""", STEP_TASK, escalationId + ":" + step, when);
    }

    private void end(long escalationId, String state) {
        sql.execute("update escalations set state = ?, ended_at = ?::timestamptz, next_step_at = null where id = ? and state = 'active'", state,
                clock.instant().atOffset(ZoneOffset.UTC), escalationId);
    }

    void note(long groupId, Instant at, String kind, ObjectNode detail) {
        sql.execute("insert into paging_log (group_id, at, kind, actor, detail) values (?, ?::timestamptz, ?, 'andon', ?::jsonb)", groupId,
                at.atOffset(ZoneOffset.UTC), kind, detail.toString());
    }

    /** Asks db-scheduler to look for due work now, after this transaction commits, instead of at its next poll. */
    void wake() {
        AfterCommit.run(() -> {
            Scheduler running = scheduler.getIfAvailable();
            if (running != null) {
                running.triggerCheckForDueExecutions();
            }
        });
    }

    // --- what people do

    /** Acknowledges or resolves every open alert of the group (what a one-click link and a Slack button do). */
    public int act(long groupId, AlertStatus to, String actor) {
        int changed = 0;
        for (AlertStore.AlertRow alert : alerts.inGroup(groupId)) {
            if (alerts.act(alert.id(), to, actor)) {
                changed++;
            }
        }
        return changed;
    }

    /** Uses a one-click link: its action on its group, once. */
    public ActionLinks.Checked useLink(String token, String actor) {
        ActionLinks.Checked checked = links.check(token);
        if (checked.refusal() != null) {
            return checked;
        }
        ActionLinks.Link link = checked.link();
        // One transaction: a link is used up only together with its action (the alerts' own transactions join it).
        boolean first = Boolean.TRUE.equals(transactions.execute(status -> {
            if (!links.use(link, actor)) {
                return false;
            }
            act(link.groupId(), "resolve".equals(link.action()) ? AlertStatus.RESOLVED : AlertStatus.ACKNOWLEDGED, actor);
            return true;
        }));
        return first ? checked : new ActionLinks.Checked(link, ActionLinks.Refusal.USED);
    }

    /**
     * Hands the page to someone else: the running escalation stops, and the new assignee is paged at
     * once by their own notification rules.
     */
    public void reassign(long groupId, String username, String actor) {
        transactions.executeWithoutResult(status -> {
            if (catalog.user(username).isEmpty()) {
                throw new dev.andon.catalog.CatalogException(dev.andon.catalog.CatalogException.Code.INVALID, "user", "user '" + username
                        + "' does not exist");
            }
            Record group = sql.resultQuery("select id, status from alert_groups where id = ? for no key update", groupId).fetchOne();
            if (group == null) {
                throw new dev.andon.catalog.CatalogException(dev.andon.catalog.CatalogException.Code.NOT_FOUND, "id", "alert group "
                        + groupId + " does not exist");
            }
            if ("resolved".equals(group.get("status", String.class))) {
                throw new dev.andon.catalog.CatalogException(dev.andon.catalog.CatalogException.Code.CONFLICT, "status",
                        "the alert is resolved: there is nothing to hand over");
            }
            Instant now = clock.instant();
            OffsetDateTime at = now.atOffset(ZoneOffset.UTC);
            Long userId = sql.resultQuery("select id from users where username = ?", username).fetchOne(0, Long.class);
            Long running = sql.resultQuery("select id from escalations where group_id = ? and state = 'active' for update", groupId)
                    .fetchOne(0, Long.class);
            if (running != null) {
                Integer step = sql.resultQuery("select step from escalations where id = ?", running).fetchOne(0, Integer.class);
                sql.execute("delete from scheduled_tasks where task_name = ? and task_instance = ? and not picked", STEP_TASK, running + ":" + step);
            }
            sql.execute("update escalations set state = 'reassigned', ended_at = ?::timestamptz, ended_by = ?, next_step_at = null where group_id = ? "
                    + "and state = 'active'", at, actor, groupId);
            sql.execute("update notifications set status = 'cancelled', last_result = 'cancelled: reassigned to ' || ? "
                    + "where group_id = ? and status = 'pending' and kind = 'page'", username, groupId);
            long escalation = sql.resultQuery("""
                    insert into escalations (group_id, policy_id, state, started_at, step, assigned_to, ended_at, ended_by)
                    values (?, null, 'reassigned', ?::timestamptz, 0, ?, ?::timestamptz, ?) returning id""", groupId, at, userId, at, actor).fetchOne(0, Long.class);
            int created = outbox.page(username, groupId, escalation, 0, now, "reassign");
            note(groupId, now, "reassigned", JSON.createObjectNode().put("to", username).put("by", actor).put("notifications", created));
            if (created == 0) {
                toAdmins(groupId, escalation, 0, "reassigned to " + username + ", who has no way to be reached", now);
            }
            wake();
        });
    }

    /** The paging part of a group's timeline, oldest first. */
    public List<Map<String, Object>> timeline(long groupId) {
        List<Map<String, Object>> entries = new ArrayList<>();
        sql.resultQuery("select at, kind, actor, detail::text as detail from paging_log where group_id = ? order by id", groupId)
                .forEach(row -> {
                    Map<String, Object> entry = new LinkedHashMap<>();
                    entry.put("at", row.get("at", OffsetDateTime.class).toInstant());
                    entry.put("kind", row.get("kind", String.class));
                    entry.put("actor", row.get("actor", String.class));
                    entry.put("detail", row.get("detail", String.class));
                    entries.add(entry);
                });
        return entries;
    }
}
