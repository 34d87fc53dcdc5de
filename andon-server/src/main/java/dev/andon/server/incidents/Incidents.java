package dev.andon.server.incidents;

import dev.andon.catalog.CatalogException;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.incidents.IncidentRole;
import dev.andon.incidents.IncidentRules;
import dev.andon.incidents.IncidentSeverity;
import dev.andon.incidents.IncidentStatus;
import dev.andon.server.alerts.AlertStore;
import dev.andon.server.postmortems.Postmortems;
import dev.andon.server.statuspage.StatusPageService;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Incidents on PostgreSQL and what responders do to them: declare, change, hand over roles, note,
 * post updates, attach alerts. Every change is one transaction that writes the incident's own log
 * (incident_log) and the one event log (object type "incident", key the number).
 */
@Component
public class Incidents {
    static final String MAIL_TASK = "incident-mail";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DSLContext sql;
    private final TransactionTemplate transactions;
    private final EventLog events;
    private final AlertStore alerts;
    private final Clock clock;

    private final ObjectProvider<StatusPageService> statusPages;
    private final ObjectProvider<Postmortems> postmortems;

    public Incidents(DSLContext sql, TransactionTemplate transactions, EventLog events, AlertStore alerts, Clock clock,
                     ObjectProvider<StatusPageService> statusPages, ObjectProvider<Postmortems> postmortems) {
        this.statusPages = statusPages;
        this.postmortems = postmortems;
        this.sql = sql;
        this.transactions = transactions;
        this.events = events;
        this.alerts = alerts;
        this.clock = clock;
    }

    /** One incident with its services (slugs), role holders (usernames) and attached alerts. */
    public record Incident(long id, long number, String title, IncidentSeverity severity, IncidentStatus status, String customerImpact,
                           String summary, IncidentRules.Times times, String declaredBy, String declaredFrom, Instant createdAt,
                           List<String> services, Map<IncidentRole, String> roles, List<Long> alerts, Instant lastUpdateAt) {
        public String reference() {
            return "INC-" + number;
        }

        public boolean open() {
            return status != IncidentStatus.RESOLVED;
        }

        public List<String> warnings() {
            return IncidentRules.roleWarnings(severity, roles);
        }

        /** Who is reminded about updates: the communications lead, else the commander. */
        public String communicator() {
            return roles.getOrDefault(IncidentRole.COMMUNICATIONS, roles.get(IncidentRole.COMMANDER));
        }
    }

    /** What declaring takes; {@code startedAt} and {@code alertId} may be null. */
    public record Declaration(String title, IncidentSeverity severity, List<String> services, String customerImpact, String summary,
                              Instant startedAt, Long alertId, String declaredFrom) {}

    /** A change of some fields; null fields stay as they are. */
    public record Change(String title, IncidentSeverity severity, IncidentStatus status, String customerImpact, String summary,
                         List<String> services) {}

    public record Update(long id, String audience, IncidentStatus status, String body, String postedBy, Instant postedAt) {}

    public static final List<String> LIST_STATUSES = List.of("open", "resolved", "all");

    // --- reading

    public List<Incident> list(String status, String service, IncidentSeverity severity, int limit) {
        String state = status == null || status.isBlank() ? "open" : status;
        if (!LIST_STATUSES.contains(state)) {
            throw new CatalogException(CatalogException.Code.INVALID, "status", "'" + state + "' is not one of open, resolved, all");
        }
        StringBuilder where = new StringBuilder("true");
        List<Object> binds = new ArrayList<>();
        if (state.equals("open")) {
            where.append(" and i.status <> 'resolved'");
        } else if (state.equals("resolved")) {
            where.append(" and i.status = 'resolved'");
        }
        if (service != null && !service.isBlank()) {
            where.append(" and exists (select 1 from incident_services x join services s on s.id = x.service_id where x.incident_id = i.id and s.slug = ?)");
            binds.add(service);
        }
        if (severity != null) {
            where.append(" and i.severity = ?");
            binds.add(severity.name());
        }
        binds.add(Math.max(1, Math.min(limit, 1000)));
        // Open first, worst first, newest first.
        List<Long> ids = sql.resultQuery("select i.id from incidents i where " + where
                        + " order by (i.status = 'resolved'), i.severity, i.started_at desc, i.id desc limit ?", binds.toArray())
                .fetch(0, Long.class);
        return ids.stream().map(id -> load("i.id = ?", id).orElseThrow()).toList();
    }

