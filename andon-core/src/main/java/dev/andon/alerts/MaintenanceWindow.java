package dev.andon.alerts;

import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

/**
 * A time when alerts on some services (or all) do not page. Either one-off ({@code start} and
 * {@code end}, possibly in the future) or recurring: a cron expression or an RFC 5545 RRULE, each
 * occurrence lasting {@code duration} (no cap), read in {@code zone}; {@code start} and {@code end}
 * then bound the recurrence (both optional). Alerts that arrive during a window are stored and
 * shown, marked suppressed; they do not page.
 *
 * @param services    service slugs it covers; ignored when {@code allServices}
 * @param cron        Unix cron (5 fields) for a recurring window, or null
 * @param rrule       an RRULE ({@code FREQ=WEEKLY;BYDAY=SU;BYHOUR=2}, with or without the {@code RRULE:} prefix), or null
 * @param duration    how long each occurrence of a recurring window lasts; null for one-off
 * @param zone        the zone cron and RRULE times are read in; UTC when null
 */
public record MaintenanceWindow(String slug, String name, String description, List<String> services, boolean allServices, Instant start,
                                Instant end, String cron, String rrule, Duration duration, ZoneId zone) {

    public MaintenanceWindow {
        name = name == null || name.isBlank() ? slug : name;
        services = services == null ? List.of() : List.copyOf(services);
        zone = zone == null ? java.time.ZoneOffset.UTC : zone;
    }

    public boolean recurring() {
        return cron != null || rrule != null;
    }

    public boolean covers(String service) {
        return allServices || services.contains(service);
    }

    /** One stretch of time a window is in effect: {@code [start, end)}. */
    public record Occurrence(Instant start, Instant end) {
        public boolean contains(Instant at) {
            return !at.isBefore(start) && at.isBefore(end);
        }
    }
}
