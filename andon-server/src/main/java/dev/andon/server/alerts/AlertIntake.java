package dev.andon.server.alerts;

import dev.andon.alerts.AlertAction;
import dev.andon.alerts.AlertEvent;
import dev.andon.alerts.AlertRules;
import dev.andon.alerts.AlertStatus;
import dev.andon.alerts.ChangeEvent;
import dev.andon.server.database.ArraySql;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.jooq.DSLContext;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Applies a batch of inbound events to the alerts, inside the caller's transaction (the alert
 * writer's group commit, or the check result writer's). Per (integration, dedup key) it follows
 * PagerDuty's semantics ({@link AlertRules}), in arrival order, also when one batch holds several
 * events for one key. New alerts join their service's open group (one page for a storm), and are
 * marked suppressed when a maintenance window covers their service. A few statements per batch,
 * whatever its size: the open alerts are locked in one select, and inserts and updates go through
 * {@code unnest} of arrays.
 */
@Component
public class AlertIntake {
    static final JsonMapper JSON = JsonMapper.builder().build();
    private static final java.util.regex.Pattern ESCAPED_NUL = java.util.regex.Pattern.compile("(?<!\\\\)((?:\\\\\\\\)*)\\\\u0000");

    private final DSLContext sql;
    private final MaintenanceCalendar maintenance;
    private final Clock clock;
    private final Map<AlertRules.Outcome, Counter> outcomes = new EnumMap<>(AlertRules.Outcome.class);
    private final Counter changes;

    public AlertIntake(DSLContext sql, MaintenanceCalendar maintenance, Clock clock, MeterRegistry meters) {
        this.sql = sql;
        this.maintenance = maintenance;
        this.clock = clock;
        for (AlertRules.Outcome outcome : AlertRules.Outcome.values()) {
            outcomes.put(outcome, Counter.builder("andon_alert_events_total").tag("outcome", outcome.name().toLowerCase())
                    .description("Alert events applied, by what they did").register(meters));
        }
        this.changes = Counter.builder("andon_change_events_total").description("Change events stored").register(meters);
    }

    private record Key(long scope, String dedupKey) {}

    private record LogEntry(Instant at, String kind, String actor, ObjectNode detail) {}

    /** An open alert touched by the batch: loaded and locked, or new in this batch. */
    private static final class Handle {
        Long id;
        Long groupId;
        Long integrationId;
        String origin;
        String originRef;
        long serviceId;
        String dedupKey;
        AlertStatus status;
        AlertEvent latest;
        Instant createdAt;
        Instant lastEventAt;
        int dedupDelta;
        Instant acknowledgedAt;
        String acknowledgedBy;
        Instant resolvedAt;
        String resolvedBy;
        Long suppressedBy;
        Instant autoResolveAt;
        String amGroupKey;
        boolean changed;
        final List<LogEntry> log = new ArrayList<>();
    }

    /** A NUL in a key would fail the lookup itself (PostgreSQL text cannot hold it): drop it before anything else. */
    private static Intake withCleanKeys(Intake item) {
        if (item instanceof Intake.Alert alert && (hasNul(alert.event().dedupKey()) || hasNul(alert.event().groupKey()))) {
            AlertEvent event = alert.event();
            AlertEvent cleaned = new AlertEvent(event.action(), clean(event.dedupKey()), event.summary(), event.source(), event.severity(),
                    event.timestamp(), event.component(), event.group(), event.eventClass(), event.customDetails(), event.links(), event.images(),
                    event.client(), event.clientUrl(), clean(event.groupKey()));
            return new Intake.Alert(alert.integrationId(), alert.origin(), alert.originRef(), alert.serviceId(), cleaned, alert.receivedAt(),
                    alert.autoResolveAfter(), alert.actor());
        }
        if (item instanceof Intake.ResolveGroup group && hasNul(group.groupKey())) {
            return new Intake.ResolveGroup(group.integrationId(), clean(group.groupKey()), group.receivedAt(), group.actor());
        }
        return item;
    }

    private static boolean hasNul(String text) {
        return text != null && text.indexOf('\u0000') >= 0;
    }

