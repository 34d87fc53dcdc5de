package dev.andon.server.statuspage;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Serves the public status pages (HTML, the Statuspage JSON API, RSS and Atom) from memory, right
 * after the body-size limit and ahead of sessions, Spring Security and MVC: they need no sign-in,
 * and that machinery would cost more than the answer (bench/status.sh). Each rendered answer is kept
 * for {@link #FRESH_FOR} at most and dropped at once when its page changes ({@link #invalidate}), so
 * a burst of readers costs one rendering; a matching If-None-Match gets 304. Anything else under
 * /status/ (an unknown file) passes on to MVC, which answers 404.
 */
@Component
public class StatusPageFilter extends OncePerRequestFilter implements Ordered {
    static final Duration FRESH_FOR = Duration.ofSeconds(2);
    private static final String PREFIX = "/status/";
    private static final Set<String> JSON_FILES = Set.of("summary.json", "status.json", "components.json", "incidents.json",
            "incidents/unresolved.json", "scheduled-maintenances.json", "scheduled-maintenances/upcoming.json",
            "scheduled-maintenances/active.json");
    private static final String HTML = "text/html;charset=UTF-8";
    private static final String JSON = "application/json;charset=UTF-8";

    /** One rendered answer: its status, type, body and ETag. */
    record Rendered(int status, String contentType, byte[] body, String etag, long renderedAt) {}

    private record Target(String slug, String file) {}

    private final StatusPages pages;
    private final StatusRenderer renderer;
    private final Map<String, Rendered> cache = new ConcurrentHashMap<>();

    public StatusPageFilter(StatusPages pages, StatusRenderer renderer) {
        this.pages = pages;
        this.renderer = renderer;
    }

    /** Right after BodySizeLimit, beside IngestFilter: nothing of the security chain applies to a public page. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE + 2;
    }

    /** Drops every cached answer of the page, so the next reader sees its change. */
    public void invalidate(String slug) {
        cache.keySet().removeIf(key -> key.startsWith(slug + "/"));
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        String method = request.getMethod();
        return !("GET".equals(method) || "HEAD".equals(method)) || target(request.getRequestURI()) == null;
    }

    /** The page and file a path asks for, or null for anything this filter does not serve. */
    static Target target(String path) {
        if (!path.startsWith(PREFIX)) {
            return null;
        }
        String rest = path.substring(PREFIX.length());
        int slash = rest.indexOf('/');
        String slug = slash < 0 ? rest : rest.substring(0, slash);
        if (slug.isEmpty() || !slug.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            return null;
        }
        if (slash < 0) {
            return new Target(slug, "");
        }
        String file = rest.substring(slash + 1);
        if (file.equals("history.rss") || file.equals("history.atom")) {
            return new Target(slug, file);
        }
        if (file.startsWith("api/v2/") && JSON_FILES.contains(file.substring("api/v2/".length()))) {
            return new Target(slug, file);
        }
        return null;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        serve(request, response);
    }

    /** Answers a public status request (one this filter serves: see {@link #target}) from memory. */
    void serve(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Target target = target(request.getRequestURI());
        String key = target.slug() + "/" + target.file();
        long now = System.nanoTime();
        Rendered rendered = cache.get(key);
        if (rendered == null || now - rendered.renderedAt() > FRESH_FOR.toNanos()) {
            // compute: concurrent readers of an expired answer wait for one rendering instead of each doing it.
            rendered = cache.compute(key, (ignored, old) -> old != null && System.nanoTime() - old.renderedAt() <= FRESH_FOR.toNanos()
                    ? old : render(target));
        }
        response.setHeader("Cache-Control", rendered.status() == 200 ? PublicStatusPages.CACHE_CONTROL : "public, max-age=30");
        response.setHeader("ETag", rendered.etag());
        // What Spring Security would have added: this answer never passed through it.
        response.setHeader("X-Content-Type-Options", "nosniff");
        response.setHeader("X-Frame-Options", "DENY");
        response.setHeader("Referrer-Policy", "no-referrer");
        if (rendered.status() == 200) {
            response.setHeader("Access-Control-Allow-Origin", "*");
            String ifNoneMatch = request.getHeader("If-None-Match");
            if (ifNoneMatch != null && PublicStatusPages.matches(ifNoneMatch, rendered.etag())) {
                response.setStatus(304);
                return;
            }
        }
        response.setStatus(rendered.status());
        response.setContentType(rendered.contentType());
        response.setContentLength(rendered.body().length);
        if (!"HEAD".equals(request.getMethod())) {
            response.getOutputStream().write(rendered.body());
        }
    }

    private Rendered render(Target target) {
        StatusSnapshot snapshot = pages.snapshot(target.slug()).orElse(null);
        long at = System.nanoTime();
        if (snapshot == null) {
            return new Rendered(404, "text/plain;charset=UTF-8", "No such status page.\n".getBytes(StandardCharsets.UTF_8), "\"not-found\"", at);
        }
        Function<StatusSnapshot, String> renderer = switch (target.file()) {
            case "" -> value -> this.renderer.html(value, PREFIX + target.slug() + "/");
            case "history.rss" -> StatusFeeds::rss;
            case "history.atom" -> StatusFeeds::atom;
            default -> value -> StatusJson.render(value, target.file().substring("api/v2/".length()));
        };
        String type = switch (target.file()) {
            case "" -> HTML;
            case "history.rss" -> "application/rss+xml;charset=UTF-8";
            case "history.atom" -> "application/atom+xml;charset=UTF-8";
            default -> JSON;
        };
        String body = renderer.apply(snapshot);
        return new Rendered(200, type, body.getBytes(StandardCharsets.UTF_8), StatusRenderer.etag(body), at);
    }
}
