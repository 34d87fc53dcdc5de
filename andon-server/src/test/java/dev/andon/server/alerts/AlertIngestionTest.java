package dev.andon.server.alerts;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.andon.server.support.AndonServerTest;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import tools.jackson.databind.JsonNode;

/**
 * Ingestion end to end over HTTP, replaying the payloads real senders post: PagerDuty's documented
 * Events API v2 example, Alertmanager v4 firing and resolved notifications, a change event, a mapped
 * webhook. Each asserts the exact response and the stored state.
 */
class AlertIngestionTest extends AndonServerTest {
    /** PagerDuty's own example trigger, from the Events API v2 documentation (routing and dedup keys replaced). */
    private static final String PAGERDUTY_EXAMPLE = """
            {
              "payload": {
                "summary": "Example alert on host1.example.com",
                "timestamp": "2015-07-17T08:42:58.315+0000",
                "source": "monitoringtool:cloudvendor:central-region-dc-01:852559987:cluster/api-stats-prod-003",
                "severity": "info",
                "component": "postgres",
                "group": "prod-datapipe",
                "class": "deploy",
                "custom_details": {
                  "ping time": "1500ms",
                  "load avg": 0.75
                }
              },
              "routing_key": "%s",
              "dedup_key": "%s",
              "images": [{
                "src": "https://www.pagerduty.com/wp-content/uploads/2016/05/pagerduty-logo-green.png",
                "href": "https://example.com/",
                "alt": "Example text"
              }],
              "links": [{
                "href": "https://example.com/",
                "text": "Link text"
              }],
              "event_action": "trigger",
              "client": "Sample Monitoring Service",
              "client_url": "https://monitoring.service.com"
            }""";

    private static final String ALERTMANAGER_FIRING = """
            {
              "receiver": "andon",
              "status": "firing",
              "alerts": [
                {
                  "status": "firing",
                  "labels": {"alertname": "HighLatency", "instance": "api-1:9090", "job": "api", "severity": "page"},
                  "annotations": {"summary": "p99 latency above 2s on api-1", "runbook_url": "https://runbooks.example.com/high-latency"},
                  "startsAt": "2026-11-22T03:58:12.123Z",
                  "endsAt": "0001-01-01T00:00:00Z",
                  "generatorURL": "http://prometheus:9090/graph?g0.expr=histogram_quantile",
                  "fingerprint": "%s1"
                },
                {
                  "status": "firing",
                  "labels": {"alertname": "HighLatency", "instance": "api-2:9090", "job": "api", "severity": "page"},
                  "annotations": {"summary": "p99 latency above 2s on api-2"},
                  "startsAt": "2026-11-22T03:58:12.123Z",
                  "endsAt": "0001-01-01T00:00:00Z",
                  "generatorURL": "http://prometheus:9090/graph?g0.expr=histogram_quantile",
                  "fingerprint": "%s2"
                }
              ],
              "groupLabels": {"alertname": "HighLatency"},
              "commonLabels": {"alertname": "HighLatency", "job": "api", "severity": "page"},
              "commonAnnotations": {},
              "externalURL": "http://alertmanager:9093",
              "version": "4",
              "groupKey": "{}/{severity=\\"page\\"}:{alertname=\\"HighLatency\\"}",
              "truncatedAlerts": 0
            }""";

    @Autowired
    DSLContext sql;

    @Autowired
    AlertSweeps sweeps;

    private String id;

    @BeforeEach
    void service() {
        id = UUID.randomUUID().toString().substring(0, 8);
        assertThat(post("/api/v1/services", "{\"slug\":\"api-%s\",\"name\":\"API\"}".formatted(id)).statusCode()).isEqualTo(201);
        post("/api/v1/services", "{\"slug\":\"web-%s\",\"name\":\"Web\",\"dependsOn\":[\"api-%s\"]}".formatted(id, id));
    }

    private String integration(String type, String extra) {
        HttpResponse<String> created = post("/api/v1/integrations", """
                {"slug": "%s-%s", "service": "api-%s", "type": "%s"%s}""".formatted(type, id, id, type, extra));
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        String key = json(created).path("key").asString();
        assertThat(key).matches("[0-9a-f]{32}");
        return key;
    }

    /** Posted as a sender would: no session, no token. */
    private HttpResponse<String> anonymous(String path, String body) {
        return send(HttpRequest.newBuilder(uri(path)).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build());
    }

    private JsonNode alerts(String query) {
        return json(get("/api/v1/alerts?service=api-" + id + "&" + query));
    }