    /** Applies the items in order. Returns nothing: each caller already knows the dedup key it answers with. */
    public void apply(List<? extends Intake> items) {
        if (items.isEmpty()) {
            return;
        }
        Instant now = clock.instant();
        insertChanges(items.stream().filter(Intake.Change.class::isInstance).map(Intake.Change.class::cast).toList());
        List<Intake> alertItems = items.stream().filter(item -> !(item instanceof Intake.Change)).map(AlertIntake::withCleanKeys).toList();
        if (alertItems.isEmpty()) {
            return;
        }
        if (triggersOnly(alertItems)) {
            applyTriggers(alertItems.stream().map(Intake.Alert.class::cast).toList(), now);
            return;
        }
        // Suppression per service, decided once per batch: window rules are not evaluated per event.
        Map<Long, java.util.Optional<MaintenanceCalendar.Suppression>> suppressions = new HashMap<>();
        Map<Key, Handle> open = lockOpen(alertItems);
        List<Handle> created = new ArrayList<>();
        Map<Long, Handle> touched = new LinkedHashMap<>();
        for (Intake item : alertItems) {
            switch (item) {
                case Intake.Alert alert -> apply(alert, open, created, touched, suppressions);
                case Intake.ResolveGroup group -> {
                    for (Handle handle : List.copyOf(open.values())) {
                        if (Objects.equals(handle.integrationId, group.integrationId()) && group.groupKey().equals(handle.amGroupKey)
                                && handle.status.open()) {
                            resolve(handle, group.receivedAt(), group.actor(), "the Alertmanager group resolved");
                            open.remove(new Key(group.integrationId(), handle.dedupKey));
                            remember(handle, touched);
                        }
                    }
                }
                case Intake.Change change -> throw new IllegalStateException("stored above");
            }
        }
        Set<Long> groups = new LinkedHashSet<>();
        Map<Long, GroupState> joined = created.isEmpty() ? Map.of() : joinGroups(created);
        // Updates first: a batch that resolves a key and triggers it again must free the key (the
        // one-open-alert-per-key index) before the new alert is inserted.
        List<Handle> updated = touched.values().stream().filter(handle -> handle.changed).toList();
        if (!updated.isEmpty()) {
            updateAlerts(updated);
            updated.stream().map(handle -> handle.groupId).filter(Objects::nonNull).forEach(groups::add);
        }
        if (!created.isEmpty()) {
            // What the foreign keys checked row by row (V12): the integrations new alerts point at are still there
            // (their services are, as their groups are locked).
            ArraySql.execute(sql, "select andon_lock_alert_parents(?::bigint[], ?::bigint[])",
                    created.stream().map(handle -> handle.integrationId).filter(Objects::nonNull).distinct().toArray(Long[]::new),
                    created.stream().map(handle -> handle.suppressedBy).filter(Objects::nonNull).distinct().toArray(Long[]::new));
            insertAlerts(created);
            created.forEach(handle -> groups.add(handle.groupId));
        }
        List<Handle> logged = new ArrayList<>(created);
        logged.addAll(touched.values());
        insertLog(logged);
        if (!groups.isEmpty() && refreshNeeded(created, updated, joined)) {
            ArraySql.execute(sql, "select andon_refresh_groups(?::bigint[], ?::timestamptz)", groups.toArray(Long[]::new), utc(now));
        }
    }

    /** Whether the batch takes the one-call path: triggers only (no change events, no acknowledge or resolve). */
    static boolean triggersOnly(List<? extends Intake> items) {
        return !items.isEmpty() && items.stream().allMatch(item -> item instanceof Intake.Alert alert && alert.event().action() == AlertAction.TRIGGER);
    }

