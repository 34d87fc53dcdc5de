package dev.andon.server.alerts;

import static dev.andon.server.jooq.Tables.MAINTENANCE_WINDOWS;
import static dev.andon.server.jooq.Tables.SERVICES;

import dev.andon.alerts.AlertFields;
import dev.andon.alerts.MaintenanceSchedule;
import dev.andon.alerts.MaintenanceWindow;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.jooq.DSLContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import tools.jackson.databind.json.JsonMapper;

/**
 * The maintenance windows in memory, so deciding whether a new alert is suppressed costs no query
 * on the ingestion path. Reloaded when a window changes on this node, and at least every
 * {@link #MAX_AGE} for changes made on another node.
 */
@Component
public class MaintenanceCalendar {
    private static final Logger log = LoggerFactory.getLogger(MaintenanceCalendar.class);
    static final Duration MAX_AGE = Duration.ofSeconds(15);
    private static final JsonMapper JSON = JsonMapper.builder().build();

    /** A window as the pipeline needs it: what it is, and whom it covers (service ids; all when {@code allServices}). */
    public record Entry(long id, MaintenanceWindow window, Set<Long> serviceIds) {
        boolean covers(long serviceId) {
            return window.allServices() || serviceIds.contains(serviceId);
        }
    }

    /** The window suppressing an alert, and until when its current occurrence lasts. */
    public record Suppression(long id, String slug, String name, Instant until) {}

    private final DSLContext sql;
    private final Clock clock;
    private volatile List<Entry> entries;
    private volatile Instant loadedAt = Instant.EPOCH;
    /** Bumped on every change here: a load that started before a change must not count as fresh. */
    private final java.util.concurrent.atomic.AtomicLong version = new java.util.concurrent.atomic.AtomicLong();

    public MaintenanceCalendar(DSLContext sql, Clock clock) {
        this.sql = sql;
        this.clock = clock;
    }

    @EventListener
    void onChanged(AlertsChanged changed) {
        version.incrementAndGet();
        loadedAt = Instant.EPOCH;
    }

    public List<Entry> entries() {
        Instant now = clock.instant();
        List<Entry> current = entries;
        if (current == null || Duration.between(loadedAt, now).compareTo(MAX_AGE) > 0) {
            synchronized (this) {
                if (entries == null || Duration.between(loadedAt, now).compareTo(MAX_AGE) > 0) {
                    long before = version.get();
                    entries = load();
                    loadedAt = version.get() == before ? now : Instant.EPOCH;
                }
                current = entries;
            }
        }
        return current;
    }

    /** The window that suppresses a new alert on the service at that time, if any (the one lasting longest). */
    public Optional<Suppression> suppressing(long serviceId, Instant at) {
        Suppression best = null;
        for (Entry entry : entries()) {
            if (!entry.covers(serviceId)) {
                continue;
            }
            Optional<MaintenanceWindow.Occurrence> occurrence = MaintenanceSchedule.activeAt(entry.window(), at);
            if (occurrence.isPresent() && (best == null || occurrence.get().end().isAfter(best.until()))) {
                best = new Suppression(entry.id(), entry.window().slug(), entry.window().name(), occurrence.get().end());
            }
        }
        return Optional.ofNullable(best);
    }

    private List<Entry> load() {
        Map<String, Long> serviceIds = new HashMap<>();
        sql.select(SERVICES.SLUG, SERVICES.ID).from(SERVICES).forEach(row -> serviceIds.put(row.value1(), row.value2()));
        return sql.select(MAINTENANCE_WINDOWS.ID, MAINTENANCE_WINDOWS.SLUG, MAINTENANCE_WINDOWS.SPEC).from(MAINTENANCE_WINDOWS)
                .orderBy(MAINTENANCE_WINDOWS.ID).fetch().stream().flatMap(row -> {
                    try {
                        MaintenanceWindow window = AlertFields.maintenanceWindow(row.value2(), JSON.readTree(row.value3().data()));
                        Set<Long> ids = window.services().stream().map(serviceIds::get).filter(java.util.Objects::nonNull).collect(Collectors.toSet());
                        return java.util.stream.Stream.of(new Entry(row.value1(), window, ids));
                    } catch (RuntimeException e) {
                        // Stored windows were valid when saved; one that no longer reads must not stop ingestion.
                        log.warn("maintenance window {} cannot be read, ignoring it: {}", row.value2(), e.getMessage());
                        return java.util.stream.Stream.empty();
                    }
                }).toList();
    }
}
