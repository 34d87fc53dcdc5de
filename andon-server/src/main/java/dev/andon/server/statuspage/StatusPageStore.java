package dev.andon.server.statuspage;

import dev.andon.catalog.CatalogException;
import dev.andon.checks.CheckStatus;
import dev.andon.incidents.IncidentSeverity;
import dev.andon.incidents.IncidentStatus;
import dev.andon.server.checks.CheckHistory.Bucket;
import dev.andon.statuspage.ComponentStatus;
import dev.andon.statuspage.Impact;
import dev.andon.statuspage.MaintenanceStatus;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.jooq.DSLContext;
import org.jooq.Record;
import org.springframework.stereotype.Component;

/**
 * Status pages, their components, overrides and maintenances, in plain SQL; and the read side of
 * incidents a page may show. That read selects only what a status page may show: the incident's
 * title, times and impact, and its public updates (never internal updates, the summary, roles or
 * who declared or posted anything).
 */
@Component
public class StatusPageStore {
    private final DSLContext sql;

    public StatusPageStore(DSLContext sql) {
        this.sql = sql;
    }

    public record Page(long id, String slug, String title, String description, String publicUrl, String timeZone, boolean listed,
                       Instant createdAt, Instant updatedAt) {}

    public record StatusComponent(long id, long pageId, String name, String description, String groupName, int position, Long serviceId,
                                  String serviceSlug, boolean onlyShowIfDegraded, ComponentStatus override, String overrideBy,
                                  String overrideReason, Instant overrideUntil, ComponentStatus lastStatus, Instant createdAt,
                                  Instant updatedAt) {
        /** The override, if it has not run out at {@code now}. */
        public ComponentStatus overrideAt(Instant now) {
            return override != null && (overrideUntil == null || overrideUntil.isAfter(now)) ? override : null;
        }
    }

    public record MaintenanceUpdate(long id, MaintenanceStatus status, String body, Instant postedAt) {}

    public record Maintenance(long id, long pageId, String title, String body, Instant scheduledFor, Instant scheduledUntil,
                              MaintenanceStatus status, List<Long> componentIds, List<MaintenanceUpdate> updates, Instant createdAt,
                              Instant updatedAt) {}

    /** An update of an incident meant for users. */
    public record PublicUpdate(long id, IncidentStatus status, String body, Instant postedAt) {}

    /** What a status page may know about an incident. */
    public record PublicIncident(long id, String name, IncidentStatus status, Impact impact, Instant startedAt, Instant monitoringAt,
                                 Instant resolvedAt, Instant updatedAt, List<Long> componentIds, List<PublicUpdate> updates) {
        public boolean resolved() {
            return status == IncidentStatus.RESOLVED;
        }
    }

    // --- pages

    public List<Page> pages() {
        return sql.resultQuery("select * from status_pages order by title, slug").fetch(StatusPageStore::page);
    }

    public Optional<Page> page(String slug) {
        return sql.resultQuery("select * from status_pages where slug = ?", slug).fetchOptional(StatusPageStore::page);
    }