    /**
     * The common case, a batch of triggers only (a storm, or Alertmanager re-sending what fires):
     * one call of {@code andon_ingest_triggers} locks or opens the services' groups, opens or
     * deduplicates every alert on the open-key index and writes the new alerts' timelines. Outside
     * a transaction (the alert writer) that is one round trip to the database, commit included.
     */
    private void applyTriggers(List<Intake.Alert> triggers, Instant now) {
        // Several triggers for one key in a batch are one row: opened by the first, carrying the latest.
        Map<Key, Handle> byKey = new LinkedHashMap<>();
        Map<Key, Integer> events = new HashMap<>();
        Map<Long, java.util.Optional<MaintenanceCalendar.Suppression>> suppressions = new HashMap<>();
        for (Intake.Alert alert : triggers) {
            AlertEvent event = alert.event();
            Key key = new Key(alert.integrationId() == null ? 0 : alert.integrationId(), event.dedupKey());
            Handle handle = byKey.get(key);
            if (handle == null) {
                handle = new Handle();
                handle.integrationId = alert.integrationId();
                handle.origin = alert.origin();
                handle.originRef = alert.originRef();
                handle.serviceId = alert.serviceId();
                handle.dedupKey = event.dedupKey();
                handle.createdAt = alert.receivedAt();
                handle.log.add(new LogEntry(alert.receivedAt(), "triggered", alert.actor(), triggeredDetail(event)));
                handle.suppressedBy = suppressions.computeIfAbsent(alert.serviceId(), service -> maintenance.suppressing(service, alert.receivedAt()))
                        .map(MaintenanceCalendar.Suppression::id).orElse(null);
                byKey.put(key, handle);
            }
            handle.latest = event;
            handle.lastEventAt = alert.receivedAt();
            if (alert.autoResolveAfter() != null) {
                handle.autoResolveAt = alert.receivedAt().plus(alert.autoResolveAfter());
            }
            if (event.groupKey() != null) {
                handle.amGroupKey = event.groupKey();
            }
            events.merge(key, 1, Integer::sum);
        }

        int n = byKey.size();
        Columns columns = new Columns(n);
        String[] actor = new String[n];
        String[] triggered = new String[n];
        String[] suppressed = new String[n];
        // Per service, in id order: what its group opens with when it has none (the first new alert's word).
        java.util.TreeMap<Long, Handle> firstPerService = new java.util.TreeMap<>();
        int i = 0;
        for (Map.Entry<Key, Handle> entry : byKey.entrySet()) {
            Handle handle = entry.getValue();
            LogEntry first = handle.log.getFirst();
            // Opened, the events after the first are its duplicates; found open, all of them are.
            handle.dedupDelta = events.get(entry.getKey()) - 1;
            columns.set(i, handle);
            actor[i] = first.actor();
            // What the first event said, as the general path logs it.
            triggered[i] = clean(first.detail().toString());
            if (handle.suppressedBy != null) {
                suppressed[i] = clean(suppressedDetail(suppressions.get(handle.serviceId).orElseThrow()).toString());
            }
            firstPerService.putIfAbsent(handle.serviceId, handle);
            i++;
        }
        int s = firstPerService.size();
        Long[] groupService = new Long[s];
        String[] groupSeverity = new String[s];
        String[] groupTitle = new String[s];
        OffsetDateTime[] groupOpened = new OffsetDateTime[s];
        String[] groupPageState = new String[s];
        Long[] groupSuppressedBy = new Long[s];
        int j = 0;
        for (Handle first : firstPerService.values()) {
            groupService[j] = first.serviceId;
            groupSeverity[j] = first.log.getFirst().detail().get("severity").asString();
            groupTitle[j] = clean(first.log.getFirst().detail().get("summary").asString());
            groupOpened[j] = utc(first.createdAt);
            groupPageState[j] = first.suppressedBy == null ? "pending" : "suppressed";
            groupSuppressedBy[j] = first.suppressedBy;
            j++;
        }
        int[] opened = new int[1];
        ArraySql.query(sql, """
                select andon_ingest_triggers(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[],
                    ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[],
                    ?::timestamptz[], ?::timestamptz[], ?::int[], ?::bigint[], ?::timestamptz[], ?::text[], ?::text[], ?::text[],
                    ?::bigint[], ?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::bigint[], ?::timestamptz)""",
                row -> opened[0] = row.getInt(1),
                columns.integration, columns.origin, columns.originRef, columns.service, columns.dedupKey, columns.severity, columns.summary,
                columns.source, columns.component, columns.alertGroup, columns.alertClass, columns.details, columns.links, columns.images,
                columns.client, columns.clientUrl, columns.amGroupKey, columns.sourceTime, columns.createdAt, columns.lastEventAt,
                columns.dedupCount, columns.suppressedBy, columns.autoResolveAt, actor, triggered, suppressed, groupService, groupSeverity, groupTitle, groupOpened, groupPageState,
                groupSuppressedBy, utc(now));
        outcomes.get(AlertRules.Outcome.OPEN).increment(opened[0]);
        outcomes.get(AlertRules.Outcome.DEDUPLICATE).increment(triggers.size() - opened[0]);
    }

