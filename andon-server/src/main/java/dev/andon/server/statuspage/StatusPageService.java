package dev.andon.server.statuspage;

import dev.andon.catalog.CatalogException;
import dev.andon.catalog.Slug;
import dev.andon.server.statuspage.StatusPageStore.Maintenance;
import dev.andon.server.statuspage.StatusPageStore.Page;
import dev.andon.server.statuspage.StatusPageStore.StatusComponent;
import dev.andon.statuspage.ComponentStatus;
import dev.andon.statuspage.MaintenanceStatus;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Changes to status pages, validated, each in one transaction that also schedules the page's
 * publication (debounced: changes within a few seconds are published together).
 */
@Component
public class StatusPageService {
    private final StatusPageStore store;
    private final StatusPublisher publisher;
    private final StatusSubscribers subscribers;
    private final TransactionTemplate transactions;
    private final Clock clock;

    public StatusPageService(StatusPageStore store, StatusPublisher publisher, StatusSubscribers subscribers, TransactionTemplate transactions,
                             Clock clock) {
        this.store = store;
        this.publisher = publisher;
        this.subscribers = subscribers;
        this.transactions = transactions;
        this.clock = clock;
    }

    public StatusSubscribers subscribers() {
        return subscribers;
    }

    /**
     * Call when an incident's public update was posted (or its public state changed): schedules the
     * publication of every page showing the incident and queues its latest public update to their
     * confirmed email and webhook subscribers (once per update, however often this is called). Joins
     * the caller's transaction when there is one, so a rolled-back update sends nothing.
     */
    public void onPublicIncidentUpdate(long incidentId) {
        inTransaction(() -> {
            var notice = store.latestPublicUpdate(incidentId).orElse(null);
            for (Page page : store.pagesShowing(incidentId)) {
                store.touch(page.id(), clock.instant());
                publisher.schedule(page.slug());
                if (notice != null) {
                    subscribers.queueIncidentUpdate(page, incidentId, notice.title(), notice.impact().text(), notice.update().id(),
                            notice.update().status().text(), notice.update().body(), notice.update().postedAt());
                }
            }
            return null;
        });
    }

    public StatusPageStore store() {
        return store;
    }

    /** What a page is made of, as given by a form or an API body. */
    public record PageFields(String slug, String title, String description, String publicUrl, String timeZone, boolean listed) {}

    public record ComponentFields(String name, String description, String groupName, Integer position, String service, boolean onlyShowIfDegraded) {}

    public record MaintenanceFields(String title, String body, Instant scheduledFor, Instant scheduledUntil, String status, List<Long> componentIds) {}

    public Page createPage(PageFields fields) {
        validate(fields);
        return inTransaction(() -> {
            Page page = store.createPage(fields.slug(), fields.title().strip(), text(fields.description()), text(fields.publicUrl()),
                    zone(fields.timeZone()), fields.listed(), clock.instant());
            publisher.schedule(page.slug());
            return page;
        });
    }

    public Page updatePage(String slug, PageFields fields) {
        validate(new PageFields(slug, fields.title(), fields.description(), fields.publicUrl(), fields.timeZone(), fields.listed()));
        return inTransaction(() -> {
            Page page = store.updatePage(slug, fields.title().strip(), text(fields.description()), text(fields.publicUrl()), zone(fields.timeZone()),
                    fields.listed(), clock.instant());
            publisher.schedule(slug);
            return page;
        });
    }

    public void deletePage(String slug) {
        inTransaction(() -> {
            store.deletePage(slug);
            return null;
        });
        publisher.unpublish(slug);
    }

    public StatusComponent createComponent(String slug, ComponentFields fields) {
        require(fields.name(), "name");
        return inTransaction(() -> {
            Page page = store.require(slug);
            StatusComponent component = store.createComponent(page.id(), fields.name().strip(), text(fields.description()), fields.groupName(),
                    fields.position(), store.serviceId(fields.service()), fields.onlyShowIfDegraded(), clock.instant());
            changed(page);
            return component;
        });
    }

    public StatusComponent updateComponent(String slug, long id, ComponentFields fields) {
        require(fields.name(), "name");
        return inTransaction(() -> {
            Page page = store.require(slug);
            StatusComponent existing = store.component(page.id(), id);
            StatusComponent component = store.updateComponent(page.id(), id, fields.name().strip(), text(fields.description()), fields.groupName(),
                    fields.position() == null ? existing.position() : fields.position(), store.serviceId(fields.service()),
                    fields.onlyShowIfDegraded(), clock.instant());
            changed(page);
            return component;
        });
    }

    public void deleteComponent(String slug, long id) {
        inTransaction(() -> {
            Page page = store.require(slug);
            store.deleteComponent(page.id(), id);
            changed(page);
            return null;
        });
    }

