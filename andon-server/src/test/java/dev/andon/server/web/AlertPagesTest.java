package dev.andon.server.web;

import static dev.andon.server.jooq.Tables.SERVICES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.andon.checks.CheckStatus;
import dev.andon.probe.ProbeResult;
import dev.andon.server.alerts.AlertWriter;
import dev.andon.server.alerts.CheckAlerts;
import dev.andon.server.support.AndonServerTest;
import dev.andon.server.support.PageSession;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.jooq.DSLContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * The alert, integration, maintenance and noise pages over plain HTTP against the real server.
 * Alerts come in as a sender posts them (anonymously, to /v2/enqueue with the integration key);
 * responders act on them through the forms, with the session's CSRF token, as a browser would.
 */
class AlertPagesTest extends AndonServerTest {
    private static final Pattern KEY = Pattern.compile("id=\"key-value\" class=\"token-value\" value=\"([0-9a-f]{32})\"");

    @Autowired
    AlertWriter writer;

    @Autowired
    DSLContext sql;

    private String id;
    private String api;
    private String web;
    private String team;
    private String integration;
    private String key;

    @BeforeEach
    void catalogAndIntegration() {
        id = UUID.randomUUID().toString().substring(0, 8);
        api = "api-" + id;
        web = "web-" + id;
        team = "sre-" + id;
        integration = "events-" + id;
        assertThat(post("/api/v1/teams", "{\"slug\":\"%s\",\"name\":\"SRE %s\",\"contactChannel\":\"#sre-oncall\"}".formatted(team, id))
                .statusCode()).isEqualTo(201);
        HttpResponse<String> service = post("/api/v1/services", """
                {"slug": "%s", "name": "Checkout API %s", "tier": 1, "owner": "%s",
                 "links": [{"type": "runbook", "title": "API runbook", "url": "https://wiki.example.com/runbooks/api"}]}""".formatted(api, id, team));
        assertThat(service.statusCode()).as(service.body()).isEqualTo(201);
        HttpResponse<String> dependent = post("/api/v1/services", """
                {"slug": "%s", "name": "Web shop %s", "tier": 2, "dependsOn": [{"service": "%s"}]}""".formatted(web, id, api));
        assertThat(dependent.statusCode()).as(dependent.body()).isEqualTo(201);
        HttpResponse<String> created = post("/api/v1/integrations", """
                {"slug": "%s", "title": "Prometheus %s", "service": "%s", "type": "events-v2"}""".formatted(integration, id, api));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        key = json(created).path("key").asString();
    }

    private PageSession admin() {
        PageSession session = pageSession();
        assertThat(session.signIn("admin", ADMIN_PASSWORD, "/alerts").headers().firstValue("Location")).hasValue(uri("/").toString());
        return session;
    }