    private void apply(Intake.Alert alert, Map<Key, Handle> open, List<Handle> created, Map<Long, Handle> touched,
                       Map<Long, java.util.Optional<MaintenanceCalendar.Suppression>> suppressions) {
        AlertEvent event = alert.event();
        Key key = new Key(alert.integrationId() == null ? 0 : alert.integrationId(), event.dedupKey());
        Handle handle = open.get(key);
        AlertRules.Outcome outcome = AlertRules.apply(handle == null ? null : handle.status, event.action());
        outcomes.get(outcome).increment();
        switch (outcome) {
            case OPEN -> {
                Handle fresh = new Handle();
                fresh.integrationId = alert.integrationId();
                fresh.origin = alert.origin();
                fresh.originRef = alert.originRef();
                fresh.serviceId = alert.serviceId();
                fresh.dedupKey = event.dedupKey();
                fresh.status = AlertStatus.TRIGGERED;
                fresh.latest = event;
                fresh.createdAt = alert.receivedAt();
                fresh.lastEventAt = alert.receivedAt();
                fresh.amGroupKey = event.groupKey();
                fresh.autoResolveAt = alert.autoResolveAfter() == null ? null : alert.receivedAt().plus(alert.autoResolveAfter());
                fresh.log.add(new LogEntry(alert.receivedAt(), "triggered", alert.actor(), triggeredDetail(event)));
                suppressions.computeIfAbsent(alert.serviceId(), service -> maintenance.suppressing(service, alert.receivedAt())).ifPresent(window -> {
                    fresh.suppressedBy = window.id();
                    fresh.log.add(new LogEntry(alert.receivedAt(), "suppressed", "andon", suppressedDetail(window)));
                });
                open.put(key, fresh);
                created.add(fresh);
            }
            case DEDUPLICATE -> {
                handle.latest = event;
                handle.dedupDelta++;
                handle.lastEventAt = alert.receivedAt();
                if (alert.autoResolveAfter() != null) {
                    handle.autoResolveAt = alert.receivedAt().plus(alert.autoResolveAfter());
                }
                if (event.groupKey() != null) {
                    handle.amGroupKey = event.groupKey();
                }
                handle.changed = true;
                remember(handle, touched);
            }
            case ACKNOWLEDGE -> {
                handle.status = AlertStatus.ACKNOWLEDGED;
                handle.acknowledgedAt = alert.receivedAt();
                handle.acknowledgedBy = alert.actor();
                handle.lastEventAt = alert.receivedAt();
                if (alert.autoResolveAfter() != null) {
                    handle.autoResolveAt = alert.receivedAt().plus(alert.autoResolveAfter());
                }
                handle.changed = true;
                handle.log.add(new LogEntry(alert.receivedAt(), "acknowledged", alert.actor(), null));
                remember(handle, touched);
            }
            case RESOLVE -> {
                resolve(handle, alert.receivedAt(), alert.actor(), null);
                open.remove(key);
                remember(handle, touched);
            }
            case DROP -> {
                // PagerDuty drops an acknowledge or resolve with nothing open to apply to, and still answers 202.
            }
        }
    }

    /** The "triggered" line's detail: what the event that opened the alert said. */
    private static ObjectNode triggeredDetail(AlertEvent event) {
        ObjectNode detail = JSON.createObjectNode();
        detail.put("summary", event.summary());
        detail.put("severity", event.severity().text());
        if (event.source() != null) {
            detail.put("source", event.source());
        }
        return detail;
    }

    /** The "suppressed" line's detail: which window, until when. */
    private static ObjectNode suppressedDetail(MaintenanceCalendar.Suppression window) {
        ObjectNode why = JSON.createObjectNode();
        why.put("window", window.slug());
        why.put("windowName", window.name());
        why.put("until", window.until().toString());
        return why;
    }

    private static void resolve(Handle handle, Instant at, String actor, String reason) {
        handle.status = AlertStatus.RESOLVED;
        handle.resolvedAt = at;
        handle.resolvedBy = actor;
        handle.lastEventAt = at;
        handle.changed = true;
        ObjectNode detail = null;
        if (reason != null) {
            detail = JSON.createObjectNode();
            detail.put("reason", reason);
        }
        handle.log.add(new LogEntry(at, "resolved", actor, detail));
    }

    /** New alerts are only in {@code created}; loaded ones are remembered once for the update. */
    private static void remember(Handle handle, Map<Long, Handle> touched) {
        if (handle.id != null) {
            touched.putIfAbsent(handle.id, handle);
        }
    }

    /** Locks, in id order, the open alerts under the batch's keys and those of the Alertmanager groups it resolves. */
    private Map<Key, Handle> lockOpen(List<Intake> items) {
        Set<Key> keys = new LinkedHashSet<>();
        Set<Key> amGroups = new LinkedHashSet<>();
        for (Intake item : items) {
            if (item instanceof Intake.Alert alert) {
                keys.add(new Key(alert.integrationId() == null ? 0 : alert.integrationId(), alert.event().dedupKey()));
            } else if (item instanceof Intake.ResolveGroup group) {
                amGroups.add(new Key(group.integrationId(), group.groupKey()));
            }
        }
        Long[] scopes = keys.stream().map(Key::scope).toArray(Long[]::new);
        String[] dedupKeys = keys.stream().map(Key::dedupKey).toArray(String[]::new);
        Long[] groupScopes = amGroups.stream().map(Key::scope).toArray(Long[]::new);
        String[] groupKeys = amGroups.stream().map(Key::dedupKey).toArray(String[]::new);
        Map<Key, Handle> open = new HashMap<>();
        ArraySql.query(sql, """
                select id, group_id, integration_id, origin, origin_ref, service_id, dedup_key, status, am_group_key
                from alerts
                where status <> 'resolved' and id in (
                    select a.id from unnest(?::bigint[], ?::text[]) as k(scope, dedup_key)
                        join alerts a on %s = k.scope and a.dedup_key = k.dedup_key and a.status <> 'resolved'
                    union all
                    select a.id from unnest(?::bigint[], ?::text[]) as g(integration_id, am_group_key)
                        join alerts a on a.integration_id = g.integration_id and a.am_group_key = g.am_group_key
                                     and a.status <> 'resolved' and a.am_group_key is not null)
                order by id
                for update""".formatted("coalesce(a.integration_id, 0)"), row -> {
                    Handle handle = new Handle();
                    handle.id = row.getLong("id");
                    handle.groupId = row.getObject("group_id", Long.class);
                    handle.integrationId = row.getObject("integration_id", Long.class);
                    handle.origin = row.getString("origin");
                    handle.originRef = row.getString("origin_ref");
                    handle.serviceId = row.getLong("service_id");
                    handle.dedupKey = row.getString("dedup_key");
                    handle.status = AlertStatus.parse(row.getString("status"));
                    handle.amGroupKey = row.getString("am_group_key");
                    open.put(new Key(handle.integrationId == null ? 0 : handle.integrationId, handle.dedupKey), handle);
                }, scopes, dedupKeys, groupScopes, groupKeys);
        return open;
    }