    public Page require(String slug) {
        return page(slug).orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "slug",
                "status page '" + slug + "' does not exist"));
    }

    public Page createPage(String slug, String title, String description, String publicUrl, String timeZone, boolean listed, Instant now) {
        if (page(slug).isPresent()) {
            throw new CatalogException(CatalogException.Code.CONFLICT, "slug", "a status page '" + slug + "' already exists; choose another slug");
        }
        sql.execute("""
                insert into status_pages (slug, title, description, public_url, time_zone, listed, created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz)""", slug, title, description, publicUrl, timeZone, listed, at(now), at(now));
        return require(slug);
    }

    public Page updatePage(String slug, String title, String description, String publicUrl, String timeZone, boolean listed, Instant now) {
        Page page = require(slug);
        sql.execute("""
                update status_pages set title = ?, description = ?, public_url = ?, time_zone = ?, listed = ?, updated_at = ?::timestamptz
                where id = ?""", title, description, publicUrl, timeZone, listed, at(now), page.id());
        return require(slug);
    }

    public void deletePage(String slug) {
        sql.execute("delete from status_pages where id = ?", require(slug).id());
    }

    public void touch(long pageId, Instant now) {
        sql.execute("update status_pages set updated_at = greatest(updated_at, ?::timestamptz) where id = ?", at(now), pageId);
    }

    // --- components

    public List<StatusComponent> components(long pageId) {
        return sql.resultQuery("""
                select c.*, s.slug as service_slug from status_components c left join services s on s.id = c.service_id
                where c.page_id = ? order by c.position, c.id""", pageId).fetch(StatusPageStore::component);
    }

    public StatusComponent component(long pageId, long id) {
        return components(pageId).stream().filter(component -> component.id() == id).findFirst()
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "id", "component " + id + " is not on this status page"));
    }

    public Long serviceId(String serviceSlug) {
        if (serviceSlug == null || serviceSlug.isBlank()) {
            return null;
        }
        Long id = sql.resultQuery("select id from services where slug = ?", serviceSlug).fetchOne(0, Long.class);
        if (id == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "service", "service '" + serviceSlug + "' does not exist");
        }
        return id;
    }

    public StatusComponent createComponent(long pageId, String name, String description, String groupName, Integer position, Long serviceId,
                                           boolean onlyShowIfDegraded, Instant now) {
        if (sql.fetchExists(sql.selectOne().from("status_components").where("page_id = ? and name = ?", pageId, name))) {
            throw new CatalogException(CatalogException.Code.CONFLICT, "name", "this page already has a component named '" + name + "'");
        }
        int at = position != null ? position
                : sql.resultQuery("select coalesce(max(position) + 1, 0) from status_components where page_id = ?", pageId).fetchOne(0, Integer.class);
        Long id = sql.resultQuery("""
                insert into status_components (page_id, name, description, group_name, position, service_id, only_show_if_degraded,
                                               created_at, updated_at)
                values (?, ?, ?, ?, ?, ?, ?, ?::timestamptz, ?::timestamptz) returning id""",
                pageId, name, description, blankToNull(groupName), at, serviceId, onlyShowIfDegraded, at(now), at(now)).fetchOne(0, Long.class);
        return component(pageId, id);
    }

    public StatusComponent updateComponent(long pageId, long id, String name, String description, String groupName, int position,
                                           Long serviceId, boolean onlyShowIfDegraded, Instant now) {
        component(pageId, id);
        sql.execute("""
                update status_components set name = ?, description = ?, group_name = ?, position = ?, service_id = ?, only_show_if_degraded = ?,
                       updated_at = ?::timestamptz
                where id = ? and page_id = ?""", name, description, blankToNull(groupName), position, serviceId, onlyShowIfDegraded, at(now), id, pageId);
        return component(pageId, id);
    }

    public void deleteComponent(long pageId, long id) {
        component(pageId, id);
        sql.execute("delete from status_components where id = ? and page_id = ?", id, pageId);
    }

    public StatusComponent override(long pageId, long id, ComponentStatus status, String by, String reason, Instant until, Instant now) {
        component(pageId, id);
        sql.execute("""
                update status_components set override_status = ?, override_by = ?, override_reason = ?, override_until = ?::timestamptz,
                       updated_at = ?::timestamptz
                where id = ? and page_id = ?""", status == null ? null : status.text(), by, reason, at(until), at(now), id, pageId);
        return component(pageId, id);
    }

    /** Records the state shown now; true when it changed (so the page is published again). */
    public boolean recordStatus(long componentId, ComponentStatus status, Instant now) {
        return sql.execute("update status_components set last_status = ?, updated_at = ?::timestamptz where id = ? and last_status <> ?",
                status.text(), at(now), componentId, status.text()) > 0;
    }

    /** The verdicts of the checks of each service, by service id. */
    public Map<Long, List<CheckStatus>> checkStatuses(long pageId) {
        Map<Long, List<CheckStatus>> byService = new HashMap<>();
        sql.resultQuery("""
                select k.service_id, k.status, k.paused from checks k
                where k.service_id in (select service_id from status_components where page_id = ? and service_id is not null)""", pageId)
                .forEach(row -> byService.computeIfAbsent(row.get(0, Long.class), key -> new ArrayList<>())
                        .add(Boolean.TRUE.equals(row.get(2, Boolean.class)) ? CheckStatus.PAUSED : checkStatus(row.get(1, String.class))));
        return byService;
    }

    private static CheckStatus checkStatus(String text) {
        try {
            return CheckStatus.valueOf(text.toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            return CheckStatus.UNKNOWN;
        }
    }

    /**
     * The service's checks' verdicts summed per UTC day over the last {@code days} days, oldest first;
     * a day without data has all counts zero (shown as missing, never as up).
     */
    public List<Bucket> uptimeDays(long serviceId, int days, Instant now) {
        Instant today = now.truncatedTo(ChronoUnit.DAYS);
        Instant first = today.minus(Duration.ofDays(days - 1L));
        Map<Instant, Bucket> stored = new HashMap<>();
        sql.resultQuery("""
                select r.bucket, sum(r.up), sum(r.degraded), sum(r.down), sum(r.unknown)
                from check_rollups r join checks k on k.id = r.check_id
                where k.service_id = ? and r.location = '' and r.resolution = 'd' and r.bucket >= ?::timestamptz
                group by r.bucket""", serviceId, at(first))
                .forEach(row -> {
                    Instant day = row.get(0, OffsetDateTime.class).toInstant();
                    stored.put(day, new Bucket(day, row.get(1, Long.class), row.get(2, Long.class), row.get(3, Long.class), row.get(4, Long.class),
                            new long[0]));
                });
        List<Bucket> result = new ArrayList<>(days);
        for (int i = 0; i < days; i++) {
            Instant day = first.plus(Duration.ofDays(i));
            result.add(stored.getOrDefault(day, new Bucket(day, 0, 0, 0, 0, new long[0])));
        }
        return result;
    }

    // --- maintenances

    public List<Maintenance> maintenances(long pageId) {
        Map<Long, List<Long>> components = new HashMap<>();
        sql.resultQuery("""
                select mc.maintenance_id, mc.component_id from status_maintenance_components mc
                join status_maintenances m on m.id = mc.maintenance_id where m.page_id = ? order by mc.component_id""", pageId)
                .forEach(row -> components.computeIfAbsent(row.get(0, Long.class), key -> new ArrayList<>()).add(row.get(1, Long.class)));
        Map<Long, List<MaintenanceUpdate>> updates = new HashMap<>();
        sql.resultQuery("""
                select u.* from status_maintenance_updates u join status_maintenances m on m.id = u.maintenance_id
                where m.page_id = ? order by u.posted_at desc, u.id desc""", pageId)
                .forEach(row -> updates.computeIfAbsent(row.get("maintenance_id", Long.class), key -> new ArrayList<>())
                        .add(new MaintenanceUpdate(row.get("id", Long.class), MaintenanceStatus.parse(row.get("status", String.class)),
                                row.get("body", String.class), instant(row, "posted_at"))));
        return sql.resultQuery("select * from status_maintenances where page_id = ? order by scheduled_for desc, id desc", pageId)
                .fetch(row -> {
                    long id = row.get("id", Long.class);
                    return new Maintenance(id, pageId, row.get("title", String.class), row.get("body", String.class), instant(row, "scheduled_for"),
                            instant(row, "scheduled_until"), MaintenanceStatus.parse(row.get("status", String.class)),
                            components.getOrDefault(id, List.of()), updates.getOrDefault(id, List.of()), instant(row, "created_at"),
                            instant(row, "updated_at"));
                });
    }

    public Maintenance maintenance(long pageId, long id) {
        return maintenances(pageId).stream().filter(maintenance -> maintenance.id() == id).findFirst()
                .orElseThrow(() -> new CatalogException(CatalogException.Code.NOT_FOUND, "id", "maintenance " + id + " is not on this status page"));
    }

    public Maintenance createMaintenance(long pageId, String title, String body, Instant from, Instant until, MaintenanceStatus status,
                                         List<Long> componentIds, Instant now) {
        Long id = sql.resultQuery("""
                insert into status_maintenances (page_id, title, body, scheduled_for, scheduled_until, status, created_at, updated_at)
                values (?, ?, ?, ?::timestamptz, ?::timestamptz, ?, ?::timestamptz, ?::timestamptz) returning id""",
                pageId, title, body, at(from), at(until), status.text(), at(now), at(now)).fetchOne(0, Long.class);
        setComponents(pageId, id, componentIds);
        if (!body.isBlank()) {
            addMaintenanceUpdate(pageId, id, status, body, now);
        }
        return maintenance(pageId, id);
    }

    public Maintenance updateMaintenance(long pageId, long id, String title, String body, Instant from, Instant until, MaintenanceStatus status,
                                         List<Long> componentIds, Instant now) {
        maintenance(pageId, id);
        sql.execute("""
                update status_maintenances set title = ?, body = ?, scheduled_for = ?::timestamptz, scheduled_until = ?::timestamptz, status = ?,
                       updated_at = ?::timestamptz where id = ? and page_id = ?""",
                title, body, at(from), at(until), status.text(), at(now), id, pageId);
        setComponents(pageId, id, componentIds);
        return maintenance(pageId, id);
    }

    /** Posts an update and moves the maintenance to its status. */
    public Maintenance addMaintenanceUpdate(long pageId, long id, MaintenanceStatus status, String body, Instant now) {
        sql.execute("insert into status_maintenance_updates (maintenance_id, status, body, posted_at) values (?, ?, ?, ?::timestamptz)",
                id, status.text(), body, at(now));
        sql.execute("update status_maintenances set status = ?, updated_at = ?::timestamptz where id = ? and page_id = ?", status.text(), at(now), id, pageId);
        return maintenance(pageId, id);
    }

    public void deleteMaintenance(long pageId, long id) {
        maintenance(pageId, id);
        sql.execute("delete from status_maintenances where id = ? and page_id = ?", id, pageId);
    }

    private void setComponents(long pageId, long maintenanceId, List<Long> componentIds) {
        sql.execute("delete from status_maintenance_components where maintenance_id = ?", maintenanceId);
        for (Long componentId : componentIds) {
            component(pageId, componentId);
            sql.execute("insert into status_maintenance_components (maintenance_id, component_id) values (?, ?) on conflict do nothing",
                    maintenanceId, componentId);
        }
    }

    // --- incidents, as a status page may see them

    /**
     * Incidents touching a service of one of the page's components, with at least one public update,
     * unresolved or started since {@code since}; newest first. Only public columns are selected.
     */
    public List<PublicIncident> incidents(long pageId, Instant since) {
        Map<Long, Long> componentByService = new HashMap<>();
        for (StatusComponent component : components(pageId)) {
            if (component.serviceId() != null) {
                componentByService.putIfAbsent(component.serviceId(), component.id());
            }
        }
        if (componentByService.isEmpty()) {
            return List.of();
        }
        Long[] services = componentByService.keySet().toArray(Long[]::new);
        Map<Long, Incoming> incidents = new LinkedHashMap<>();
        sql.resultQuery("""
                select i.id, i.title, i.severity, i.status, i.started_at, i.resolved_at from incidents i
                where exists (select 1 from incident_services s where s.incident_id = i.id and s.service_id = any(?::bigint[]))
                  and exists (select 1 from incident_updates u where u.incident_id = i.id and u.audience = 'public')
                  and (i.status <> 'resolved' or i.started_at >= ?::timestamptz or i.resolved_at >= ?::timestamptz)
                order by (i.status <> 'resolved') desc, i.started_at desc, i.id desc limit 50""", services, at(since), at(since))
                .forEach(row -> incidents.put(row.get("id", Long.class), new Incoming(row.get("title", String.class),
                        IncidentSeverity.parse(row.get("severity", String.class)), IncidentStatus.parse(row.get("status", String.class)),
                        instant(row, "started_at"), instant(row, "resolved_at"), new ArrayList<>(), new ArrayList<>())));
        if (incidents.isEmpty()) {
            return List.of();
        }
        Long[] ids = incidents.keySet().toArray(Long[]::new);
        sql.resultQuery("select incident_id, service_id from incident_services where incident_id = any(?::bigint[]) order by service_id", (Object) ids)
                .forEach(row -> {
                    Long component = componentByService.get(row.get(1, Long.class));
                    if (component != null) {
                        incidents.get(row.get(0, Long.class)).components().add(component);
                    }
                });
        sql.resultQuery("""
                select id, incident_id, status, body, posted_at from incident_updates
                where incident_id = any(?::bigint[]) and audience = 'public' order by posted_at desc, id desc""", (Object) ids)
                .forEach(row -> incidents.get(row.get("incident_id", Long.class)).updates().add(new PublicUpdate(row.get("id", Long.class),
                        IncidentStatus.parse(row.get("status", String.class)), row.get("body", String.class), instant(row, "posted_at"))));
        List<PublicIncident> result = new ArrayList<>();
        incidents.forEach((id, incoming) -> {
            List<PublicUpdate> updates = incoming.updates();
            // What users were told last, unless the incident is over.
            IncidentStatus status = incoming.status() == IncidentStatus.RESOLVED ? IncidentStatus.RESOLVED : updates.getFirst().status();
            Instant monitoringAt = updates.stream().filter(update -> update.status() == IncidentStatus.MONITORING).map(PublicUpdate::postedAt)
                    .min(Instant::compareTo).orElse(null);
            Instant resolvedAt = status == IncidentStatus.RESOLVED ? (incoming.resolvedAt() != null ? incoming.resolvedAt() : updates.getFirst().postedAt()) : null;
            result.add(new PublicIncident(id, incoming.title(), status, Impact.of(incoming.severity()), incoming.startedAt(), monitoringAt,
                    resolvedAt, updates.getFirst().postedAt(), List.copyOf(incoming.components()), List.copyOf(updates)));
        });
        return result;
    }

    /** The pages that show an incident: those with a component on one of its services. */
    public List<Page> pagesShowing(long incidentId) {
        return sql.resultQuery("""
                select * from status_pages p where exists (
                    select 1 from status_components c join incident_services s on s.service_id = c.service_id
                    where c.page_id = p.id and s.incident_id = ?) order by p.slug""", incidentId).fetch(StatusPageStore::page);
    }

    /** An incident as a subscriber may hear of it, with its latest public update; empty when it has none. */
    public record PublicNotice(long incidentId, String title, Impact impact, PublicUpdate update) {}

    public Optional<PublicNotice> latestPublicUpdate(long incidentId) {
        return sql.resultQuery("""
                select i.id as incident_id, i.title, i.severity, u.id, u.status, u.body, u.posted_at
                from incidents i join incident_updates u on u.incident_id = i.id and u.audience = 'public'
                where i.id = ? order by u.posted_at desc, u.id desc limit 1""", incidentId)
                .fetchOptional(row -> new PublicNotice(row.get("incident_id", Long.class), row.get("title", String.class),
                        Impact.of(IncidentSeverity.parse(row.get("severity", String.class))), new PublicUpdate(row.get("id", Long.class),
                        IncidentStatus.parse(row.get("status", String.class)), row.get("body", String.class), instant(row, "posted_at"))));
    }

    private record Incoming(String title, IncidentSeverity severity, IncidentStatus status, Instant startedAt, Instant resolvedAt,
                            List<Long> components, List<PublicUpdate> updates) {}

    // --- rows

    private static Page page(Record row) {
        return new Page(row.get("id", Long.class), row.get("slug", String.class), row.get("title", String.class), row.get("description", String.class),
                row.get("public_url", String.class), row.get("time_zone", String.class), row.get("listed", Boolean.class), instant(row, "created_at"),
                instant(row, "updated_at"));
    }

    private static StatusComponent component(Record row) {
        return new StatusComponent(row.get("id", Long.class), row.get("page_id", Long.class), row.get("name", String.class),
                row.get("description", String.class), row.get("group_name", String.class), row.get("position", Integer.class),
                row.get("service_id", Long.class), row.get("service_slug", String.class), row.get("only_show_if_degraded", Boolean.class),
                ComponentStatus.parse(row.get("override_status", String.class)), row.get("override_by", String.class),
                row.get("override_reason", String.class), instant(row, "override_until"), ComponentStatus.parse(row.get("last_status", String.class)),
                instant(row, "created_at"), instant(row, "updated_at"));
    }

    static Instant instant(Record row, String field) {
        OffsetDateTime value = row.get(field, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }

    static OffsetDateTime at(Instant instant) {
        return instant == null ? null : instant.atOffset(ZoneOffset.UTC);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text.strip();
    }
}
