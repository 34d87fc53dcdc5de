package dev.andon.server.web;

import dev.andon.server.alerts.AlertStore;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives the page of a service its "Open alerts" and "Recent changes" sections (the model attribute
 * "serviceAlerts"), kept out of {@link ServicePages} as the checks are, so the catalog pages do not
 * depend on the alert pipeline.
 */
@ControllerAdvice(assignableTypes = ServicePages.class)
public class ServiceAlertSection {
    private static final int OPEN_ALERTS = 50;
    private static final int CHANGES = 10;

    private final AlertStore alerts;
    private final Clock clock;

    public ServiceAlertSection(AlertStore alerts, Clock clock) {
        this.alerts = alerts;
        this.clock = clock;
    }

    /** The service's open alerts, newest first, and its latest change events: "who just changed?". */
    public record ServiceAlerts(String service, List<AlertViews.Row> open, List<AlertViews.ChangeView> changes) {}

    @ModelAttribute("serviceAlerts")
    public ServiceAlerts serviceAlerts(HttpServletRequest request) {
        String slug = ServiceCheckSection.shownService(request);
        if (slug == null) {
            return null;
        }
        Instant now = clock.instant();
        return new ServiceAlerts(slug, AlertViews.rows(alerts.list(new AlertStore.Filter("open", slug, null, null, OPEN_ALERTS)), now),
                AlertViews.changes(alerts.changes(slug, null, CHANGES), now));
    }
}