    /** A group as a batch leaves it before the refresh: its status and severity, to know whether a refresh can change anything. */
    private record GroupState(long id, String status, String severity) {}

    /**
     * Puts every new alert in its service's open group, opening one where there is none. The groups
     * are locked for update: this path can change their status (an acknowledge, a resolve).
     */
    private Map<Long, GroupState> joinGroups(List<Handle> created) {
        Map<Long, Handle> firstPerService = new LinkedHashMap<>();
        for (Handle handle : created) {
            firstPerService.putIfAbsent(handle.serviceId, handle);
        }
        List<Long> services = new ArrayList<>(firstPerService.keySet());
        services.sort(Comparator.naturalOrder());
        Map<Long, GroupState> groupOf = new HashMap<>();
        // A group resolved by another transaction meanwhile is not found open: a new one is opened,
        // so no new alert is ever left without one; one opened by another transaction meanwhile is
        // found by the next round's select.
        for (int attempt = 0; groupOf.size() < services.size(); attempt++) {
            if (attempt == 5) {
                throw new org.springframework.dao.CannotAcquireLockException("no open alert group for services " + services);
            }
            List<Long> missing = services.stream().filter(service -> !groupOf.containsKey(service)).toList();
            int n = missing.size();
            Long[] ids = missing.toArray(Long[]::new);
            String[] severities = new String[n];
            String[] titles = new String[n];
            OffsetDateTime[] opened = new OffsetDateTime[n];
            String[] pageStates = new String[n];
            Long[] suppressedBy = new Long[n];
            for (int i = 0; i < n; i++) {
                Handle first = firstPerService.get(ids[i]);
                severities[i] = first.latest.severity().text();
                titles[i] = clean(first.latest.summary());
                opened[i] = utc(first.createdAt);
                pageStates[i] = first.suppressedBy == null ? "pending" : "suppressed";
                suppressedBy[i] = first.suppressedBy;
            }
            ArraySql.Row found = row -> groupOf.put(row.getLong("service_id"),
                    new GroupState(row.getLong("id"), row.getString("status"), row.getString("severity")));
            ArraySql.query(sql, """
                    select id, service_id, status, severity from alert_groups
                    where service_id = any (?::bigint[]) and resolved_at is null
                    order by id
                    for no key update""", found, (Object) ids);
            if (groupOf.size() == services.size()) {
                break;
            }
            ArraySql.query(sql, """
                    insert into alert_groups (service_id, severity, title, opened_at, page_state, suppressed_by)
                    select s, v, t, o, p, (select id from maintenance_windows where id = w)
                    from unnest(?::bigint[], ?::text[], ?::text[], ?::timestamptz[], ?::text[], ?::bigint[]) as u(s, v, t, o, p, w)
                    where s <> all (?::bigint[])
                    on conflict (service_id) where resolved_at is null do nothing
                    returning id, service_id, status, severity""", found, ids, severities, titles, opened, pageStates, suppressedBy,
                    groupOf.keySet().toArray(Long[]::new));
        }
        for (Handle handle : created) {
            handle.groupId = groupOf.get(handle.serviceId).id();
        }
        return groupOf;
    }

    private static final List<String> SEVERITY_ORDER = List.of("critical", "error", "warning", "info");