    public Optional<Incident> find(long number) {
        return load("i.number = ?", number);
    }

    public Incident require(long number) {
        return find(number).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "number",
                "There is no incident INC-" + number + "; see /api/v1/incidents for the list."));
    }

    /** Incidents that started in [from, to), any status: what the reports measure. */
    public List<Incident> startedBetween(Instant from, Instant to) {
        return sql.resultQuery("select id from incidents where started_at >= ?::timestamptz and started_at < ?::timestamptz order by started_at",
                utc(from), utc(to)).fetch(0, Long.class).stream().map(id -> load("i.id = ?", id).orElseThrow()).toList();
    }

    private Optional<Incident> load(String condition, Object bind) {
        Record r = sql.resultQuery("""
                select i.*,
                  (select string_agg(s.slug, ',' order by s.slug) from incident_services x join services s on s.id = x.service_id
                   where x.incident_id = i.id) as service_slugs,
                  (select string_agg(a.alert_id::text, ',' order by a.alert_id) from incident_alerts a where a.incident_id = i.id) as alert_ids,
                  (select max(u.posted_at) from incident_updates u where u.incident_id = i.id) as last_update_at
                from incidents i where\s""" + condition, bind).fetchOne();
        if (r == null) {
            return Optional.empty();
        }
        long id = r.get("id", Long.class);
        Map<IncidentRole, String> roles = new EnumMap<>(IncidentRole.class);
        sql.resultQuery("select r.role, u.username from incident_roles r join users u on u.id = r.user_id where r.incident_id = ?", id)
                .forEach(row -> roles.put(IncidentRole.parse(row.get(0, String.class)), row.get(1, String.class)));
        IncidentRules.Times times = new IncidentRules.Times(instant(r, "started_at"), instant(r, "detected_at"), instant(r, "acknowledged_at"),
                instant(r, "mitigated_at"), instant(r, "resolved_at"));
        return Optional.of(new Incident(id, r.get("number", Long.class), r.get("title", String.class),
                IncidentSeverity.parse(r.get("severity", String.class)), IncidentStatus.parse(r.get("status", String.class)),
                r.get("customer_impact", String.class), r.get("summary", String.class), times, r.get("declared_by", String.class),
                r.get("declared_from", String.class), instant(r, "created_at"), split(r.get("service_slugs", String.class)), roles,
                split(r.get("alert_ids", String.class)).stream().map(Long::parseLong).toList(), instant(r, "last_update_at")));
    }

    public List<Update> updates(long incidentId) {
        return sql.resultQuery("select id, audience, status, body, posted_by, posted_at from incident_updates where incident_id = ? order by posted_at, id",
                incidentId).fetch(r -> new Update(r.get(0, Long.class), r.get(1, String.class), IncidentStatus.parse(r.get(2, String.class)),
                r.get(3, String.class), r.get(4, String.class), r.get(5, OffsetDateTime.class).toInstant()));
    }

    public List<String> subscribers(long incidentId) {
        return sql.resultQuery("select u.username from incident_subscribers s join users u on u.id = s.user_id where s.incident_id = ? order by u.username",
                incidentId).fetch(0, String.class);
    }

    /** Every username, for the role pickers. */
    public List<String> usernames() {
        return sql.resultQuery("select username from users order by username").fetch(0, String.class);
    }

    // --- changing

    public Incident declare(String actor, Declaration declaration) {
        String title = declaration.title() == null ? "" : declaration.title().strip();
        if (title.isEmpty()) {
            throw new CatalogException(CatalogException.Code.INVALID, "title", "is required: say in a few words what is broken");
        }
        if (declaration.severity() == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "severity", "is required: one of SEV1 (worst) to SEV5");
        }
        Instant now = clock.instant();
        Set<String> services = new LinkedHashSet<>(declaration.services() == null ? List.of() : declaration.services());
        AlertStore.AlertRow alert = null;
        if (declaration.alertId() != null) {
            alert = alerts.find(declaration.alertId()).orElseThrow(() -> new CatalogException(CatalogException.Code.INVALID, "alertId",
                    "There is no alert " + declaration.alertId()));
            services.add(alert.service());
        }
        Instant detected = alert != null ? alert.createdAt() : now;
        Instant started = declaration.startedAt() != null ? declaration.startedAt() : detected;
        if (started.isAfter(now)) {
            throw new CatalogException(CatalogException.Code.INVALID, "startedAt", "is in the future; give when users were first hurt");
        }
        if (detected.isBefore(started)) {
            detected = started;
        }
        Instant acknowledged = alert != null && alert.acknowledgedAt() != null && alert.acknowledgedAt().isBefore(now) ? alert.acknowledgedAt() : now;
        String from = declaration.alertId() != null ? "alert" : declaration.declaredFrom() == null ? "api" : declaration.declaredFrom();
        AlertStore.AlertRow attached = alert;
        Instant detectedAt = detected;
        long number = transactions.execute(status -> {
            List<Long> serviceIds = serviceIds(services);
            long next = sql.resultQuery("select nextval('incident_numbers')").fetchOne(0, Long.class);
            long id = sql.resultQuery("""
                    insert into incidents (number, title, severity, status, customer_impact, summary, started_at, detected_at, acknowledged_at,
                                           declared_by, declared_from, created_at, updated_at)
                    values (?, ?, ?, 'investigating', ?, ?, ?::timestamptz, ?::timestamptz, ?::timestamptz, ?, ?, ?::timestamptz, ?::timestamptz)
                    returning id""", next, title, declaration.severity().name(), text(declaration.customerImpact()), text(declaration.summary()),
                    utc(started), utc(detectedAt), utc(acknowledged), actor, from, utc(now), utc(now)).fetchOne(0, Long.class);
            for (long serviceId : serviceIds) {
                sql.execute("insert into incident_services (incident_id, service_id) values (?, ?)", id, serviceId);
            }
            ObjectNode detail = JSON.createObjectNode().put("severity", declaration.severity().name()).put("from", from);
            detail.putArray("services").addAll(services.stream().map(JSON.getNodeFactory()::textNode).toList());
            log(id, now, "declared", actor, declaration.severity().name() + " declared: " + title, detail);
            if (attached != null) {
                sql.execute("insert into incident_alerts (incident_id, alert_id, attached_at) values (?, ?, ?::timestamptz)", id, attached.id(), utc(now));
                log(id, now, "alert-attached", actor, "Alert #" + attached.id() + " attached: " + attached.summary(),
                        JSON.createObjectNode().put("alert", attached.id()));
            }
            Long user = userId(actor);
            if (user != null) {
                IncidentRules.initialRoles(actor).forEach((role, holder) -> sql.execute(
                        "insert into incident_roles (incident_id, role, user_id, assigned_at) values (?, ?, ?, ?::timestamptz)", id, role.text(), user, utc(now)));
                subscribe(id, user);
            }
            event(now, actor, "incident.declared", next, null, detail.put("title", title));
            return next;
        });
        return require(number);
    }

    public Incident change(String actor, long number, Change change) {
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Incident before = lockAndLoad(number);
            List<String> said = new ArrayList<>();
            ObjectNode detail = JSON.createObjectNode();
            if (change.title() != null && !change.title().isBlank() && !change.title().strip().equals(before.title())) {
                sql.execute("update incidents set title = ? where id = ?", change.title().strip(), before.id());
                said.add("title: " + change.title().strip());
                detail.put("title", change.title().strip());
            }
            if (change.severity() != null && change.severity() != before.severity()) {
                sql.execute("update incidents set severity = ? where id = ?", change.severity().name(), before.id());
                log(before.id(), now, "severity", actor, "Severity " + before.severity().name() + " → " + change.severity().name(),
                        JSON.createObjectNode().put("from", before.severity().name()).put("to", change.severity().name()));
                detail.put("severity", change.severity().name());
            }
            if (change.status() != null && change.status() != before.status()) {
                setStatus(before, change.status(), actor, now);
                detail.put("status", change.status().text());
            }
            if (change.customerImpact() != null && !change.customerImpact().equals(before.customerImpact())) {
                sql.execute("update incidents set customer_impact = ? where id = ?", change.customerImpact(), before.id());
                said.add("customer impact: " + change.customerImpact());
                detail.put("customerImpact", change.customerImpact());
            }
            if (change.summary() != null && !change.summary().equals(before.summary())) {
                sql.execute("update incidents set summary = ? where id = ?", change.summary(), before.id());
                said.add("summary changed");
                detail.put("summary", change.summary());
            }
            if (change.services() != null && !Set.copyOf(change.services()).equals(Set.copyOf(before.services()))) {
                List<Long> ids = serviceIds(change.services());
                sql.execute("delete from incident_services where incident_id = ?", before.id());
                for (long serviceId : ids) {
                    sql.execute("insert into incident_services (incident_id, service_id) values (?, ?)", before.id(), serviceId);
                }
                List<String> sorted = change.services().stream().distinct().sorted().toList();
                said.add("services: " + String.join(", ", sorted));
                detail.putArray("services").addAll(sorted.stream().map(JSON.getNodeFactory()::textNode).toList());
            }
            if (!said.isEmpty()) {
                log(before.id(), now, "edited", actor, "Changed " + String.join("; ", said), detail);
            }
            if (!detail.isEmpty()) {
                sql.execute("update incidents set updated_at = ?::timestamptz where id = ?", utc(now), before.id());
                event(now, actor, "incident.changed", number, snapshot(before), detail);
            }
            if (change.status() == IncidentStatus.RESOLVED && before.status() != IncidentStatus.RESOLVED) {
                drafted(before.id(), now);
            }
        });
        return require(number);
    }

    private void setStatus(Incident before, IncidentStatus to, String actor, Instant now) {
        IncidentRules.Times times = IncidentRules.afterStatus(before.times(), before.status(), to, now);
        sql.execute("""
                update incidents set status = ?, acknowledged_at = ?::timestamptz, mitigated_at = ?::timestamptz, resolved_at = ?::timestamptz
                where id = ?""", to.text(), utc(times.acknowledgedAt()), utc(times.mitigatedAt()), utc(times.resolvedAt()), before.id());
        String verb = IncidentRules.reopens(before.status(), to) ? "Reopened: " : "Status ";
        log(before.id(), now, "status", actor, verb + before.status().text() + " → " + to.text(),
                JSON.createObjectNode().put("from", before.status().text()).put("to", to.text()));
    }

    /** Gives a role to a user; a change of holder is a handover in the log. Returns the incident with its warnings. */
    public Incident assign(String actor, long number, IncidentRole role, String username) {
        if (role == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "role", "use commander, operations, communications or scribe");
        }
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Incident before = lockAndLoad(number);
            Long user = userId(username);
            if (user == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "user", "There is no user '" + username + "'");
            }
            String previous = before.roles().get(role);
            if (username.equals(previous)) {
                return;
            }
            sql.execute("""
                    insert into incident_roles (incident_id, role, user_id, assigned_at) values (?, ?, ?, ?::timestamptz)
                    on conflict (incident_id, role) do update set user_id = excluded.user_id, assigned_at = excluded.assigned_at""",
                    before.id(), role.text(), user, utc(now));
            subscribe(before.id(), user);
            String text = previous == null ? role.title() + ": " + username : role.title() + " handed over from " + previous + " to " + username;
            ObjectNode detail = JSON.createObjectNode().put("role", role.text()).put("from", previous).put("to", username);
            log(before.id(), now, previous == null ? "role" : "handover", actor, text, detail);
            event(now, actor, "incident.role", number, null, detail);
        });
        return require(number);
    }

    /** A note on the timeline; {@code at} may be back-dated (when it happened) but not in the future. */
    public void note(String actor, long number, String body, Instant at) {
        if (body == null || body.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, "body", "is required: what happened or what you saw");
        }
        Instant now = clock.instant();
        Instant when = at == null ? now : at;
        if (when.isAfter(now)) {
            throw new CatalogException(CatalogException.Code.INVALID, "at", "is in the future; a note records what already happened");
        }
        transactions.executeWithoutResult(status -> {
            Incident incident = lockAndLoad(number);
            log(incident.id(), when, "note", actor, body.strip(), null);
            event(now, actor, "incident.note", number, null, JSON.createObjectNode().put("at", when.toString()).put("body", body.strip()));
        });
    }

    /**
     * Posts an update. Internal ones are mailed to the subscribers by the incident-mail task after
     * commit; a public one also sets the incident's status (what users read is what the incident says).
     */
    public Update postUpdate(String actor, long number, String audience, IncidentStatus updateStatus, String body) {
        if (!"internal".equals(audience) && !"public".equals(audience)) {
            throw new CatalogException(CatalogException.Code.INVALID, "audience", "use internal (subscribers) or public (status pages)");
        }
        if (updateStatus == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "status", "use investigating, identified, monitoring or resolved");
        }
        if (body == null || body.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, "body", "is required; GET /api/v1/incidents/update-templates has a start");
        }
        Instant now = clock.instant();
        long id = transactions.execute(status -> {
            Incident incident = lockAndLoad(number);
            if ("public".equals(audience) && updateStatus != incident.status()) {
                setStatus(incident, updateStatus, actor, now);
            }
            long updateId = sql.resultQuery("""
                    insert into incident_updates (incident_id, audience, status, body, posted_by, posted_at)
                    values (?, ?, ?, ?, ?, ?::timestamptz) returning id""", incident.id(), audience, updateStatus.text(), body.strip(), actor, utc(now))
                    .fetchOne(0, Long.class);
            log(incident.id(), now, "update", actor, (audience.equals("public") ? "Public" : "Internal") + " update (" + updateStatus.text() + "): "
                    + body.strip(), JSON.createObjectNode().put("update", updateId).put("audience", audience));
            if ("internal".equals(audience)) {
                scheduleMail("update:" + updateId, now);
            } else {
                // In this transaction: the status pages showing the incident are republished and their subscribers told.
                var pages = statusPages.getIfAvailable();
                if (pages != null) {
                    pages.onPublicIncidentUpdate(incident.id());
                }
            }
            sql.execute("update incidents set updated_at = ?::timestamptz where id = ?", utc(now), incident.id());
            event(now, actor, "incident.update", number, null,
                    JSON.createObjectNode().put("audience", audience).put("status", updateStatus.text()).put("body", body.strip()));
            if ("public".equals(audience) && updateStatus == IncidentStatus.RESOLVED && incident.status() != IncidentStatus.RESOLVED) {
                drafted(incident.id(), now);
            }
            return updateId;
        });
        return new Update(id, audience, updateStatus, body.strip(), actor, now);
    }

    public void attachAlert(String actor, long number, long alertId) {
        AlertStore.AlertRow alert = alerts.find(alertId).orElseThrow(() -> new CatalogException(CatalogException.Code.INVALID, "alertId",
                "There is no alert " + alertId));
        Instant now = clock.instant();
        transactions.executeWithoutResult(status -> {
            Incident incident = lockAndLoad(number);
            int added = sql.execute("insert into incident_alerts (incident_id, alert_id, attached_at) values (?, ?, ?::timestamptz) on conflict do nothing",
                    incident.id(), alertId, utc(now));
            if (added == 0) {
                return;
            }
            log(incident.id(), now, "alert-attached", actor, "Alert #" + alertId + " attached: " + alert.summary(),
                    JSON.createObjectNode().put("alert", alertId));
            event(now, actor, "incident.alert-attached", number, null, JSON.createObjectNode().put("alert", alertId));
        });
    }

    public void subscribe(String username, long number, boolean subscribed) {
        Incident incident = require(number);
        Long user = userId(username);
        if (user == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "user", "There is no user '" + username + "'");
        }
        if (subscribed) {
            subscribe(incident.id(), user);
        } else {
            sql.execute("delete from incident_subscribers where incident_id = ? and user_id = ?", incident.id(), user);
        }
    }

    // --- helpers

    private void subscribe(long incidentId, long userId) {
        sql.execute("insert into incident_subscribers (incident_id, user_id) values (?, ?) on conflict do nothing", incidentId, userId);
    }

    private Incident lockAndLoad(long number) {
        Long id = sql.resultQuery("select id from incidents where number = ? for no key update", number).fetchOne(0, Long.class);
        if (id == null) {
            require(number);
        }
        return load("i.id = ?", id).orElseThrow();
    }

    /**
     * The last step of a transaction that resolved the incident, so the postmortem draft copies
     * everything it wrote (the final update, the new summary and services).
     */
    private void drafted(long incidentId, Instant now) {
        Postmortems drafts = postmortems.getIfAvailable();
        if (drafts != null) {
            drafts.onResolved(incidentId, now);
        }
    }

    void scheduleMail(String instance, Instant at) {
        sql.execute("""
                insert into scheduled_tasks (task_name, task_instance, execution_time, picked, version, priority)
                values (?, ?, ?::timestamptz, false, 1, 0) on conflict do nothing""", MAIL_TASK, instance, utc(at));
    }

    void log(long incidentId, Instant at, String kind, String actor, String body, ObjectNode detail) {
        sql.execute("insert into incident_log (incident_id, at, recorded_at, kind, actor, body, detail) values (?, ?::timestamptz, ?::timestamptz, ?, ?, ?, ?::jsonb)",
                incidentId, utc(at), utc(clock.instant()), kind, actor, body, detail == null ? null : detail.toString());
    }

    private void event(Instant at, String actor, String kind, long number, String before, ObjectNode after) {
        events.append(Event.of(at, actor, kind, "incident", Long.toString(number), before, after == null ? null : after.toString()));
    }

    private static String snapshot(Incident incident) {
        ObjectNode node = JSON.createObjectNode().put("number", incident.number()).put("title", incident.title())
                .put("severity", incident.severity().name()).put("status", incident.status().text())
                .put("customerImpact", incident.customerImpact());
        node.putArray("services").addAll(incident.services().stream().map(JSON.getNodeFactory()::textNode).toList());
        return node.toString();
    }

    private List<Long> serviceIds(java.util.Collection<String> slugs) {
        List<Long> ids = new ArrayList<>();
        for (String slug : new LinkedHashSet<>(slugs)) {
            Long id = sql.resultQuery("select id from services where slug = ?", slug).fetchOne(0, Long.class);
            if (id == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "services", "There is no service '" + slug + "'");
            }
            ids.add(id);
        }
        return ids;
    }

    Long userId(String username) {
        return username == null ? null : sql.resultQuery("select id from users where username = ?", username).fetchOne(0, Long.class);
    }

    private static List<String> split(String joined) {
        return joined == null || joined.isEmpty() ? List.of() : Arrays.asList(joined.split(","));
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }

    static Instant instant(Record r, String field) {
        OffsetDateTime time = r.get(field, OffsetDateTime.class);
        return time == null ? null : time.toInstant();
    }

    static OffsetDateTime utc(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }
}