    @Test
    void pagerDutyTriggerDeduplicateAcknowledgeResolveFollowsPagerDutysSemantics() {
        String key = integration("events-v2", "");
        String dedup = "srv01/HTTP-" + id;

        HttpResponse<String> first = anonymous("/v2/enqueue", PAGERDUTY_EXAMPLE.formatted(key, dedup));
        assertThat(first.statusCode()).as(first.body()).isEqualTo(202);
        assertThat(first.body()).isEqualTo("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + dedup + "\"}");

        JsonNode open = alerts("state=open");
        assertThat(open).hasSize(1);
        JsonNode alert = open.get(0);
        assertThat(alert.path("status").asString()).isEqualTo("triggered");
        assertThat(alert.path("severity").asString()).isEqualTo("info");
        assertThat(alert.path("summary").asString()).isEqualTo("Example alert on host1.example.com");
        assertThat(alert.path("component").asString()).isEqualTo("postgres");
        assertThat(alert.path("alertClass").asString()).isEqualTo("deploy");
        assertThat(alert.path("dedupKey").asString()).isEqualTo(dedup);
        assertThat(Instant.parse(alert.path("sourceTime").asString())).isEqualTo(Instant.parse("2015-07-17T08:42:58.315Z"));
        // The JSON columns come back as JSON, not as strings holding it.
        assertThat(alert.path("customDetails").path("ping time").asString()).isEqualTo("1500ms");
        assertThat(alert.path("links").isArray()).isTrue();
        assertThat(alert.path("links").get(0).path("text").asString()).isEqualTo("Link text");
        assertThat(alert.path("images").get(0).path("alt").asString()).isEqualTo("Example text");
        long alertId = alert.path("id").asLong();

        // The same key again is deduplicated into the open alert.
        assertThat(anonymous("/v2/enqueue", PAGERDUTY_EXAMPLE.formatted(key, dedup)).statusCode()).isEqualTo(202);
        assertThat(alerts("state=open").get(0).path("dedupCount").asInt()).isEqualTo(1);

        HttpResponse<String> ack = anonymous("/v2/enqueue", """
                {"routing_key": "%s", "dedup_key": "%s", "event_action": "acknowledge"}""".formatted(key, dedup));
        assertThat(ack.body()).isEqualTo("{\"status\":\"success\",\"message\":\"Event processed\",\"dedup_key\":\"" + dedup + "\"}");
        assertThat(alerts("state=acknowledged")).hasSize(1);
        // A trigger on an acknowledged alert is deduplicated; it stays acknowledged.
        anonymous("/v2/enqueue", PAGERDUTY_EXAMPLE.formatted(key, dedup));
        assertThat(alerts("state=acknowledged").get(0).path("dedupCount").asInt()).isEqualTo(2);

        anonymous("/v2/enqueue", """
                {"routing_key": "%s", "dedup_key": "%s", "event_action": "resolve"}""".formatted(key, dedup));
        assertThat(alerts("state=open")).isEmpty();
        JsonNode detail = json(get("/api/v1/alerts/" + alertId));
        assertThat(detail.path("alert").path("status").asString()).isEqualTo("resolved");
        assertThat(kinds(detail.path("timeline"))).containsExactly("triggered", "acknowledged", "resolved");
        assertThat(detail.path("timeline").get(0).path("detail").isObject()).as("a timeline line's detail is JSON").isTrue();
        assertThat(detail.path("timeline").get(1).path("actor").asString()).isEqualTo("integration:events-v2-" + id);

        // After the resolve, the key opens a new alert.
        anonymous("/v2/enqueue", PAGERDUTY_EXAMPLE.formatted(key, dedup));
        JsonNode again = alerts("state=open");
        assertThat(again).hasSize(1);
        assertThat(again.get(0).path("id").asLong()).isNotEqualTo(alertId);
    }