    /**
     * Whether the groups' status or severity may change: not when the batch only added triggered
     * alerts to triggered groups that already have a severity at least as urgent (the common case
     * of a storm), so the refresh is skipped.
     */
    private static boolean refreshNeeded(List<Handle> created, List<Handle> updated, Map<Long, GroupState> groups) {
        if (!updated.isEmpty()) {
            return true;
        }
        for (Handle handle : created) {
            GroupState group = groups.get(handle.serviceId);
            if (handle.status != AlertStatus.TRIGGERED || !"triggered".equals(group.status())
                    || SEVERITY_ORDER.indexOf(handle.latest.severity().text()) < SEVERITY_ORDER.indexOf(group.severity())) {
                return true;
            }
        }
        return false;
    }

    /** The columns a new alert is stored with, as arrays for {@code unnest}: one element per alert, in order. */
    private static final class Columns {
        final Long[] integration;
        final String[] origin;
        final String[] originRef;
        final Long[] service;
        final String[] dedupKey;
        final String[] severity;
        final String[] summary;
        final String[] source;
        final String[] component;
        final String[] alertGroup;
        final String[] alertClass;
        final String[] details;
        final String[] links;
        final String[] images;
        final String[] client;
        final String[] clientUrl;
        final String[] amGroupKey;
        final OffsetDateTime[] sourceTime;
        final OffsetDateTime[] createdAt;
        final OffsetDateTime[] lastEventAt;
        final Integer[] dedupCount;
        final Long[] suppressedBy;
        final OffsetDateTime[] autoResolveAt;

        Columns(int n) {
            integration = new Long[n];
            origin = new String[n];
            originRef = new String[n];
            service = new Long[n];
            dedupKey = new String[n];
            severity = new String[n];
            summary = new String[n];
            source = new String[n];
            component = new String[n];
            alertGroup = new String[n];
            alertClass = new String[n];
            details = new String[n];
            links = new String[n];
            images = new String[n];
            client = new String[n];
            clientUrl = new String[n];
            amGroupKey = new String[n];
            sourceTime = new OffsetDateTime[n];
            createdAt = new OffsetDateTime[n];
            lastEventAt = new OffsetDateTime[n];
            dedupCount = new Integer[n];
            suppressedBy = new Long[n];
            autoResolveAt = new OffsetDateTime[n];
        }

        /** Row i from the handle: the latest event's word, the first event's time. */
        void set(int i, Handle handle) {
            AlertEvent event = handle.latest;
            integration[i] = handle.integrationId;
            origin[i] = handle.origin;
            originRef[i] = handle.originRef;
            service[i] = handle.serviceId;
            dedupKey[i] = handle.dedupKey;
            severity[i] = event.severity().text();
            summary[i] = clean(event.summary());
            source[i] = clean(event.source());
            component[i] = clean(event.component());
            alertGroup[i] = clean(event.group());
            alertClass[i] = clean(event.eventClass());
            details[i] = clean(event.customDetails());
            links[i] = linksJson(event);
            images[i] = imagesJson(event);
            client[i] = clean(event.client());
            clientUrl[i] = clean(event.clientUrl());
            amGroupKey[i] = handle.amGroupKey;
            sourceTime[i] = event.timestamp() == null ? null : utc(event.timestamp());
            createdAt[i] = utc(handle.createdAt);
            lastEventAt[i] = utc(handle.lastEventAt);
            dedupCount[i] = handle.dedupDelta;
            suppressedBy[i] = handle.suppressedBy;
            autoResolveAt[i] = handle.autoResolveAt == null || handle.resolvedAt != null ? null : utc(handle.autoResolveAt);
        }
    }

