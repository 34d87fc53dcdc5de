package dev.andon.server.alerts;

import static dev.andon.server.jooq.Tables.MAINTENANCE_WINDOWS;
import static dev.andon.server.jooq.Tables.SERVICES;

import dev.andon.alerts.AlertFields;
import dev.andon.alerts.MaintenanceWindow;
import dev.andon.catalog.CatalogException;
import dev.andon.events.Event;
import dev.andon.events.EventLog;
import dev.andon.server.events.AfterCommit;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.jooq.JSONB;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/** Maintenance windows: validated, stored and recorded in the event log in one transaction. */
@Component
public class MaintenanceStore {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    public record Stored(long id, MaintenanceWindow window, String createdBy) {}

    private final DSLContext sql;
    private final EventLog events;
    private final TransactionTemplate transactions;
    private final Clock clock;
    private final ApplicationEventPublisher publisher;

    public MaintenanceStore(DSLContext sql, EventLog events, TransactionTemplate transactions, Clock clock, ApplicationEventPublisher publisher) {
        this.sql = sql;
        this.events = events;
        this.transactions = transactions;
        this.clock = clock;
        this.publisher = publisher;
    }

    public List<Stored> all() {
        return sql.selectFrom(MAINTENANCE_WINDOWS).orderBy(MAINTENANCE_WINDOWS.SLUG)
                .fetch(r -> new Stored(r.getId(), AlertFields.maintenanceWindow(r.getSlug(), JSON.readTree(r.getSpec().data())), r.getCreatedBy()));
    }

    public Optional<Stored> find(String slug) {
        return sql.selectFrom(MAINTENANCE_WINDOWS).where(MAINTENANCE_WINDOWS.SLUG.eq(slug))
                .fetchOptional(r -> new Stored(r.getId(), AlertFields.maintenanceWindow(r.getSlug(), JSON.readTree(r.getSpec().data())),
                        r.getCreatedBy()));
    }

    /** Creates or updates by slug in the caller's transaction. */
    public Stored save(String actor, MaintenanceWindow window) {
        if (!window.allServices()) {
            Set<String> known = sql.select(SERVICES.SLUG).from(SERVICES).where(SERVICES.SLUG.in(window.services())).fetchSet(SERVICES.SLUG);
            List<String> unknown = window.services().stream().filter(slug -> !known.contains(slug)).toList();
            if (!unknown.isEmpty()) {
                throw new CatalogException(CatalogException.Code.INVALID, "services",
                        "no service " + unknown.stream().map(slug -> "'" + slug + "'").collect(Collectors.joining(", ")));
            }
        }
        Optional<Stored> before = find(window.slug());
        String spec = AlertFields.json(window).toString();
        if (before.isEmpty()) {
            sql.insertInto(MAINTENANCE_WINDOWS).set(MAINTENANCE_WINDOWS.SLUG, window.slug()).set(MAINTENANCE_WINDOWS.NAME, window.name())
                    .set(MAINTENANCE_WINDOWS.SPEC, JSONB.valueOf(spec)).set(MAINTENANCE_WINDOWS.CREATED_BY, actor).execute();
        } else if (!before.get().window().equals(window)) {
            sql.update(MAINTENANCE_WINDOWS).set(MAINTENANCE_WINDOWS.NAME, window.name()).set(MAINTENANCE_WINDOWS.SPEC, JSONB.valueOf(spec))
                    .set(MAINTENANCE_WINDOWS.UPDATED_AT, clock.instant().atOffset(ZoneOffset.UTC))
                    .where(MAINTENANCE_WINDOWS.SLUG.eq(window.slug())).execute();
        }
        if (before.isEmpty() || !before.get().window().equals(window)) {
            events.append(Event.of(clock.instant(), actor, before.isEmpty() ? "maintenance.created" : "maintenance.updated", "maintenance",
                    window.slug(), before.map(stored -> AlertFields.json(stored.window()).toString()).orElse(null), spec));
            changed();
        }
        return find(window.slug()).orElseThrow();
    }

    public Stored create(String actor, MaintenanceWindow window) {
        return transactions.execute(status -> {
            if (find(window.slug()).isPresent()) {
                throw new CatalogException(CatalogException.Code.CONFLICT, "slug", "maintenance window '" + window.slug() + "' already exists");
            }
            return save(actor, window);
        });
    }

    public Stored update(String actor, MaintenanceWindow window) {
        return transactions.execute(status -> {
            if (find(window.slug()).isEmpty()) {
                throw notFound(window.slug());
            }
            return save(actor, window);
        });
    }

    public void delete(String actor, String slug) {
        transactions.executeWithoutResult(status -> deleteInTransaction(actor, slug));
    }

    public void deleteInTransaction(String actor, String slug) {
        Stored before = find(slug).orElseThrow(() -> notFound(slug));
        sql.deleteFrom(MAINTENANCE_WINDOWS).where(MAINTENANCE_WINDOWS.SLUG.eq(slug)).execute();
        events.append(Event.of(clock.instant(), actor, "maintenance.deleted", "maintenance", slug, AlertFields.json(before.window()).toString(), null));
        changed();
    }

    /** Tells the listeners once the transaction commits, so they load what was committed. */
    private void changed() {
        AfterCommit.publish(publisher, new AlertsChanged("maintenance"));
    }

    static CatalogException notFound(String slug) {
        return new CatalogException(CatalogException.Code.NOT_FOUND, "slug", "maintenance window '" + slug + "' does not exist");
    }
}
