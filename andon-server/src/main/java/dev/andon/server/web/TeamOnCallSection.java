package dev.andon.server.web;

import dev.andon.catalog.User;
import dev.andon.oncall.EscalationPolicy;
import dev.andon.server.paging.OnCallStore;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Gives the page of a team its "On call now" section (the model attribute "teamOnCall"): the
 * team's schedules with who is on call for each, and the team's escalation policies.
 */
@ControllerAdvice(assignableTypes = TeamPages.class)
public class TeamOnCallSection {
    private final OnCallStore store;
    private final OnCallNow onCallNow;

    public TeamOnCallSection(OnCallStore store, OnCallNow onCallNow) {
        this.store = store;
        this.onCallNow = onCallNow;
    }

    public record TeamOnCall(List<OnCallNow.Now> schedules, List<EscalationPolicy> policies) {}

    @ModelAttribute("teamOnCall")
    public TeamOnCall teamOnCall(HttpServletRequest request) {
        String slug = shownTeam(request);
        if (slug == null) {
            return null;
        }
        Map<String, User> users = onCallNow.users();
        List<OnCallNow.Now> schedules = store.schedules().stream().filter(schedule -> slug.equals(schedule.team()))
                .sorted(Comparator.comparing(schedule -> schedule.name().toLowerCase(java.util.Locale.ROOT)))
                .map(schedule -> onCallNow.of(schedule, users)).toList();
        List<EscalationPolicy> policies = store.policies().stream().filter(policy -> slug.equals(policy.team())).toList();
        return new TeamOnCall(schedules, policies);
    }

    /** The slug of the team whose page this request renders (the page, or a failed delete showing it again), or null. */
    static String shownTeam(HttpServletRequest request) {
        String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        boolean showsTeam = "GET".equals(request.getMethod()) && "/teams/{slug}".equals(pattern)
                || "POST".equals(request.getMethod()) && "/teams/{slug}/delete".equals(pattern);
        if (!showsTeam) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables == null ? null : variables.get("slug");
    }
}