    /** Posted as a monitoring tool would: no session, no token. */
    private HttpResponse<String> anonymous(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private void trigger(String routingKey, String dedup, String summary, String severity) {
        HttpResponse<String> response = anonymous("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "trigger", "dedup_key": "%s",
                 "payload": {"summary": "%s", "source": "prom-1.example.com", "severity": "%s", "class": "HighLatency",
                             "custom_details": {"description": "Check the connection pool of the primary first.", "pool": {"max": 20, "used": 20},
                                                "hosts": ["db-1", "db-2"]}},
                 "links": [{"href": "https://runbooks.example.com/high-latency", "text": "Runbook: high latency"},
                           {"href": "https://grafana.example.com/d/api", "text": "API dashboard"},
                           {"href": "javascript:alert(1)", "text": "Not a link"}],
                 "client": "Prometheus", "client_url": "https://prometheus.example.com/alerts"}""".formatted(routingKey, dedup, summary, severity));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(202);
    }

    private long alertId(String summary) {
        for (JsonNode alert : json(get("/api/v1/alerts?state=all&service=" + api))) {
            if (alert.path("summary").asString().equals(summary)) {
                return alert.path("id").asLong();
            }
        }
        throw new AssertionError("no alert '" + summary + "'");
    }

    private String status(long alert) {
        return json(get("/api/v1/alerts/" + alert)).path("alert").path("status").asString();
    }

    /** JTE escapes quotes in text too; the tests read the text as a person would. */
    private static String text(HttpResponse<String> response) {
        return response.body().replace("&#34;", "\"").replace("&quot;", "\"").replace("&#39;", "'").replace("&amp;", "&");
    }

    @Test
    void theInboxListsAlertsFiltersThemInTheUrlAndActsOnThem() {
        String critical = "Checkout latency above 2s " + id;
        String warning = "Disk 80 percent full " + id;
        trigger(key, "latency-" + id, critical, "critical");
        trigger(key, "latency-" + id, critical, "critical");
        trigger(key, "disk-" + id, warning, "warning");
        long alert = alertId(critical);
        PageSession admin = admin();

        HttpResponse<String> inbox = admin.get("/alerts");
        assertThat(inbox.statusCode()).isEqualTo(200);
        assertThat(inbox.body()).contains("<title>Alerts · Andon</title>").contains("href=\"/alerts\" aria-current=\"page\">Alerts</a>")
                .contains("href=\"/alerts/" + alert + "\">" + critical + "</a>").contains(warning).contains("×2")
                .contains("class=\"sev sev-critical\"").contains("href=\"/integrations/" + integration + "\">Prometheus " + id + "</a>")
                .contains("action=\"/alerts/" + alert + "/acknowledge\"").contains("action=\"/alerts/" + alert + "/resolve\"");
        // Alerts is the first entry of the main nav: it is what people open at 3 a.m.
        String nav = inbox.body().substring(inbox.body().indexOf("<nav class=\"nav\""));
        assertThat(nav.indexOf(">Alerts</a>")).isPositive().isLessThan(nav.indexOf(">Services</a>"));

        HttpResponse<String> filtered = admin.get("/alerts?state=open&service=" + api + "&team=" + team + "&severity=critical");
        assertThat(filtered.body()).contains(critical).doesNotContain(warning).contains("<option value=\"critical\" selected>")
                .contains("<option value=\"" + api + "\" selected>").contains("<option value=\"" + team + "\" selected>")
                .contains("<title>Alerts (filtered) · Andon</title>");
        assertThat(admin.get("/alerts?state=resolved&service=" + api).body()).doesNotContain(critical).contains("No alerts match");
        assertThat(admin.get("/alerts?service=" + web).body()).doesNotContain(critical);
        // A stale or mistyped link still shows the inbox rather than an error.
        assertThat(admin.get("/alerts?state=bogus&severity=loud").statusCode()).isEqualTo(200);

        HttpResponse<String> acknowledged = admin.post("/alerts/" + alert + "/acknowledge", "back", "inbox", "state", "open", "service", api,
                "team", "", "severity", "critical");
        assertThat(acknowledged.statusCode()).isEqualTo(302);
        assertThat(acknowledged.headers().firstValue("Location").orElseThrow())
                .endsWith("/alerts?service=" + api + "&severity=critical&done=acknowledged&alert=" + alert);
        assertThat(status(alert)).isEqualTo("acknowledged");
        HttpResponse<String> back = admin.get("/alerts?service=" + api + "&severity=critical&done=acknowledged&alert=" + alert);
        assertThat(back.body()).contains("Alert #" + alert + " acknowledged").contains("<option value=\"critical\" selected>")
                .doesNotContain("action=\"/alerts/" + alert + "/acknowledge\"").contains("action=\"/alerts/" + alert + "/resolve\"");

        // Acknowledging again changes nothing, and says so.
        HttpResponse<String> again = admin.post("/alerts/" + alert + "/acknowledge", "back", "inbox", "state", "open");
        assertThat(again.headers().firstValue("Location").orElseThrow()).endsWith("/alerts?done=unchanged&alert=" + alert);

        HttpResponse<String> resolved = admin.post("/alerts/" + alert + "/resolve", "back", "alert");
        assertThat(resolved.headers().firstValue("Location").orElseThrow()).endsWith("/alerts/" + alert + "?done=resolved");
        assertThat(status(alert)).isEqualTo("resolved");
        assertThat(admin.get("/alerts?service=" + api).body()).doesNotContain(critical).contains(warning);
        assertThat(admin.get("/alerts?state=resolved&service=" + api).body()).contains(critical);

        // Without the session's CSRF token nothing happens.
        long other = alertId(warning);
        assertThat(admin.postRaw("/alerts/" + other + "/resolve", "back", "alert").statusCode()).isEqualTo(403);
        assertThat(status(other)).isEqualTo("triggered");
    }

    @Test
    void theAlertPageShowsImpactRunbooksChangesAndTimeline() {
        HttpResponse<String> change = anonymous("/v2/change/enqueue", """
                {"routing_key": "%s", "payload": {"summary": "Deploy checkout-api v2.4.1 by alice %s", "source": "github-actions"},
                 "links": [{"href": "https://github.com/acme/api/actions/runs/42", "text": "Run 42"}]}""".formatted(key, id));
        assertThat(change.statusCode()).as(change.body()).isEqualTo(202);
        String summary = "Checkout errors above 5 percent " + id;
        trigger(key, "errors-" + id, summary, "critical");
        trigger(key, "errors-" + id, summary, "critical");
        long alert = alertId(summary);
        PageSession admin = admin();

        HttpResponse<String> page = admin.get("/alerts/" + alert);
        assertThat(page.statusCode()).isEqualTo(200);
        String body = text(page);
        assertThat(body).contains("<h1 class=\"alert-summary\">" + summary + "</h1>")
                .contains("href=\"/services/" + api + "\"><strong>Checkout API " + id + "</strong></a>")
                .contains("href=\"/teams/" + team + "\"").contains("#sre-oncall")
                .contains("Tier 1: Critical")
                // Customer impact: what depends on the service.
                .contains("id=\"impacted-services\"").contains("href=\"/services/" + web + "\">Web shop " + id + "</a>")
                // Runbooks: the alert's own, then the service's.
                .contains("href=\"https://runbooks.example.com/high-latency\"").contains("Open runbook")
                .contains("href=\"https://wiki.example.com/runbooks/api\"")
                .contains("Check the connection pool of the primary first.")
                // Who just changed?
                .contains("Deploy checkout-api v2.4.1 by alice " + id).contains("href=\"https://github.com/acme/api/actions/runs/42\"")
                // Where it comes from, and a way back to the sender.
                .contains("href=\"/integrations/" + integration + "\">Prometheus " + id + "</a> <span class=\"chip\">events-v2</span>")
                .contains("href=\"https://prometheus.example.com/alerts\"").contains("href=\"https://grafana.example.com/d/api\"")
                // Custom details as a readable table.
                .contains("<th scope=\"row\">pool</th>").contains("<dt>max</dt><dd>20</dd>").contains("\"db-1\"")
                // The timeline, in UTC, with the duplicates as one entry.
                .contains("<li class=\"tl-triggered\">").contains("critical from prom-1.example.com")
                .contains("<strong>Deduplicated 1 time</strong>")
                .contains("action=\"/alerts/" + alert + "/acknowledge\"").contains("action=\"/alerts/" + alert + "/feedback\"");
        // A link the sender made up in another scheme is never a link.
        assertThat(body).doesNotContain("javascript:").doesNotContain("Not a link");

        assertThat(admin.post("/alerts/" + alert + "/acknowledge", "back", "alert").headers().firstValue("Location").orElseThrow())
                .endsWith("/alerts/" + alert + "?done=acknowledged");
        assertThat(admin.post("/alerts/" + alert + "/feedback", "actionable", "false").headers().firstValue("Location").orElseThrow())
                .endsWith("/alerts/" + alert + "?done=feedback");
        String after = text(admin.get("/alerts/" + alert + "?done=feedback"));
        assertThat(after).contains("<li class=\"tl-acknowledged\">").contains("<strong>Acknowledged</strong> <span class=\"muted\">by admin</span>")
                .contains("<strong>Marked not actionable (noise)</strong>").contains("Marked <strong>not actionable</strong> by admin")
                .contains("the noise report counts your answer").doesNotContain("action=\"/alerts/" + alert + "/acknowledge\"");
        assertThat(after.indexOf("tl-triggered")).isLessThan(after.indexOf("tl-deduplicated"));
        assertThat(after.indexOf("tl-deduplicated")).isLessThan(after.indexOf("tl-acknowledged"));
        assertThat(json(get("/api/v1/alerts/" + alert)).path("alert").path("actionable").asBoolean(true)).isFalse();

        assertThat(admin.get("/alerts/999999999").statusCode()).isEqualTo(404);
    }

    @Test
    void theIntegrationPageShowsAWorkingEndpointAndARotatedKeyOnce() {
        PageSession admin = admin();
        assertThat(admin.get("/integrations").body()).contains("href=\"/integrations/" + integration + "\">Prometheus " + id + "</a>")
                .contains("…" + key.substring(28));

        String page = text(admin.get("/integrations/" + integration));
        String endpoint = uri("/v2/enqueue").toString();
        assertThat(page).contains("<code class=\"ping-url\" id=\"endpoint-url\">" + endpoint + "</code>")
                .contains("pagerduty_configs:").contains("url: " + endpoint).contains("send_resolved: true")
                .contains("routing_key: " + IntegrationPages.KEY_PLACEHOLDER).contains(uri("/v2/change/enqueue").toString())
                .contains("…" + key.substring(28)).doesNotContain(key);

        HttpResponse<String> rotated = admin.post("/integrations/" + integration + "/rotate-key");
        assertThat(rotated.statusCode()).isEqualTo(200);
        Matcher shown = KEY.matcher(rotated.body());
        assertThat(shown.find()).as("the new key is on the page").isTrue();
        String newKey = shown.group(1);
        assertThat(newKey).isNotEqualTo(key);
        assertThat(text(rotated)).contains("it will not be shown again").contains("routing_key: " + newKey);
        // Shown once: the page does not show it again.
        assertThat(admin.get("/integrations/" + integration).body()).doesNotContain(newKey);

        String event = "{\"routing_key\": \"%s\", \"event_action\": \"trigger\", \"payload\": {\"summary\": \"Rotated %s\", \"source\": \"x\", \"severity\": \"info\"}}";
        assertThat(anonymous("/v2/enqueue", event.formatted(key, id)).statusCode()).isEqualTo(400);
        assertThat(anonymous("/v2/enqueue", event.formatted(newKey, id)).statusCode()).isEqualTo(202);
        assertThat(admin.get("/integrations/" + integration).body()).contains("Rotated " + id);
    }

    @Test
    void theIntegrationFormCreatesAnAlertmanagerIntegrationAndShowsItsKeyOnce() {
        PageSession admin = admin();
        assertThat(admin.get("/integrations/new?service=" + api).body()).contains("<option value=\"" + api + "\" selected>");

        HttpResponse<String> invalid = admin.post("/integrations", "name", "Alertmanager " + id, "service", api, "type", "alertmanager",
                "severities", "page critical", "autoResolveAfter", "");
        assertThat(invalid.statusCode()).isEqualTo(422);
        assertThat(text(invalid)).contains("id=\"severities-error\"").contains("write source=severity")
                .contains("aria-invalid=\"true\" aria-describedby=\"severities-hint severities-error\">page critical</textarea>");

        HttpResponse<String> created = admin.post("/integrations", "name", "Alertmanager " + id, "service", api, "type", "alertmanager",
                "severities", "page=critical\nticket = warning", "autoResolveAfter", "4h");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        Matcher shown = KEY.matcher(created.body());
        assertThat(shown.find()).isTrue();
        String amKey = shown.group(1);
        String url = uri("/ingest/alertmanager/" + amKey).toString();
        assertThat(text(created)).contains("Integration <strong>Alertmanager " + id + "</strong> created").contains("webhook_configs:")
                .contains("- url: " + url).contains("send_resolved: true").contains("after 4h without news")
                .contains("<code>page</code> → critical");
        JsonNode stored = json(get("/api/v1/integrations/alertmanager-" + id));
        assertThat(stored.path("severities").path("ticket").asString()).isEqualTo("warning");

        HttpResponse<String> firing = send(HttpRequest.newBuilder(java.net.URI.create(url)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString("""
                        {"version": "4", "status": "firing", "receiver": "andon", "groupKey": "{}:{alertname=\\"Up\\"}", "truncatedAlerts": 0,
                         "groupLabels": {}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://alertmanager:9093",
                         "alerts": [{"status": "firing", "labels": {"alertname": "InstanceDown", "severity": "page"},
                                     "annotations": {"summary": "Instance down %s", "description": "Restart the exporter on the host."},
                                     "startsAt": "2026-11-22T03:58:12Z", "endsAt": "0001-01-01T00:00:00Z", "generatorURL": "",
                                     "fingerprint": "fp-%s"}]}""".formatted(id, id))).build());
        assertThat(firing.statusCode()).as(firing.body()).isEqualTo(202);
        long alert = alertId("Instance down " + id);
        // The description annotation is the first step to take.
        assertThat(text(admin.get("/alerts/" + alert))).contains("Restart the exporter on the host.").contains("class=\"sev sev-critical\"");

        HttpResponse<String> duplicate = admin.post("/integrations", "name", "Alertmanager " + id, "service", api, "type", "alertmanager");
        assertThat(duplicate.statusCode()).isEqualTo(422);
        assertThat(text(duplicate)).contains("id=\"slug-error\"").contains("already exists");

        HttpResponse<String> deleted = admin.post("/integrations/alertmanager-" + id + "/delete");
        assertThat(deleted.headers().firstValue("Location").orElseThrow()).endsWith("/integrations?deleted=alertmanager-" + id);
        assertThat(get("/api/v1/integrations/alertmanager-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void aMaintenanceWindowWithABadCronNamesTheFieldAndKeepsTheInput() {
        PageSession admin = admin();
        assertThat(admin.get("/maintenance/new").statusCode()).isEqualTo(200);
        HttpResponse<String> invalid = admin.post("/maintenance", "name", "Nightly backup " + id, "services", api, "kind", "recurring",
                "timezone", "Europe/Berlin", "cron", "61 2 * * *", "duration", "1h");
        assertThat(invalid.statusCode()).isEqualTo(422);
        String body = text(invalid);
        assertThat(body).contains("<title>Error: Plan maintenance · Andon</title>").contains("There is a problem")
                .contains("<a href=\"#cron\">Cron expression: '61 2 * * *' is not a five-field cron expression")
                .contains("id=\"cron-error\"")
                .contains("value=\"61 2 * * *\"").contains("<option value=\"Europe/Berlin\" selected>")
                .contains("value=\"" + api + "\" checked").contains("value=\"recurring\" checked").contains("value=\"Nightly backup " + id + "\"");
        // The message sits right after the cron field, which is marked invalid and described by it.
        String cron = body.substring(body.indexOf("id=\"cron\""));
        assertThat(cron.substring(0, cron.indexOf("</div>"))).contains("aria-invalid=\"true\"").contains("cron-hint cron-error")
                .contains("<p class=\"field-error\" id=\"cron-error\">");

        HttpResponse<String> created = admin.post("/maintenance", "name", "Nightly backup " + id, "services", api, "kind", "recurring",
                "timezone", "Europe/Berlin", "cron", "0 2 * * *", "duration", "1h");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(302);
        assertThat(created.headers().firstValue("Location").orElseThrow()).endsWith("/maintenance/nightly-backup-" + id);
        String window = text(admin.get("/maintenance/nightly-backup-" + id));
        assertThat(window).contains("Next 5 occurrences").contains("<code>0 2 * * *</code>").contains("Europe/Berlin");
        assertThat(window.split("class=\"tl-planned\"|class=\"tl-suppressed\"", -1)).hasSize(6);

        HttpResponse<String> once = admin.post("/maintenance", "name", "Database upgrade " + id, "allServices", "true", "kind", "once",
                "timezone", "UTC", "start", "2099-03-01T02:00", "end", "2099-03-01T05:30");
        assertThat(once.statusCode()).as(once.body()).isEqualTo(302);
        HttpResponse<String> backwards = admin.post("/maintenance", "name", "Backwards " + id, "services", api, "kind", "once",
                "timezone", "UTC", "start", "2099-03-01T05:00", "end", "2099-03-01T02:00");
        assertThat(backwards.statusCode()).isEqualTo(422);
        assertThat(text(backwards)).contains("id=\"end-error\"").contains("must be after start").contains("value=\"2099-03-01T02:00\"");

        String list = text(admin.get("/maintenance"));
        assertThat(list.indexOf("href=\"/maintenance/database-upgrade-" + id + "\"")).isGreaterThan(list.indexOf("id=\"upcoming\""));
        assertThat(list.indexOf("href=\"/maintenance/nightly-backup-" + id + "\"")).isGreaterThan(list.indexOf("id=\"recurring\""));
        assertThat(list).contains("2099-03-01 02:00 UTC");

        assertThat(admin.post("/maintenance/database-upgrade-" + id + "/delete").headers().firstValue("Location").orElseThrow())
                .endsWith("/maintenance?deleted=database-upgrade-" + id);
        assertThat(admin.post("/maintenance/nightly-backup-" + id + "/delete").statusCode()).isEqualTo(302);
        assertThat(admin.get("/maintenance/nightly-backup-" + id).statusCode()).isEqualTo(404);
    }

    @Test
    void theNoiseReportDrawsActionableAgainstNotActionable() {
        String summary = "Noisy rule fired " + id;
        trigger(key, "noisy-" + id, summary, "warning");
        long alert = alertId(summary);
        PageSession admin = admin();
        admin.get("/alerts/" + alert);
        admin.post("/alerts/" + alert + "/feedback", "actionable", "false");

        HttpResponse<String> report = admin.get("/reports/noise?days=7");
        assertThat(report.statusCode()).isEqualTo(200);
        assertThat(report.body()).contains("<svg").contains("class=\"noise-chart wide\"").contains("class=\"noise-chart narrow\"")
                .contains("class=\"bar-not-actionable\"").contains(integration + " · HighLatency")
                .contains("href=\"/reports/noise?days=7\" aria-current=\"true\"").contains("<span class=\"noise-source\">" + integration + "</span>");
        assertThat(admin.get("/reports/noise?days=90").body()).contains("href=\"/reports/noise?days=90\" aria-current=\"true\"");
        // Anything else is the default period, not an error.
        assertThat(admin.get("/reports/noise?days=abc").body()).contains("href=\"/reports/noise?days=30\" aria-current=\"true\"");
    }

    @Test
    void theServicePageShowsItsOpenAlertsAndRecentChanges() {
        String summary = "Payment provider timeouts " + id;
        trigger(key, "timeouts-" + id, summary, "error");
        assertThat(anonymous("/v2/change/enqueue", """
                {"routing_key": "%s", "payload": {"summary": "Feature flag fast-checkout on %s", "source": "launchdarkly"}}""".formatted(key, id))
                .statusCode()).isEqualTo(202);
        long alert = alertId(summary);
        PageSession admin = admin();

        String page = text(admin.get("/services/" + api));
        assertThat(page).contains("id=\"open-alerts\"").contains("<span class=\"sev sev-error\">error</span>")
                .contains("href=\"/alerts/" + alert + "\">" + summary + "</a>")
                .contains("id=\"recent-changes\"").contains("Feature flag fast-checkout on " + id).contains("launchdarkly");
        assertThat(page.indexOf("id=\"open-alerts\"")).isLessThan(page.indexOf("id=\"owners-title\""));
        assertThat(text(admin.get("/services/" + web))).contains("id=\"open-alerts\"").doesNotContain(summary);
    }

    @Test
    void aCheckAlertPointsAtTheFailedPhaseAndTheLocationsToCompare() {
        long serviceId = sql.select(SERVICES.ID).from(SERVICES).where(SERVICES.SLUG.eq(api)).fetchSingle().value1();
        String check = "api-health-" + id;
        ProbeResult refused = new ProbeResult(ProbeResult.Status.DOWN, "connection refused", "connect",
                Map.of("dns", Duration.ofMillis(3), "connect", Duration.ofMillis(1)), Map.of("dns.answer", "10.0.0.7"));
        writer.storeNow(List.of(CheckAlerts.of(check, "API health", serviceId, CheckStatus.DOWN, "eu-west", refused, Instant.now()).orElseThrow()));
        applied();
        long alert = alertId("API health is down from eu-west: connection refused");
        PageSession admin = admin();

        assertThat(admin.get("/alerts?service=" + api).body()).contains("href=\"/checks/" + check + "\">check " + check + "</a>");
        String page = text(admin.get("/alerts/" + alert));
        assertThat(page).contains("The check <a href=\"/checks/" + check + "\"><strong>" + check + "</strong></a> failed from <strong>eu-west</strong>"
                        + " at the <strong>connect</strong> phase: <code>connection refused</code>")
                .contains("href=\"/checks/" + check + "#locations\">Compare the locations on the check page</a>")
                .contains("<span class=\"chip\">Andon check</span>").contains("by check:" + check);
    }
}
