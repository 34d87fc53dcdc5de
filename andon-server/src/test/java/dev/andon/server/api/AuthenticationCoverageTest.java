package dev.andon.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.server.access.SecurityConfiguration;
import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.web.bind.annotation.RequestMethod;
import org.springframework.web.servlet.mvc.method.RequestMappingInfo;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/** Enumerates every route the server has and proves each refuses anonymous callers, except the explicit allowlist. */
class AuthenticationCoverageTest extends AndonServerTest {
    private static final Set<String> PUBLIC = Set.of("GET /login", "GET /livez", "GET /readyz", "GET /error", "POST /error",
            "PUT /error", "DELETE /error", "PATCH /error");
    /** Heartbeat pings need no sign-in: the ping key in the URL is the credential, and an unknown key is a 404. */
    private static final Set<String> PINGS = Set.of("GET /ping/{key}", "HEAD /ping/{key}", "POST /ping/{key}",
            "GET /ping/{key}/{suffix}", "HEAD /ping/{key}/{suffix}", "POST /ping/{key}/{suffix}");

    /** Alert ingestion needs no sign-in: the integration key is the credential, and an unknown key is refused with 400. */
    private static final Set<String> INGESTION = Set.of("POST /v2/enqueue", "POST /v2/change/enqueue", "POST /ingest/alertmanager/{key}",
            "POST /ingest/webhook/{key}");

    /**
     * Paging's public routes carry their own credential: a signed one-click link (an invalid one is a
     * 404), a signed calendar-feed key (refused with 403), Slack's request signature (refused with 404
     * while no signing secret is set, 401 once one is).
     */
    private static final Set<String> SIGNED = Set.of("GET /a/{token}", "POST /a/{token}", "GET /ical/schedules/{slug}.ics",
            "GET /ical/users/{username}.ics", "POST /integrations/slack/actions");

    /** Public status pages: anyone may read them (an unknown page is a 404); they show only public data (StatusPageNoInternalDataTest). */
    private static final Set<String> STATUS_PAGES = Set.of("GET /status/{slug}", "GET /status/{slug}/history.rss", "GET /status/{slug}/history.atom",
            "GET /status/{slug}/api/v2/summary.json", "GET /status/{slug}/api/v2/status.json", "GET /status/{slug}/api/v2/components.json",
            "GET /status/{slug}/api/v2/incidents.json", "GET /status/{slug}/api/v2/incidents/unresolved.json",
            "GET /status/{slug}/api/v2/scheduled-maintenances.json", "GET /status/{slug}/api/v2/scheduled-maintenances/upcoming.json",
            "GET /status/{slug}/api/v2/scheduled-maintenances/active.json");

    /**
     * Status page subscriptions: the subscribe form (no CSRF token, as published copies carry it too; an
     * unknown page is a 404) and the signed confirm and unsubscribe links (a forged token is a 404).
     */
    private static final Set<String> STATUS_SUBSCRIPTIONS = Set.of("POST /status/{slug}/subscribe", "GET /status/{slug}/confirm/{token}",
            "GET /status/{slug}/unsubscribe/{token}", "POST /status/{slug}/unsubscribe/{token}");

    @Autowired
    @Qualifier("requestMappingHandlerMapping")
    RequestMappingHandlerMapping mappings;

