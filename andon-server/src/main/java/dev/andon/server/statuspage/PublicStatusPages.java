package dev.andon.server.statuspage;

import jakarta.servlet.http.HttpServletRequest;
import java.util.function.Function;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;

/**
 * The public status page, its Statuspage-compatible JSON and its feeds: no sign-in, no JavaScript.
 * Every answer carries an ETag and Cache-Control, and a matching If-None-Match gets 304. An unknown
 * slug is a 404 that says nothing else.
 */
@Controller
public class PublicStatusPages {
    static final String CACHE_CONTROL = "public, max-age=30, stale-while-revalidate=60";
    private static final MediaType RSS = MediaType.parseMediaType("application/rss+xml;charset=UTF-8");
    private static final MediaType ATOM = MediaType.parseMediaType("application/atom+xml;charset=UTF-8");
    private static final MediaType HTML = MediaType.parseMediaType("text/html;charset=UTF-8");
    private static final MediaType JSON = MediaType.parseMediaType("application/json;charset=UTF-8");

    private final StatusPages pages;
    private final StatusRenderer renderer;

    public PublicStatusPages(StatusPages pages, StatusRenderer renderer) {
        this.pages = pages;
        this.renderer = renderer;
    }

    @GetMapping("/status/{slug}")
    public ResponseEntity<String> page(@PathVariable String slug, HttpServletRequest request) {
        return answer(slug, request, HTML, snapshot -> renderer.html(snapshot, "/status/" + slug + "/"));
    }

    @GetMapping("/status/{slug}/history.rss")
    public ResponseEntity<String> rss(@PathVariable String slug, HttpServletRequest request) {
        return answer(slug, request, RSS, StatusFeeds::rss);
    }

    @GetMapping("/status/{slug}/history.atom")
    public ResponseEntity<String> atom(@PathVariable String slug, HttpServletRequest request) {
        return answer(slug, request, ATOM, StatusFeeds::atom);
    }

    @GetMapping("/status/{slug}/api/v2/summary.json")
    public ResponseEntity<String> summary(@PathVariable String slug, HttpServletRequest request) {
        return json(slug, request, "summary.json");
    }

    @GetMapping("/status/{slug}/api/v2/status.json")
    public ResponseEntity<String> status(@PathVariable String slug, HttpServletRequest request) {
        return json(slug, request, "status.json");
    }

    @GetMapping("/status/{slug}/api/v2/components.json")
    public ResponseEntity<String> components(@PathVariable String slug, HttpServletRequest request) {
        return json(slug, request, "components.json");
    }

    @GetMapping("/status/{slug}/api/v2/incidents.json")
    public ResponseEntity<String> incidents(@PathVariable String slug, HttpServletRequest request) {
        return json(slug, request, "incidents.json");
    }

    @GetMapping("/status/{slug}/api/v2/incidents/unresolved.json")
    public ResponseEntity<String> unresolved(@PathVariable String slug, HttpServletRequest request) {
        return json(slug, request, "incidents/unresolved.json");
    }

    @GetMapping("/status/{slug}/api/v2/scheduled-maintenances.json")
    public ResponseEntity<String> maintenances(@PathVariable String slug, HttpServletRequest request) {
        return json(slug, request, "scheduled-maintenances.json");
    }

    @GetMapping("/status/{slug}/api/v2/scheduled-maintenances/upcoming.json")
    public ResponseEntity<String> upcoming(@PathVariable String slug, HttpServletRequest request) {
        return json(slug, request, "scheduled-maintenances/upcoming.json");
    }

    @GetMapping("/status/{slug}/api/v2/scheduled-maintenances/active.json")
    public ResponseEntity<String> active(@PathVariable String slug, HttpServletRequest request) {
        return json(slug, request, "scheduled-maintenances/active.json");
    }

    private ResponseEntity<String> json(String slug, HttpServletRequest request, String file) {
        return answer(slug, request, JSON, snapshot -> StatusJson.render(snapshot, file));
    }

    private ResponseEntity<String> answer(String slug, HttpServletRequest request, MediaType type, Function<StatusSnapshot, String> render) {
        StatusSnapshot snapshot = pages.snapshot(slug).orElse(null);
        if (snapshot == null) {
            return ResponseEntity.status(HttpStatus.NOT_FOUND).header(HttpHeaders.CACHE_CONTROL, "public, max-age=30")
                    .header(HttpHeaders.ETAG, "\"not-found\"").contentType(MediaType.TEXT_PLAIN).body("No such status page.\n");
        }
        String body = render.apply(snapshot);
        String etag = StatusRenderer.etag(body);
        String ifNoneMatch = request.getHeader(HttpHeaders.IF_NONE_MATCH);
        if (ifNoneMatch != null && matches(ifNoneMatch, etag)) {
            return ResponseEntity.status(HttpStatus.NOT_MODIFIED).eTag(etag).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).build();
        }
        return ResponseEntity.ok().eTag(etag).header(HttpHeaders.CACHE_CONTROL, CACHE_CONTROL).header("Access-Control-Allow-Origin", "*")
                .contentType(type).body(body);
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
