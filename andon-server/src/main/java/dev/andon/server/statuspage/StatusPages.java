package dev.andon.server.statuspage;

import dev.andon.checks.CheckStatus;
import dev.andon.server.checks.CheckHistory.Bucket;
import dev.andon.server.statuspage.StatusPageStore.Maintenance;
import dev.andon.server.statuspage.StatusPageStore.Page;
import dev.andon.server.statuspage.StatusPageStore.PublicIncident;
import dev.andon.server.statuspage.StatusPageStore.StatusComponent;
import dev.andon.server.statuspage.StatusSnapshot.ComponentView;
import dev.andon.statuspage.ComponentState;
import dev.andon.statuspage.ComponentStatus;
import dev.andon.statuspage.Impact;
import dev.andon.statuspage.PageIndicator;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Component;

/** Builds a status page's snapshot: each component's state from its service's checks, the indicator, incidents and maintenances. */
@Component
public class StatusPages {
    static final int UPTIME_DAYS = 90;

    private final StatusPageStore store;
    private final Clock clock;

    public StatusPages(StatusPageStore store, Clock clock) {
        this.store = store;
        this.clock = clock;
    }

    public Optional<StatusSnapshot> snapshot(String slug) {
        return store.page(slug).map(this::snapshot);
    }

    public StatusSnapshot snapshot(Page page) {
        Instant now = clock.instant();
        List<StatusComponent> components = store.components(page.id());
        List<Maintenance> maintenances = store.maintenances(page.id());
        Set<Long> inMaintenance = new HashSet<>();
        for (Maintenance maintenance : maintenances) {
            if (maintenance.status().active()) {
                inMaintenance.addAll(maintenance.componentIds());
            }
        }
        Map<Long, List<CheckStatus>> checks = store.checkStatuses(page.id());
        List<ComponentView> views = new ArrayList<>();
        for (StatusComponent component : components) {
            ComponentStatus status = ComponentState.of(component.serviceId() == null ? List.of() : checks.getOrDefault(component.serviceId(), List.of()),
                    inMaintenance.contains(component.id()), component.overrideAt(now));
            String svg = "";
            String uptime = "";
            if (component.serviceId() != null) {
                List<Bucket> days = store.uptimeDays(component.serviceId(), UPTIME_DAYS, now);
                uptime = uptimeText(days);
                svg = UptimeBars.svg(days, "Uptime per day over the last " + days.size() + " days" + (uptime.isEmpty() ? "" : ": " + uptime));
            }
            views.add(new ComponentView(component, status, svg, uptime));
        }
        List<PublicIncident> incidents = store.incidents(page.id(), now.minus(Duration.ofDays(90)));
        PageIndicator indicator = PageIndicator.of(views.stream().map(ComponentView::status).toList(),
                incidents.stream().filter(incident -> !incident.resolved()).map(PublicIncident::impact).toList());
        return new StatusSnapshot(page, List.copyOf(views), indicator, incidents, maintenances, now);
    }

    /** Records each component's state; true when any changed since the last look. */
    public boolean recordStates(StatusSnapshot snapshot) {
        boolean changed = false;
        for (ComponentView view : snapshot.components()) {
            changed |= store.recordStatus(view.component().id(), view.status(), snapshot.now());
        }
        if (changed) {
            store.touch(snapshot.page().id(), snapshot.now());
        }
        return changed;
    }

    static String uptimeText(List<Bucket> days) {
        long up = 0;
        long known = 0;
        for (Bucket day : days) {
            up += day.up() + day.degraded();
            known += day.up() + day.degraded() + day.down();
        }
        return known == 0 ? "no data" : String.format(Locale.ROOT, "%.2f%% uptime", 100.0 * up / known);
    }
}