    /** Sets (status not null) or lifts (null) a person's word on a component's state. */
    public StatusComponent override(String slug, long id, String status, String by, String reason, Instant until) {
        ComponentStatus parsed = null;
        if (status != null) {
            parsed = ComponentStatus.parse(status);
            if (parsed == null) {
                throw new CatalogException(CatalogException.Code.INVALID, "status", "'" + status
                        + "' is not a component status; use operational, degraded_performance, partial_outage, major_outage or under_maintenance");
            }
            require(reason, "reason");
        }
        if (until != null && !until.isAfter(clock.instant())) {
            throw new CatalogException(CatalogException.Code.INVALID, "until", "until must be in the future (or left out for no end)");
        }
        ComponentStatus chosen = parsed;
        return inTransaction(() -> {
            Page page = store.require(slug);
            StatusComponent component = store.override(page.id(), id, chosen, chosen == null ? null : by, chosen == null ? null : reason.strip(),
                    chosen == null ? null : until, clock.instant());
            changed(page);
            return component;
        });
    }

    public Maintenance createMaintenance(String slug, MaintenanceFields fields) {
        MaintenanceStatus status = validate(fields);
        return inTransaction(() -> {
            Page page = store.require(slug);
            Maintenance maintenance = store.createMaintenance(page.id(), fields.title().strip(), text(fields.body()), fields.scheduledFor(),
                    fields.scheduledUntil(), status, fields.componentIds() == null ? List.of() : fields.componentIds(), clock.instant());
            changed(page);
            subscribers.queueMaintenance(page, maintenance, true);
            return maintenance;
        });
    }

    public Maintenance updateMaintenance(String slug, long id, MaintenanceFields fields) {
        MaintenanceStatus status = validate(fields);
        return inTransaction(() -> {
            Page page = store.require(slug);
            Maintenance maintenance = store.updateMaintenance(page.id(), id, fields.title().strip(), text(fields.body()), fields.scheduledFor(),
                    fields.scheduledUntil(), status, fields.componentIds() == null ? List.of() : fields.componentIds(), clock.instant());
            changed(page);
            return maintenance;
        });
    }

    public Maintenance postMaintenanceUpdate(String slug, long id, String status, String body) {
        MaintenanceStatus parsed = maintenanceStatus(status);
        require(body, "body");
        return inTransaction(() -> {
            Page page = store.require(slug);
            store.maintenance(page.id(), id);
            Maintenance maintenance = store.addMaintenanceUpdate(page.id(), id, parsed, body.strip(), clock.instant());
            changed(page);
            subscribers.queueMaintenance(page, maintenance, false);
            return maintenance;
        });
    }

    public void deleteMaintenance(String slug, long id) {
        inTransaction(() -> {
            Page page = store.require(slug);
            store.deleteMaintenance(page.id(), id);
            changed(page);
            return null;
        });
    }

    private void changed(Page page) {
        store.touch(page.id(), clock.instant());
        publisher.schedule(page.slug());
    }

    private <T> T inTransaction(Supplier<T> work) {
        return transactions.execute(status -> work.get());
    }

    private static void validate(PageFields fields) {
        if (fields.slug() == null || !Slug.isValid(fields.slug())) {
            throw new CatalogException(CatalogException.Code.INVALID, "slug",
                    "slug must be lowercase letters, digits and dashes, starting with a letter (e.g. acme-status)");
        }
        require(fields.title(), "title");
        zone(fields.timeZone());
    }

    private static MaintenanceStatus validate(MaintenanceFields fields) {
        require(fields.title(), "title");
        if (fields.scheduledFor() == null || fields.scheduledUntil() == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "scheduled_for", "scheduled_for and scheduled_until are required (ISO-8601 times)");
        }
        if (!fields.scheduledUntil().isAfter(fields.scheduledFor())) {
            throw new CatalogException(CatalogException.Code.INVALID, "scheduled_until", "scheduled_until must be after scheduled_for");
        }
        return fields.status() == null || fields.status().isBlank() ? MaintenanceStatus.SCHEDULED : maintenanceStatus(fields.status());
    }

    private static MaintenanceStatus maintenanceStatus(String text) {
        MaintenanceStatus status = MaintenanceStatus.parse(text);
        if (status == null) {
            throw new CatalogException(CatalogException.Code.INVALID, "status",
                    "'" + text + "' is not a maintenance status; use scheduled, in_progress, verifying or completed");
        }
        return status;
    }

    private static String zone(String text) {
        String zone = text == null || text.isBlank() ? "UTC" : text.strip();
        try {
            ZoneId.of(zone);
        } catch (DateTimeException e) {
            throw new CatalogException(CatalogException.Code.INVALID, "time_zone", "'" + zone + "' is not a time zone; use an IANA name such as Europe/Berlin");
        }
        return zone;
    }

    private static void require(String value, String field) {
        if (value == null || value.isBlank()) {
            throw new CatalogException(CatalogException.Code.INVALID, field, field + " is required");
        }
    }

    private static String text(String value) {
        return value == null ? "" : value.strip();
    }
}
