package dev.andon.server.alerts;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import dev.andon.server.api.BodySizeLimit;
import java.io.IOException;
import java.util.Map;
import org.springframework.core.Ordered;
import org.springframework.http.ResponseEntity;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;
import tools.jackson.databind.json.JsonMapper;

/**
 * Serves the ingestion routes ({@code POST /v2/enqueue}, {@code /v2/change/enqueue},
 * {@code /ingest/alertmanager/{key}}, {@code /ingest/webhook/{key}}) first, before request
 * observations, sessions, sign-in and MVC dispatch: the integration key is their only credential,
 * and that machinery cost more CPU per event than storing it (bench/ingest.sh). It applies the
 * body size limit itself (413 over 512 KB), as {@link BodySizeLimit} would.
 * Every other request passes through untouched.
 */
@Component
public class IngestFilter extends OncePerRequestFilter implements Ordered {
    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final String ALERTMANAGER = "/ingest/alertmanager/";
    private static final String WEBHOOK = "/ingest/webhook/";

    private final IngestController ingest;
    private final BodySizeLimit limit;

    public IngestFilter(IngestController ingest, BodySizeLimit limit) {
        this.ingest = ingest;
        this.limit = limit;
    }

    /** Ahead of the request observation filter (HIGHEST_PRECEDENCE + 1), whose timers cost more than parsing the event. */
    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }

    /** The paths served here; SecurityConfiguration lists them as public for the same reason. */
    static boolean ingestion(String path) {
        return path.equals("/v2/enqueue") || path.equals("/v2/change/enqueue") || key(path, ALERTMANAGER) != null || key(path, WEBHOOK) != null;
    }

    private static String key(String path, String prefix) {
        if (!path.startsWith(prefix) || path.length() == prefix.length()) {
            return null;
        }
        String key = path.substring(prefix.length());
        return key.indexOf('/') >= 0 ? null : key;
    }

    @Override
    protected boolean shouldNotFilter(HttpServletRequest request) {
        return !"POST".equals(request.getMethod()) || !ingestion(request.getRequestURI());
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String path = request.getRequestURI();
        byte[] body = limit.readBody(request, response);
        if (body == null) {
            return;
        }
        ResponseEntity<Map<String, Object>> answer;
        if (path.equals("/v2/enqueue")) {
            answer = ingest.enqueue(body);
        } else if (path.equals("/v2/change/enqueue")) {
            answer = ingest.changeEnqueue(body);
        } else if (path.startsWith(ALERTMANAGER)) {
            answer = ingest.alertmanager(key(path, ALERTMANAGER), body);
        } else {
            answer = ingest.webhook(key(path, WEBHOOK), body);
        }
        response.setStatus(answer.getStatusCode().value());
        answer.getHeaders().forEach((name, values) -> values.forEach(value -> response.addHeader(name, value)));
        response.setContentType("application/json");
        byte[] json = JSON.writeValueAsBytes(answer.getBody());
        response.setContentLength(json.length);
        response.getOutputStream().write(json);
    }
}