    private void insertAlerts(List<Handle> created) {
        int n = created.size();
        Columns columns = new Columns(n);
        Long[] group = new Long[n];
        String[] status = new String[n];
        OffsetDateTime[] acknowledgedAt = new OffsetDateTime[n];
        String[] acknowledgedBy = new String[n];
        OffsetDateTime[] resolvedAt = new OffsetDateTime[n];
        String[] resolvedBy = new String[n];
        for (int i = 0; i < n; i++) {
            Handle handle = created.get(i);
            columns.set(i, handle);
            group[i] = handle.groupId;
            status[i] = handle.status.text();
            acknowledgedAt[i] = handle.acknowledgedAt == null ? null : utc(handle.acknowledgedAt);
            acknowledgedBy[i] = handle.acknowledgedBy;
            resolvedAt[i] = handle.resolvedAt == null ? null : utc(handle.resolvedAt);
            resolvedBy[i] = handle.resolvedBy;
        }
        List<Long> ids = ArraySql.ids(sql, """
                insert into alerts (integration_id, origin, origin_ref, service_id, group_id, dedup_key, status, severity, summary, source,
                                    component, alert_group, alert_class, custom_details, links, images, client, client_url, am_group_key,
                                    source_time, created_at, last_event_at, dedup_count, acknowledged_at, acknowledged_by, resolved_at,
                                    resolved_by, suppressed_by, auto_resolve_at)
                select c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14::jsonb, c15::jsonb, c16::jsonb, c17, c18, c19, c20, c21, c22,
                       c23, c24, c25, c26, c27, (select id from maintenance_windows where id = c28), c29
                from unnest(?::bigint[], ?::text[], ?::text[], ?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::timestamptz[], ?::timestamptz[], ?::timestamptz[], ?::int[], ?::timestamptz[], ?::text[], ?::timestamptz[],
                            ?::text[], ?::bigint[], ?::timestamptz[])
                     with ordinality as u(c1, c2, c3, c4, c5, c6, c7, c8, c9, c10, c11, c12, c13, c14, c15, c16, c17, c18, c19, c20, c21,
                                          c22, c23, c24, c25, c26, c27, c28, c29, ord)
                order by ord
                returning id""", columns.integration, columns.origin, columns.originRef, columns.service, group, columns.dedupKey, status,
                columns.severity, columns.summary, columns.source, columns.component, columns.alertGroup, columns.alertClass, columns.details,
                columns.links, columns.images, columns.client, columns.clientUrl, columns.amGroupKey, columns.sourceTime, columns.createdAt,
                columns.lastEventAt, columns.dedupCount, acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, columns.suppressedBy,
                columns.autoResolveAt);
        if (ids.size() != n) {
            throw new IllegalStateException("stored " + ids.size() + " of " + n + " new alerts");
        }
        for (int i = 0; i < n; i++) {
            created.get(i).id = ids.get(i);
        }
    }

    /** Applies what the batch did to alerts that were already open; a null column keeps the stored value. */
    private void updateAlerts(List<Handle> updated) {
        int n = updated.size();
        Long[] id = new Long[n];
        String[] status = new String[n];
        String[] severity = new String[n];
        String[] summary = new String[n];
        String[] source = new String[n];
        String[] details = new String[n];
        String[] links = new String[n];
        OffsetDateTime[] sourceTime = new OffsetDateTime[n];
        OffsetDateTime[] lastEventAt = new OffsetDateTime[n];
        Integer[] dedupDelta = new Integer[n];
        OffsetDateTime[] acknowledgedAt = new OffsetDateTime[n];
        String[] acknowledgedBy = new String[n];
        OffsetDateTime[] resolvedAt = new OffsetDateTime[n];
        String[] resolvedBy = new String[n];
        OffsetDateTime[] autoResolveAt = new OffsetDateTime[n];
        String[] amGroupKey = new String[n];
        for (int i = 0; i < n; i++) {
            Handle handle = updated.get(i);
            id[i] = handle.id;
            status[i] = handle.status.text();
            AlertEvent event = handle.latest;
            if (event != null) {
                // A deduplicated trigger brings the latest word on the problem (disk 95%, then 99%).
                severity[i] = event.severity().text();
                summary[i] = clean(event.summary());
                source[i] = clean(event.source());
                details[i] = clean(event.customDetails());
                links[i] = event.links().isEmpty() ? null : linksJson(event);
                sourceTime[i] = event.timestamp() == null ? null : utc(event.timestamp());
            }
            lastEventAt[i] = utc(handle.lastEventAt);
            dedupDelta[i] = handle.dedupDelta;
            acknowledgedAt[i] = handle.acknowledgedAt == null ? null : utc(handle.acknowledgedAt);
            acknowledgedBy[i] = handle.acknowledgedBy;
            resolvedAt[i] = handle.resolvedAt == null ? null : utc(handle.resolvedAt);
            resolvedBy[i] = handle.resolvedBy;
            autoResolveAt[i] = handle.autoResolveAt == null ? null : utc(handle.autoResolveAt);
            amGroupKey[i] = handle.amGroupKey;
        }
        ArraySql.execute(sql, """
                update alerts a set
                    status = u.status,
                    severity = coalesce(u.severity, a.severity),
                    summary = coalesce(u.summary, a.summary),
                    source = coalesce(u.source, a.source),
                    custom_details = coalesce(u.details::jsonb, a.custom_details),
                    links = coalesce(u.links::jsonb, a.links),
                    source_time = coalesce(u.source_time, a.source_time),
                    last_event_at = greatest(a.last_event_at, u.last_event_at),
                    dedup_count = a.dedup_count + u.dedup_delta,
                    acknowledged_at = coalesce(a.acknowledged_at, u.acknowledged_at),
                    acknowledged_by = coalesce(a.acknowledged_by, u.acknowledged_by),
                    resolved_at = coalesce(a.resolved_at, u.resolved_at),
                    resolved_by = coalesce(a.resolved_by, u.resolved_by),
                    auto_resolve_at = case when u.status = 'resolved' then null else coalesce(u.auto_resolve_at, a.auto_resolve_at) end,
                    am_group_key = coalesce(u.am_group_key, a.am_group_key)
                from unnest(?::bigint[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[],
                            ?::int[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::text[], ?::timestamptz[], ?::text[])
                     as u(id, status, severity, summary, source, details, links, source_time, last_event_at, dedup_delta, acknowledged_at,
                          acknowledged_by, resolved_at, resolved_by, auto_resolve_at, am_group_key)
                where a.id = u.id""", id, status, severity, summary, source, details, links, sourceTime, lastEventAt, dedupDelta,
                acknowledgedAt, acknowledgedBy, resolvedAt, resolvedBy, autoResolveAt, amGroupKey);
    }

