package dev.andon.server.statuspage;

import dev.andon.server.statuspage.StatusPageStore.Maintenance;
import dev.andon.server.statuspage.StatusPageStore.Page;
import dev.andon.server.statuspage.StatusPageStore.PublicIncident;
import dev.andon.statuspage.ComponentStatus;
import dev.andon.statuspage.PageIndicator;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Everything one status page shows at one moment, built once and rendered as HTML, JSON and feeds
 * (served and published alike). It holds only public data: the store never selects anything else.
 */
public record StatusSnapshot(Page page, List<ComponentView> components, PageIndicator indicator, List<PublicIncident> incidents,
                             List<Maintenance> maintenances, Instant now) {

    /** A component with its state and its 90-day uptime. */
    public record ComponentView(StatusPageStore.StatusComponent component, ComponentStatus status, String uptimeSvg, String uptimeText) {
        /** Shown unless it asked to be shown only when something is wrong, and nothing is. */
        public boolean visible() {
            return !component.onlyShowIfDegraded() || status != ComponentStatus.OPERATIONAL;
        }
    }

    /** Visible components under their group names (components without a group under ""), in position order. */
    public Map<String, List<ComponentView>> groups() {
        Map<String, List<ComponentView>> groups = new LinkedHashMap<>();
        for (ComponentView view : components) {
            if (view.visible()) {
                String group = view.component().groupName() == null ? "" : view.component().groupName();
                groups.computeIfAbsent(group, key -> new ArrayList<>()).add(view);
            }
        }
        return groups;
    }

    public List<PublicIncident> unresolved() {
        return incidents.stream().filter(incident -> !incident.resolved()).toList();
    }

    /** Resolved incidents of the last 14 days, newest first. */
    public List<PublicIncident> past() {
        Instant since = now.minus(java.time.Duration.ofDays(14));
        return incidents.stream().filter(PublicIncident::resolved).filter(incident -> !incident.startedAt().isBefore(since)
                || (incident.resolvedAt() != null && !incident.resolvedAt().isBefore(since))).toList();
    }

    public List<Maintenance> active() {
        return maintenances.stream().filter(maintenance -> maintenance.status().active()).toList();
    }

    public List<Maintenance> upcoming() {
        return maintenances.stream().filter(maintenance -> maintenance.status() == dev.andon.statuspage.MaintenanceStatus.SCHEDULED)
                .sorted(java.util.Comparator.comparing(Maintenance::scheduledFor)).toList();
    }

    public String componentName(long id) {
        return components.stream().filter(view -> view.component().id() == id).map(view -> view.component().name()).findFirst().orElse("");
    }

    public ComponentStatus componentStatus(long id) {
        return components.stream().filter(view -> view.component().id() == id).map(ComponentView::status).findFirst()
                .orElse(ComponentStatus.OPERATIONAL);
    }

    /** A time in the page's zone, for people: "Mon 2026-03-02 14:05 CET". */
    public String time(Instant instant) {
        if (instant == null) {
            return "";
        }
        ZoneId zone;
        try {
            zone = ZoneId.of(page.timeZone());
        } catch (RuntimeException e) {
            zone = ZoneId.of("UTC");
        }
        return DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm z", Locale.ENGLISH).withZone(zone).format(instant);
    }

    /** The page's own address, where it is published; the server's path when none is set. */
    public String url() {
        String configured = page.publicUrl();
        return configured == null || configured.isBlank() ? "/status/" + page.slug() : configured.replaceAll("/+$", "");
    }
}
