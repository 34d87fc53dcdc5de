package dev.andon.server.web;

import jakarta.servlet.http.HttpServletRequest;
import java.util.Map;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.servlet.HandlerMapping;

/**
 * Gives the page of a service its "Checks" section (the model attribute "serviceChecks"): the
 * checks and heartbeats that watch it. Kept out of {@link ServicePages} so the catalog pages do not
 * depend on the check engine; only the routes that render services/show pay for the queries.
 */
@ControllerAdvice(assignableTypes = ServicePages.class)
public class ServiceCheckSection {
    private final CheckPages checks;
    private final HeartbeatPages heartbeats;

    public ServiceCheckSection(CheckPages checks, HeartbeatPages heartbeats) {
        this.checks = checks;
        this.heartbeats = heartbeats;
    }

    @ModelAttribute("serviceChecks")
    public CheckPages.ServiceChecks serviceChecks(HttpServletRequest request) {
        String slug = shownService(request);
        return slug == null ? null : checks.forService(slug, heartbeats.forService(slug));
    }

    /**
     * The slug of the service whose page this request renders, or null: the service page itself, and
     * the failed delete that shows it again with the reason. Other sections of the page use it too.
     */
    static String shownService(HttpServletRequest request) {
        String pattern = String.valueOf(request.getAttribute(HandlerMapping.BEST_MATCHING_PATTERN_ATTRIBUTE));
        boolean showsService = "GET".equals(request.getMethod()) && "/services/{slug}".equals(pattern)
                || "POST".equals(request.getMethod()) && "/services/{slug}/delete".equals(pattern);
        if (!showsService) {
            return null;
        }
        @SuppressWarnings("unchecked")
        Map<String, String> variables = (Map<String, String>) request.getAttribute(HandlerMapping.URI_TEMPLATE_VARIABLES_ATTRIBUTE);
        return variables == null ? null : variables.get("slug");
    }
}