    private void insertLog(List<Handle> handles) {
        List<Long> alert = new ArrayList<>();
        List<OffsetDateTime> at = new ArrayList<>();
        List<String> kind = new ArrayList<>();
        List<String> actor = new ArrayList<>();
        List<String> detail = new ArrayList<>();
        for (Handle handle : handles) {
            for (LogEntry entry : handle.log) {
                alert.add(handle.id);
                at.add(utc(entry.at()));
                kind.add(entry.kind());
                actor.add(entry.actor());
                detail.add(entry.detail() == null ? null : clean(entry.detail().toString()));
            }
        }
        if (alert.isEmpty()) {
            return;
        }
        ArraySql.execute(sql, """
                insert into alert_log (alert_id, at, kind, actor, detail)
                select a, t, k, w, d::jsonb from unnest(?::bigint[], ?::timestamptz[], ?::text[], ?::text[], ?::text[]) as u(a, t, k, w, d)""",
                alert.toArray(Long[]::new), at.toArray(OffsetDateTime[]::new), kind.toArray(String[]::new), actor.toArray(String[]::new),
                detail.toArray(String[]::new));
    }

    private void insertChanges(List<Intake.Change> items) {
        if (items.isEmpty()) {
            return;
        }
        int n = items.size();
        Long[] integration = new Long[n];
        Long[] service = new Long[n];
        String[] summary = new String[n];
        String[] source = new String[n];
        OffsetDateTime[] happened = new OffsetDateTime[n];
        OffsetDateTime[] received = new OffsetDateTime[n];
        String[] details = new String[n];
        String[] links = new String[n];
        for (int i = 0; i < n; i++) {
            Intake.Change item = items.get(i);
            ChangeEvent event = item.event();
            integration[i] = item.integrationId();
            service[i] = item.serviceId();
            summary[i] = clean(event.summary());
            source[i] = clean(event.source());
            happened[i] = utc(event.timestamp() == null ? item.receivedAt() : event.timestamp());
            received[i] = utc(item.receivedAt());
            details[i] = clean(event.customDetails());
            ArrayNode array = JSON.createArrayNode();
            event.links().forEach(link -> array.addObject().put("href", link.href()).put("text", link.text()));
            links[i] = clean(array.toString());
        }
        ArraySql.execute(sql, """
                insert into change_events (integration_id, service_id, summary, source, happened_at, received_at, custom_details, links)
                select i, s, m, o, h, r, d::jsonb, l::jsonb
                from unnest(?::bigint[], ?::bigint[], ?::text[], ?::text[], ?::timestamptz[], ?::timestamptz[], ?::text[], ?::text[]) as u(i, s, m, o, h, r, d, l)""",
                integration, service, summary, source, happened, received, details, links);
        changes.increment(n);
    }

    private static String linksJson(AlertEvent event) {
        if (event.links().isEmpty()) {
            return "[]";
        }
        ArrayNode array = JSON.createArrayNode();
        event.links().forEach(link -> {
            ObjectNode node = array.addObject().put("href", link.href());
            if (link.text() != null) {
                node.put("text", link.text());
            }
        });
        return clean(array.toString());
    }

    private static String imagesJson(AlertEvent event) {
        if (event.images().isEmpty()) {
            return "[]";
        }
        ArrayNode array = JSON.createArrayNode();
        event.images().forEach(image -> {
            ObjectNode node = array.addObject().put("src", image.src());
            if (image.href() != null) {
                node.put("href", image.href());
            }
            if (image.alt() != null) {
                node.put("alt", image.alt());
            }
        });
        return clean(array.toString());
    }

    /** PostgreSQL text and jsonb cannot hold NUL (nor jsonb its escape): a sender's stray NUL must not poison a batch. */
    static String clean(String text) {
        if (text == null) {
            return null;
        }
        if (text.indexOf('\u0000') >= 0) {
            text = text.replace("\u0000", "");
        }
        // In JSON text, an escaped NUL (not an escaped backslash followed by "u0000").
        return text.contains("\\u0000") ? ESCAPED_NUL.matcher(text).replaceAll("$1") : text;
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
