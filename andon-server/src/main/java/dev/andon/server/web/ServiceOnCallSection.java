package dev.andon.server.web;

import dev.andon.catalog.Service;
import dev.andon.catalog.User;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.oncall.Schedule;
import dev.andon.server.catalog.CatalogService;
import dev.andon.server.paging.OnCallStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/**
 * Gives the page of a service its "On call now" section (the model attribute "serviceOnCall"): who
 * its alerts page first, through its escalation policy's first tier. Kept out of
 * {@link ServicePages} like the checks and alerts, so the catalog pages do not depend on paging.
 */
@ControllerAdvice(assignableTypes = ServicePages.class)
public class ServiceOnCallSection {
    private final CatalogService catalog;
    private final OnCallStore store;
    private final OnCallNow onCallNow;

    public ServiceOnCallSection(CatalogService catalog, OnCallStore store, OnCallNow onCallNow) {
        this.catalog = catalog;
        this.store = store;
        this.onCallNow = onCallNow;
    }

    /**
     * The service's policy and whom its first tier pages now; {@code policy} is null when the service
     * has none (its alerts page the admins), {@code firstTier} empty then.
     */
    public record ServiceOnCall(EscalationPolicy policy, List<OnCallNow.Target> firstTier, long escalateAfterMinutes, int tiers) {}

    @ModelAttribute("serviceOnCall")
    public ServiceOnCall serviceOnCall(HttpServletRequest request) {
        String slug = ServiceCheckSection.shownService(request);
        Service service = slug == null ? null : catalog.repository().service(slug).orElse(null);
        if (service == null) {
            return null;
        }
        EscalationPolicy policy = service.escalationPolicy() == null ? null : store.policy(service.escalationPolicy()).orElse(null);
        if (policy == null || policy.tiers().isEmpty()) {
            return new ServiceOnCall(null, List.of(), 0, 0);
        }
        Map<String, User> users = onCallNow.users();
        Map<String, Schedule> schedules = onCallNow.schedules();
        var first = policy.tiers().get(0);
        return new ServiceOnCall(policy, first.targets().stream().map(target -> onCallNow.of(target, schedules, users)).toList(),
                first.escalateAfter().toMinutes(), policy.tiers().size());
    }
}