    @Test
    void concurrentTriggersOnFewKeysOpenOneAlertPerKeyAndCountTheRest() throws Exception {
        String key = integration("events-v2", "");
        int senders = 200;
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(32)) {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < senders; i++) {
                int n = i;
                answers.add(executor.submit(() -> anonymous("/v2/enqueue", """
                        {"routing_key": "%s", "dedup_key": "k%d", "event_action": "trigger",
                         "payload": {"summary": "storm %d", "source": "db", "severity": "error"}}""".formatted(key, n % 10, n)).statusCode()));
            }
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(202);
            }
        }
        JsonNode open = alerts("state=open");
        assertThat(open).hasSize(10);
        assertThat(open.valueStream().mapToInt(alert -> alert.path("dedupCount").asInt()).sum()).isEqualTo(senders - 10);
        // Ten keys, one service: one group holding all ten.
        assertThat(fields(open, "groupId").stream().distinct()).hasSize(1);
        assertThat(json(get("/api/v1/alerts/" + open.get(0).path("id").asLong())).path("group").path("alertCount").asInt()).isEqualTo(10);
    }

    /**
     * The writer's lanes add to one group at once under a share lock; a batch that changes the
     * group's severity or status locks it for update. Whatever the interleaving, the group ends as
     * its alerts say: the worst open severity, triggered, counting every alert.
     */
    @Test
    void concurrentTriggersOfMixedSeverityLeaveTheGroupAsItsAlertsSay() throws Exception {
        String key = integration("events-v2", "");
        String[] severities = {"info", "warning", "error", "critical"};
        java.util.Random random = new java.util.Random(42);
        int senders = 400;
        int keys = 40;
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(32)) {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < senders; i++) {
                int n = i;
                // Mostly mild, now and then worse, and keys re-sent with another severity (a duplicate that changes it).
                String severity = severities[Math.min(3, random.nextInt(10) / 3)];
                answers.add(executor.submit(() -> anonymous("/v2/enqueue", """
                        {"routing_key": "%s", "dedup_key": "m%d", "event_action": "trigger",
                         "payload": {"summary": "mixed %d", "source": "db", "severity": "%s"}}""".formatted(key, n % keys, n, severity)).statusCode()));
            }
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(202);
            }
        }
        JsonNode open = alerts("state=open");
        assertThat(open).hasSize(keys);
        assertThat(open.valueStream().mapToInt(alert -> alert.path("dedupCount").asInt()).sum()).isEqualTo(senders - keys);
        String worst = java.util.List.of(severities).reversed().stream()
                .filter(severity -> open.valueStream().anyMatch(alert -> severity.equals(alert.path("severity").asString())))
                .findFirst().orElseThrow();
        JsonNode group = json(get("/api/v1/alerts/" + open.get(0).path("id").asLong())).path("group");
        assertThat(group.path("severity").asString()).isEqualTo(worst);
        assertThat(group.path("status").asString()).isEqualTo("triggered");
        assertThat(group.path("alertCount").asInt()).isEqualTo(keys);
        // Then an alert of the worst severity goes milder (a duplicate) and the others resolve: the group follows.
        for (JsonNode alert : open) {
            if (worst.equals(alert.path("severity").asString())) {
                assertThat(anonymous("/v2/enqueue", """
                        {"routing_key": "%s", "dedup_key": "%s", "event_action": "trigger",
                         "payload": {"summary": "calmer", "source": "db", "severity": "info"}}""".formatted(key, alert.path("dedupKey").asString()))
                        .statusCode()).isEqualTo(202);
            }
        }
        String next = java.util.List.of(severities).reversed().stream()
                .filter(severity -> !severity.equals(worst) && open.valueStream().anyMatch(alert -> severity.equals(alert.path("severity").asString())))
                .findFirst().orElse("info");
        assertThat(json(get("/api/v1/alerts/" + open.get(0).path("id").asLong())).path("group").path("severity").asString()).isEqualTo(next);
    }

    /**
     * Triggers, acknowledges and resolves on shared keys at once: the trigger batches take the
     * group's lock shared, the others for update, in different lanes. Whatever the interleaving,
     * every group ends as its alerts say, and no alert is left without an open group.
     */
    @Test
    void concurrentTriggersAcknowledgesAndResolvesLeaveEveryGroupAsItsAlertsSay() throws Exception {
        String key = integration("events-v2", "");
        String[] actions = {"trigger", "trigger", "trigger", "acknowledge", "resolve"};
        String[] severities = {"info", "warning", "error", "critical"};
        java.util.Random random = new java.util.Random(7);
        try (var executor = java.util.concurrent.Executors.newFixedThreadPool(32)) {
            java.util.List<java.util.concurrent.Future<Integer>> answers = new java.util.ArrayList<>();
            for (int i = 0; i < 600; i++) {
                String action = actions[random.nextInt(actions.length)];
                String body = "trigger".equals(action)
                        ? """
                          {"routing_key": "%s", "dedup_key": "x%d", "event_action": "trigger",
                           "payload": {"summary": "churn", "source": "db", "severity": "%s"}}""".formatted(key, random.nextInt(30), severities[random.nextInt(4)])
                        : """
                          {"routing_key": "%s", "dedup_key": "x%d", "event_action": "%s"}""".formatted(key, random.nextInt(30), action);
                answers.add(executor.submit(() -> anonymous("/v2/enqueue", body).statusCode()));
            }
            for (var answer : answers) {
                assertThat(answer.get()).isEqualTo(202);
            }
        }
        long service = sql.fetchOne("select id from services where slug = ?", "api-" + id).get(0, Long.class);
        // Every open alert is in an open group of its service; at most one group is open.
        assertThat(sql.fetchOne("""
                select count(*) from alerts a left join alert_groups g on g.id = a.group_id
                where a.service_id = ? and a.status <> 'resolved' and (g.id is null or g.resolved_at is not null)""", service)
                .get(0, Integer.class)).isZero();
        assertThat(sql.fetchOne("select count(*) from alert_groups where service_id = ? and resolved_at is null", service).get(0, Integer.class))
                .isLessThanOrEqualTo(1);
        // Each group's status and severity are what its alerts say.
        var groups = sql.fetch("""
                select g.id, g.status, g.severity,
                       case when bool_or(a.status = 'triggered') then 'triggered'
                            when bool_or(a.status = 'acknowledged') then 'acknowledged' else 'resolved' end as derived_status,
                       (array['critical', 'error', 'warning', 'info'])[min(array_position(array['critical', 'error', 'warning', 'info'], a.severity))
                            filter (where a.status <> 'resolved')] as derived_severity
                from alert_groups g join alerts a on a.group_id = g.id
                where g.service_id = ? group by g.id""", service);
        assertThat(groups).isNotEmpty();
        for (var group : groups) {
            assertThat(group.get("status", String.class)).as("group %s", group.get("id")).isEqualTo(group.get("derived_status", String.class));
            String derived = group.get("derived_severity", String.class);
            if (derived != null) {
                assertThat(group.get("severity", String.class)).as("group %s", group.get("id")).isEqualTo(derived);
            }
        }
    }

    @Autowired
    AlertWriter writer;

    @Autowired
    IntegrationStore integrations;

    @Test
    void oneBatchMayResolveAKeyAndTriggerItAgain() {
        String key = integration("events-v2", "");
        IntegrationStore.Stored integration = integrations.byKey(key).orElseThrow();
        java.util.function.BiFunction<dev.andon.alerts.AlertAction, String, Intake> event = (action, summary) -> new Intake.Alert(integration.id(),
                "events-v2", null, integration.serviceId(), new dev.andon.alerts.AlertEvent(action, "flap", summary, "db",
                action == dev.andon.alerts.AlertAction.TRIGGER ? dev.andon.alerts.Severity.ERROR : null, null, null, null, null, null, null, null,
                null, null, null), Instant.now(), null, "test");
        writer.storeNow(java.util.List.of(event.apply(dev.andon.alerts.AlertAction.TRIGGER, "first")));
        // After a database blip the backlog arrives as one batch: resolve, trigger, resolve, trigger.
        writer.storeNow(java.util.List.of(event.apply(dev.andon.alerts.AlertAction.RESOLVE, null), event.apply(dev.andon.alerts.AlertAction.TRIGGER, "second"),
                event.apply(dev.andon.alerts.AlertAction.RESOLVE, null), event.apply(dev.andon.alerts.AlertAction.TRIGGER, "third")));
        applied();
        JsonNode open = alerts("state=open");
        assertThat(open).hasSize(1);
        assertThat(open.get(0).path("summary").asString()).isEqualTo("third");
        assertThat(fields(alerts("state=resolved"), "summary")).containsExactlyInAnyOrder("first", "second");
    }

    @Test
    void deletingAnIntegrationResolvesItsOpenAlerts() {
        String key = integration("events-v2", "");
        anonymous("/v2/enqueue", """
                {"routing_key": "%s", "dedup_key": "orphan", "event_action": "trigger",
                 "payload": {"summary": "left behind", "source": "db", "severity": "error"}}""".formatted(key));
        long alertId = alerts("state=open").get(0).path("id").asLong();
        assertThat(delete("/api/v1/integrations/events-v2-" + id).statusCode()).isEqualTo(204);
        JsonNode detail = json(get("/api/v1/alerts/" + alertId));
        assertThat(detail.path("alert").path("status").asString()).isEqualTo("resolved");
        assertThat(detail.path("group").path("status").asString()).isEqualTo("resolved");
        assertThat(anonymous("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "trigger", "payload": {"summary": "x", "source": "y", "severity": "error"}}""".formatted(key))
                .statusCode()).isEqualTo(400);
    }

    @Test
    void deletingWhatAlertsPointAtDoesWhatTheirForeignKeysDid() {
        // Alerts keep no foreign keys (V12): the statement triggers on their parents stand in for them.
        assertThat(post("/api/v1/services", "{\"slug\":\"gone-%s\",\"name\":\"Gone\"}".formatted(id)).statusCode()).isEqualTo(201);
        HttpResponse<String> created = post("/api/v1/integrations", """
                {"slug": "gone-%s", "service": "gone-%s", "type": "events-v2"}""".formatted(id, id));
        String key = json(created).path("key").asString();
        Instant now = Instant.now();
        assertThat(post("/api/v1/maintenance-windows", """
                {"slug": "gone-%s", "name": "Gone soon", "services": ["gone-%s"], "start": "%s", "end": "%s"}"""
                .formatted(id, id, now.minusSeconds(60), now.plusSeconds(3600))).statusCode()).isEqualTo(201);
        for (String dedup : List.of("one", "two")) {
            assertThat(anonymous("/v2/enqueue", """
                    {"routing_key": "%s", "dedup_key": "%s", "event_action": "trigger",
                     "payload": {"summary": "soon orphaned", "source": "db", "severity": "error"}}""".formatted(key, dedup)).statusCode()).isEqualTo(202);
        }
        long serviceId = sql.fetchSingle("select id from services where slug = ?", "gone-" + id).get(0, Long.class);
        java.util.function.Supplier<org.jooq.Record> state = () -> sql.fetchSingle("""
                select count(*) as alerts, count(integration_id) as integrated, count(suppressed_by) as suppressed,
                       (select count(*) from alert_log l join alerts a on a.id = l.alert_id where a.service_id = ?) as lines
                from alerts where service_id = ?""", serviceId, serviceId);
        assertThat(state.get().get("alerts", Long.class)).isEqualTo(2);
        assertThat(state.get().get("suppressed", Long.class)).isEqualTo(2);
        assertThat(state.get().get("lines", Long.class)).isEqualTo(4);

        assertThat(delete("/api/v1/maintenance-windows/gone-" + id).statusCode()).isEqualTo(204);
        assertThat(state.get().get("suppressed", Long.class)).isZero();
        assertThat(delete("/api/v1/integrations/gone-" + id).statusCode()).isEqualTo(204);
        assertThat(state.get().get("integrated", Long.class)).isZero();

        // A batch naming an integration that is gone is refused, as the foreign key refused it.
        assertThatThrownBy(() -> sql.execute("select andon_lock_alert_parents(array[?]::bigint[], '{}')", -serviceId))
                .isInstanceOf(org.springframework.dao.DataIntegrityViolationException.class).hasMessageContaining("no longer exists");

        assertThat(delete("/api/v1/services/gone-" + id).statusCode()).isEqualTo(204);
        assertThat(sql.fetchSingle("select count(*) from alerts where service_id = ?", serviceId).get(0, Long.class)).isZero();
        assertThat(sql.fetchSingle("select count(*) from alert_log l where not exists (select 1 from alerts a where a.id = l.alert_id)")
                .get(0, Long.class)).isZero();
    }

    @Test
    void aGroupTakesTheWorstSeverityOfItsOpenAlerts() {
        String key = integration("events-v2", "");
        java.util.function.BiConsumer<String, String> trigger = (dedup, severity) -> assertThat(anonymous("/v2/enqueue", """
                {"routing_key": "%s", "dedup_key": "%s", "event_action": "trigger", "payload": {"summary": "%s", "source": "db", "severity": "%s"}}"""
                .formatted(key, dedup, dedup, severity)).statusCode()).isEqualTo(202);
        java.util.function.Supplier<JsonNode> group = () -> json(get("/api/v1/alerts/" + alerts("state=open").get(0).path("id").asLong())).path("group");
        trigger.accept("a", "warning");
        assertThat(group.get().path("severity").asString()).isEqualTo("warning");
        trigger.accept("b", "critical");
        assertThat(group.get().path("severity").asString()).isEqualTo("critical");
        trigger.accept("c", "info");
        assertThat(group.get().path("severity").asString()).isEqualTo("critical");
        assertThat(group.get().path("alertCount").asInt()).isEqualTo(3);
        anonymous("/v2/enqueue", """
                {"routing_key": "%s", "dedup_key": "b", "event_action": "resolve"}""".formatted(key));
        assertThat(group.get().path("severity").asString()).isEqualTo("warning");
    }

    @Test
    void aTriggerWithoutDedupKeyGetsOneAndUnknownKeysAreDroppedWith202() {
        String key = integration("events-v2", "");
        HttpResponse<String> created = anonymous("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "trigger",
                 "payload": {"summary": "Disk full on db-1", "source": "db-1", "severity": "critical"}}""".formatted(key));
        assertThat(created.statusCode()).isEqualTo(202);
        String generated = json(created).path("dedup_key").asString();
        assertThat(generated).matches("[0-9a-f]{32}");
        assertThat(alerts("state=open").get(0).path("dedupKey").asString()).isEqualTo(generated);

        HttpResponse<String> stray = anonymous("/v2/enqueue", """
                {"routing_key": "%s", "dedup_key": "never-seen", "event_action": "resolve"}""".formatted(key));
        assertThat(stray.statusCode()).isEqualTo(202);
        assertThat(alerts("state=all")).hasSize(1);
    }

    @Test
    void invalidEventsGet400InPagerDutysShapeAndChangeNothing() {
        String key = integration("events-v2", "");
        HttpResponse<String> invalid = anonymous("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "trigger", "payload": {"source": "db-1", "severity": "fatal"}}""".formatted(key));
        assertThat(invalid.statusCode()).isEqualTo(400);
        JsonNode body = json(invalid);
        assertThat(body.path("status").asString()).isEqualTo("invalid event");
        assertThat(body.path("message").asString()).isEqualTo("Event object is invalid");
        assertThat(body.path("errors").valueStream().map(JsonNode::asString).toList())
                .anySatisfy(error -> assertThat(error).contains("'payload.summary' is missing or blank"))
                .anySatisfy(error -> assertThat(error).contains("'payload.severity' is invalid"));

        HttpResponse<String> wrongKey = anonymous("/v2/enqueue", """
                {"routing_key": "0123456789abcdef0123456789abcdef", "event_action": "trigger",
                 "payload": {"summary": "x", "source": "y", "severity": "error"}}""");
        assertThat(wrongKey.statusCode()).isEqualTo(400);
        assertThat(json(wrongKey).path("errors").get(0).asString()).contains("'routing_key' is not the key of any integration");

        HttpResponse<String> garbage = anonymous("/v2/enqueue", "{not json");
        assertThat(garbage.statusCode()).isEqualTo(400);
        assertThat(json(garbage).path("status").asString()).isEqualTo("Unrecognized object");

        HttpResponse<String> huge = anonymous("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "trigger", "payload": {"summary": "x", "source": "y", "severity": "error",
                 "custom_details": {"blob": "%s"}}}""".formatted(key, "x".repeat(600 * 1024)));
        assertThat(huge.statusCode()).isEqualTo(413);
        // Also without a Content-Length (chunked), where only counting the bytes read can tell.
        byte[] hugeBody = ("{\"routing_key\": \"" + key + "\", \"event_action\": \"trigger\", "
                + "\"payload\": {\"summary\": \"x\", \"source\": \"y\", \"severity\": \"error\", \"custom_details\": {\"blob\": \""
                + "x".repeat(600 * 1024) + "\"}}}").getBytes(java.nio.charset.StandardCharsets.UTF_8);
        HttpResponse<String> chunked = send(HttpRequest.newBuilder(uri("/v2/enqueue")).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofInputStream(() -> new java.io.ByteArrayInputStream(hugeBody))).build());
        assertThat(chunked.statusCode()).isEqualTo(413);
        assertThat(alerts("state=all")).isEmpty();
    }

    @Test
    void alertmanagerFiringThenResolvedByFingerprint() {
        String key = integration("alertmanager", "");
        HttpResponse<String> firing = anonymous("/ingest/alertmanager/" + key, ALERTMANAGER_FIRING.formatted(id, id));
        assertThat(firing.statusCode()).as(firing.body()).isEqualTo(202);
        JsonNode open = alerts("state=open");
        assertThat(open).hasSize(2);
        assertThat(fields(open, "severity")).containsOnly("critical");
        assertThat(fields(open, "summary")).containsExactlyInAnyOrder("p99 latency above 2s on api-1", "p99 latency above 2s on api-2");
        // One storm, one page: both alerts are in the service's one open group.
        assertThat(open.get(0).path("groupId").asLong()).isEqualTo(open.get(1).path("groupId").asLong());
        JsonNode group = json(get("/api/v1/alerts/" + open.get(0).path("id").asLong())).path("group");
        assertThat(group.path("alertCount").asInt()).isEqualTo(2);
        assertThat(group.path("status").asString()).isEqualTo("triggered");

        // The repeat notification Alertmanager sends every repeat_interval is deduplicated.
        anonymous("/ingest/alertmanager/" + key, ALERTMANAGER_FIRING.formatted(id, id));
        assertThat(fields(alerts("state=open"), "dedupCount")).containsOnly("1");

        String resolved = ALERTMANAGER_FIRING.formatted(id, id).replace("\"firing\"", "\"resolved\"")
                .replace("0001-01-01T00:00:00Z", "2026-11-22T04:10:00Z");
        assertThat(anonymous("/ingest/alertmanager/" + key, resolved).statusCode()).isEqualTo(202);
        assertThat(alerts("state=open")).isEmpty();
        assertThat(alerts("state=resolved")).hasSize(2);
        assertThat(json(get("/api/v1/alerts/" + open.get(0).path("id").asLong())).path("group").path("status").asString()).isEqualTo("resolved");
    }

    @Test
    void aResolvedGroupWithTruncatedAlertsResolvesTheAlertsLeftOut() {
        String key = integration("alertmanager", "");
        anonymous("/ingest/alertmanager/" + key, ALERTMANAGER_FIRING.formatted(id, id));
        // Resolved, but Alertmanager sent only the first alert (max_alerts: 1) and counted the other as truncated.
        String truncated = """
                {"receiver": "andon", "status": "resolved", "version": "4", "truncatedAlerts": 1,
                 "groupKey": "{}/{severity=\\"page\\"}:{alertname=\\"HighLatency\\"}",
                 "groupLabels": {"alertname": "HighLatency"}, "commonLabels": {}, "commonAnnotations": {}, "externalURL": "http://alertmanager:9093",
                 "alerts": [{"status": "resolved", "labels": {"alertname": "HighLatency", "instance": "api-1:9090"}, "annotations": {},
                             "startsAt": "2026-11-22T03:58:12.123Z", "endsAt": "2026-11-22T04:10:00Z", "generatorURL": "", "fingerprint": "%s1"}]}"""
                .formatted(id);
        assertThat(anonymous("/ingest/alertmanager/" + key, truncated).statusCode()).isEqualTo(202);
        assertThat(alerts("state=open")).isEmpty();
    }

    @Test
    void aKeyOfAnotherTypeIsRefusedWithWhereToSendIt() {
        String key = integration("alertmanager", "");
        HttpResponse<String> wrong = anonymous("/v2/enqueue", """
                {"routing_key": "%s", "event_action": "trigger", "payload": {"summary": "x", "source": "y", "severity": "error"}}""".formatted(key));
        assertThat(wrong.statusCode()).isEqualTo(400);
        assertThat(json(wrong).path("errors").get(0).asString()).contains("/ingest/alertmanager/{key}");
    }

    @Test
    void changeEventsAreStoredAgainstTheService() {
        String key = integration("events-v2", "");
        HttpResponse<String> change = anonymous("/v2/change/enqueue", """
                {"routing_key": "%s",
                 "payload": {"summary": "Deploy api v2.4.1 by alice", "timestamp": "2026-11-22T03:50:00Z", "source": "github-actions",
                             "custom_details": {"commit": "9f2c1ab"}},
                 "links": [{"href": "https://github.com/acme/api/actions/runs/42", "text": "Run 42"}]}""".formatted(key));
        assertThat(change.statusCode()).as(change.body()).isEqualTo(202);
        assertThat(change.body()).isEqualTo("{\"status\":\"success\",\"message\":\"Change event processed\"}");
        JsonNode changes = json(get("/api/v1/changes?service=api-" + id));
        assertThat(changes).hasSize(1);
        assertThat(changes.get(0).path("summary").asString()).isEqualTo("Deploy api v2.4.1 by alice");
        assertThat(changes.get(0).path("source").asString()).isEqualTo("github-actions");
        assertThat(changes.get(0).path("customDetails").path("commit").asString()).isEqualTo("9f2c1ab");
        assertThat(changes.get(0).path("links").get(0).path("text").asString()).isEqualTo("Run 42");
        assertThat(Instant.parse(changes.get(0).path("happenedAt").asString())).isEqualTo(Instant.parse("2026-11-22T03:50:00Z"));
    }

    @Test
    void aMappedWebhookOpensAndResolvesAlerts() {
        String key = integration("webhook", """
                , "severities": {"sev-a": "critical"},
                  "mapping": {"title": "$.check.name", "dedupKey": "$.check.id", "status": "$.state", "severity": "$.level",
                              "links": "$.url", "resolveValues": ["recovered"]}""");
        HttpResponse<String> opened = anonymous("/ingest/webhook/" + key, """
                {"check": {"id": "c-17", "name": "Checkout is slow"}, "state": "alerting", "level": "sev-a", "url": "https://grafana.example.com/d/x"}""");
        assertThat(opened.statusCode()).as(opened.body()).isEqualTo(202);
        JsonNode alert = alerts("state=open").get(0);
        assertThat(alert.path("summary").asString()).isEqualTo("Checkout is slow");
        assertThat(alert.path("severity").asString()).isEqualTo("critical");
        anonymous("/ingest/webhook/" + key, """
                {"check": {"id": "c-17", "name": "Checkout is slow"}, "state": "recovered"}""");
        assertThat(alerts("state=open")).isEmpty();
    }

    @Test
    void respondersAcknowledgeResolveAndRateAlertsAndTheNoiseReportCountsThem() {
        String key = integration("events-v2", "");
        for (String rule : new String[] {"disk", "disk", "cpu"}) {
            anonymous("/v2/enqueue", """
                    {"routing_key": "%s", "event_action": "trigger",
                     "payload": {"summary": "%s on db", "source": "db", "severity": "warning", "class": "%s"}}""".formatted(key, rule, rule));
        }
        JsonNode open = alerts("state=open");
        assertThat(open).hasSize(3);
        long first = open.get(0).path("id").asLong();
        assertThat(json(post("/api/v1/alerts/" + first + "/acknowledge", "")).path("status").asString()).isEqualTo("acknowledged");
        assertThat(json(post("/api/v1/alerts/" + first + "/resolve", "")).path("resolvedBy").asString()).isEqualTo("admin");
        for (JsonNode alert : open) {
            boolean actionable = !alert.path("alertClass").asString().equals("disk");
            assertThat(post("/api/v1/alerts/" + alert.path("id").asLong() + "/feedback", "{\"actionable\": " + actionable + "}").statusCode())
                    .isEqualTo(200);
        }
        assertThat(post("/api/v1/alerts/" + first + "/feedback", "{}").statusCode()).isEqualTo(422);
        JsonNode noise = json(get("/api/v1/reports/noise"));
        JsonNode disk = noise.valueStream().filter(row -> row.path("source").asString().equals("events-v2-" + id)
                && row.path("rule").asString().equals("disk")).findFirst().orElseThrow(() -> new AssertionError(noise.toString()));
        assertThat(disk.path("alerts").asInt()).isEqualTo(2);
        assertThat(disk.path("notActionable").asInt()).isEqualTo(2);
        assertThat(disk.path("actionablePercent").asInt()).isZero();
    }

    @Test
    void aMaintenanceWindowSuppressesNewAlertsAndThoseAlreadyOpenWhenItStarts() throws InterruptedException {
        String key = integration("events-v2", "");
        anonymous("/v2/enqueue", """
                {"routing_key": "%s", "dedup_key": "before", "event_action": "trigger",
                 "payload": {"summary": "opened before the window", "source": "db", "severity": "critical"}}""".formatted(key));
        Instant now = Instant.now();
        HttpResponse<String> window = post("/api/v1/maintenance-windows", """
                {"slug": "upgrade-%s", "name": "Postgres upgrade", "services": ["api-%s"], "start": "%s", "end": "%s"}"""
                .formatted(id, id, now.minusSeconds(60), now.plusSeconds(4)));
        assertThat(window.statusCode()).as(window.body()).isEqualTo(201);
        assertThat(json(window).path("active").path("end").asString()).isNotEmpty();

        anonymous("/v2/enqueue", """
                {"routing_key": "%s", "dedup_key": "during", "event_action": "trigger",
                 "payload": {"summary": "opened during the window", "source": "db", "severity": "critical"}}""".formatted(key));
        JsonNode during = alerts("state=open").valueStream().filter(alert -> alert.path("dedupKey").asString().equals("during")).findFirst().orElseThrow();
        // Suppressed, not hidden: it is in the inbox, marked with the window.
        assertThat(during.path("suppressedBy").asString()).isEqualTo("upgrade-" + id);

        // The sweep suppresses the alert opened before the window started, and its group stops being ready to page.
        sweeps.run(Instant.now());
        JsonNode before = alerts("state=open").valueStream().filter(alert -> alert.path("dedupKey").asString().equals("before")).findFirst().orElseThrow();
        assertThat(before.path("suppressedBy").asString()).isEqualTo("upgrade-" + id);
        JsonNode detail = json(get("/api/v1/alerts/" + before.path("id").asLong()));
        assertThat(detail.path("group").path("pageState").asString()).isEqualTo("suppressed");
        assertThat(kinds(detail.path("timeline"))).containsExactly("triggered", "suppressed");

        // When the window is over, what is still open is ready to page again (the scheduled sweep may get there first).
        Thread.sleep(Math.max(0, Duration.between(Instant.now(), now.plusSeconds(4)).toMillis() + 50));
        sweeps.run(Instant.now());
        JsonNode after = json(get("/api/v1/alerts/" + before.path("id").asLong()));
        assertThat(after.path("alert").path("suppressedBy").isNull()).isTrue();
        assertThat(after.path("group").path("pageState").asString()).isEqualTo("pending");
        assertThat(kinds(after.path("timeline"))).containsExactly("triggered", "suppressed", "unsuppressed");
    }

    @Test
    void alertsWithNoNewsAreAutoResolvedAfterTheIntegrationsTimeout() {
        String key = integration("events-v2", ", \"autoResolveAfter\": \"30m\"");
        anonymous("/v2/enqueue", """
                {"routing_key": "%s", "dedup_key": "quiet", "event_action": "trigger",
                 "payload": {"summary": "flaky thing", "source": "db", "severity": "warning"}}""".formatted(key));
        sweeps.run(Instant.now().plus(Duration.ofMinutes(10)));
        assertThat(alerts("state=open")).hasSize(1);
        sweeps.run(Instant.now().plus(Duration.ofMinutes(31)));
        assertThat(alerts("state=open")).isEmpty();
        JsonNode resolved = alerts("state=resolved").get(0);
        assertThat(resolved.path("resolvedBy").asString()).isEqualTo("andon");
    }

    @Test
    void theInboxFiltersByStateServiceTeamAndSeverity() {
        String key = integration("events-v2", "");
        for (String severity : new String[] {"critical", "warning"}) {
            anonymous("/v2/enqueue", """
                    {"routing_key": "%s", "event_action": "trigger", "payload": {"summary": "%s thing", "source": "db", "severity": "%s"}}"""
                    .formatted(key, severity, severity));
        }
        assertThat(alerts("severity=critical")).hasSize(1);
        assertThat(alerts("severity=warning&state=triggered")).hasSize(1);
        assertThat(json(get("/api/v1/alerts?service=web-" + id))).isEmpty();
        HttpResponse<String> bad = get("/api/v1/alerts?severity=urgent");
        assertThat(bad.statusCode()).isEqualTo(422);
        assertThat(bad.body()).contains("severity");
    }

    @Autowired
    org.springframework.boot.web.server.context.WebServerApplicationContext webServer;

    /**
     * Senders' connections stay open however many requests they send, and Tomcat keeps a request
     * processor for each of up to 1,024 connections (its default of 200 made every request beyond
     * 200 connections build one, and the old generation fill up: bench/RESULTS.md).
     */
    @Test
    void tomcatKeepsSendersConnectionsAndTheirRequestProcessors() {
        var tomcat = (org.springframework.boot.tomcat.TomcatWebServer) webServer.getWebServer();
        var protocol = (org.apache.coyote.http11.AbstractHttp11Protocol<?>) tomcat.getTomcat().getConnector().getProtocolHandler();
        assertThat(protocol.getProcessorCache()).isEqualTo(1024);
        assertThat(protocol.getMaxKeepAliveRequests()).isEqualTo(-1);
    }

    /** The kind of each line of an alert's timeline. */
    private static java.util.List<String> kinds(JsonNode timeline) {
        return fields(timeline, "kind");
    }

    /** One field of each element (not of the JSON inside it, such as an alert's custom details and their labels). */
    private static java.util.List<String> fields(JsonNode array, String name) {
        java.util.List<String> values = new java.util.ArrayList<>();
        for (JsonNode element : array) {
            values.add(element.path(name).asString());
        }
        return values;
    }
}