    @Test
    void everyRouteNeedsAuthenticationExceptTheAllowlist() {
        List<String> checked = new ArrayList<>();
        List<String> open = new ArrayList<>();
        for (RequestMappingInfo info : mappings.getHandlerMethods().keySet()) {
            Set<RequestMethod> methods = info.getMethodsCondition().getMethods();
            for (String pattern : info.getPatternValues()) {
                for (RequestMethod method : methods.isEmpty() ? Set.of(RequestMethod.GET, RequestMethod.POST) : methods) {
                    String route = method + " " + pattern;
                    if (PUBLIC.contains(route)) {
                        continue;
                    }
                    if (PINGS.contains(route)) {
                        HttpResponse<String> ping = send(HttpRequest.newBuilder(uri(pattern.replace("{key}", "no-such-key").replace("{suffix}", "start")))
                                .method(method.name(), HttpRequest.BodyPublishers.noBody()).build());
                        assertThat(ping.statusCode()).as(route + " with an unknown key").isEqualTo(404);
                        checked.add(route);
                        continue;
                    }
                    if (STATUS_PAGES.contains(route)) {
                        HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri(pattern.replace("{slug}", "no-such-page")))
                                .method(method.name(), HttpRequest.BodyPublishers.noBody()).build());
                        assertThat(unknown.statusCode()).as(route + " of an unknown page").isEqualTo(404);
                        checked.add(route);
                        continue;
                    }
                    if (STATUS_SUBSCRIPTIONS.contains(route)) {
                        HttpResponse<String> unknown = send(HttpRequest.newBuilder(uri(pattern.replace("{slug}", "no-such-page").replace("{token}", "1.forged")))
                                .method(method.name(), HttpRequest.BodyPublishers.ofString("email=someone%40example.com"))
                                .header("Content-Type", "application/x-www-form-urlencoded").build());
                        assertThat(unknown.statusCode()).as(route + " of an unknown page or with a forged token").isEqualTo(404);
                        checked.add(route);
                        continue;
                    }
                    if (SIGNED.contains(route)) {
                        HttpResponse<String> forged = send(HttpRequest.newBuilder(uri(pattern.replaceAll("\\{[^}]+}", "x1")))
                                .method(method.name(), HttpRequest.BodyPublishers.ofString("payload=%7B%7D"))
                                .header("Content-Type", "application/x-www-form-urlencoded").build());
                        assertThat(forged.statusCode()).as(route + " without a valid signature").isIn(401, 403, 404);
                        assertThat(forged.body()).as(route).doesNotContain("acknowledged");
                        checked.add(route);
                        continue;
                    }
                    String path = pattern.replaceAll("\\{[^}]+}", "x1");
                    HttpResponse<String> response = send(HttpRequest.newBuilder(uri(path))
                            .method(method.name(), HttpRequest.BodyPublishers.ofString("{}"))
                            .header("Content-Type", "application/json").build());
                    boolean refused = response.statusCode() == 401 || response.statusCode() == 403
                            || (response.statusCode() == 302 && response.headers().firstValue("Location").orElse("").endsWith("/login"));
                    checked.add(route);
                    if (!refused) {
                        open.add(route + " -> " + response.statusCode());
                    }
                }
            }
        }
        assertThat(checked).hasSizeGreaterThan(20).contains("GET /api/v1/services", "POST /api/v1/apply", "GET /api/v1/export", "GET /alerts",
                "POST /alerts/{id}/acknowledge", "GET /integrations/{slug}", "POST /integrations/{slug}/rotate-key", "POST /maintenance",
                "GET /reports/noise",
                "POST /api/v1/status-pages", "PUT /api/v1/status-pages/{slug}/components/{id}/override", "GET /status-pages");
        assertThat(checked).as("every public status route is listed and checked").containsAll(STATUS_PAGES).containsAll(STATUS_SUBSCRIPTIONS)
                .contains("GET /api/v1/status-pages/{slug}/webhooks", "POST /api/v1/status-pages/{slug}/webhooks");
        // Ingestion is served by IngestFilter, ahead of MVC: no mapping lists it, so it is checked here.
        for (String route : INGESTION) {
            String pattern = route.substring("POST ".length());
            String event = """
                    {"routing_key": "0123456789abcdef0123456789abcdef", "event_action": "trigger", "version": "4", "groupKey": "g",
                     "status": "firing", "alerts": [], "payload": {"summary": "s", "source": "s", "severity": "error"}}""";
            HttpResponse<String> refused = send(HttpRequest.newBuilder(uri(pattern.replace("{key}", "0123456789abcdef0123456789abcdef")))
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(event)).build());
            assertThat(refused.statusCode()).as(route + " with an unknown key").isEqualTo(400);
            assertThat(refused.body()).as(route).contains("is not the key of any integration");
        }
        assertThat(open).as("routes answering anonymous callers").isEmpty();
    }

    @Test
    void allowlistIsWhatSecurityConfigurationOpens() {
        assertThat(SecurityConfiguration.PUBLIC_PATHS).containsExactlyInAnyOrder(
                "/login", "/livez", "/readyz", "/static/**", "/webjars/**", "/favicon.ico", "/error", "/ping/**",
                "/v2/enqueue", "/v2/change/enqueue", "/ingest/**", "/a/**", "/integrations/slack/actions", "/ical/**",
                "/status/*", "/status/*/history.rss", "/status/*/history.atom", "/status/*/api/v2/**", "/status/*/subscribe",
                "/status/*/confirm/*", "/status/*/unsubscribe/*");
        HttpResponse<String> ready = send(HttpRequest.newBuilder(uri("/readyz")).GET().build());
        assertThat(ready.statusCode()).isEqualTo(200);
        assertThat(json(ready).path("checks").path("migrations").asString()).startsWith("current (version ");
        assertThat(json(ready).path("checks").path("scheduler").asString()).isEqualTo("running");
        assertThat(json(ready).path("checks").path("checker").asString()).startsWith("ok (");
        assertThat(json(ready).path("checks").path("ingestion").asString()).startsWith("ok (");
        assertThat(send(HttpRequest.newBuilder(uri("/metrics")).GET().build()).statusCode()).isEqualTo(401);
        assertThat(send(HttpRequest.newBuilder(uri("/api/openapi.json")).GET().build()).statusCode()).isEqualTo(401);
    }

    @Test
    void metricsArePrometheusTextForATokenHolder() {
        HttpResponse<String> metrics = get("/metrics");
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("# TYPE").contains("jvm_memory_used_bytes")
                .contains("andon_catalog_objects{application=\"andon\",kind=\"service\"}").contains("andon_scheduler_heartbeat_age_seconds")
                .contains("andon_checker_healthy").contains("andon_check_schedule_lag_seconds").contains("andon_check_results_written_total");
    }
}
