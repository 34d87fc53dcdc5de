package dev.andon.server.statuspage;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public status page, its Statuspage-compatible JSON and its feeds: no sign-in, no JavaScript.
 * Every answer carries an ETag and Cache-Control, and a matching If-None-Match gets 304. An unknown
 * slug is a 404 that says nothing else. One rendering path: {@link StatusPageFilter} serves them.
 */
@Controller
public class PublicStatusPages {
    static final String CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=60";

    private final StatusPageFilter served;

    public PublicStatusPages(StatusPageFilter served) {
        this.served = served;
    }

    /**
     * The routes, listed where routes are (OpenAPI, the authentication coverage test); the filter
     * answers them before MVC is reached, and this handler answers the same way if it ever is.
     */
    @GetMapping({"/status/{slug}", "/status/{slug}/history.rss", "/status/{slug}/history.atom", "/status/{slug}/api/v2/summary.json",
            "/status/{slug}/api/v2/status.json", "/status/{slug}/api/v2/components.json", "/status/{slug}/api/v2/incidents.json",
            "/status/{slug}/api/v2/incidents/unresolved.json", "/status/{slug}/api/v2/scheduled-maintenances.json",
            "/status/{slug}/api/v2/scheduled-maintenances/upcoming.json", "/status/{slug}/api/v2/scheduled-maintenances/active.json"})
    public void serve(@PathVariable String slug, HttpServletRequest request, HttpServletResponse response) throws IOException {
        served.serve(request, response);
    }

    static boolean matches(String ifNoneMatch, String etag) {
        for (String candidate : ifNoneMatch.split(",")) {
            String tag = candidate.strip();
            if (tag.equals("*") || tag.equals(etag) || tag.equals("W/" + etag)) {
                return true;
            }
        }
        return false;
    }
}
